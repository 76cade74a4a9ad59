package io.sightline.whitening;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link Whitening} as one JSON file ({@code name}, {@code learnedFrom}, {@code outputDimension}, {@code mean},
 * row-major {@code projection}): how the default model, which is no bundle, carries what it learned
 * ({@code extract.whitening}). Bundles keep theirs as arrays of the bundle.
 */
public final class WhiteningFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The file's content. */
    public record Content(String name, String learnedFrom, int outputDimension, float[] mean, float[] projection) {
        public Whitening whitening() {
            return new Whitening(mean, projection, outputDimension, name);
        }
    }

    private WhiteningFile() {
    }

    /** The whitening, named after its content too ({@code pcaw320p0.25@1a2b3c4d}): two files, two model versions. */
    public static Whitening read(Path file) throws IOException {
        try {
            Content c = JSON.readValue(file.toFile(), Content.class);
            int digest = 31 * java.util.Arrays.hashCode(c.mean()) + java.util.Arrays.hashCode(c.projection());
            return new Whitening(c.mean(), c.projection(), c.outputDimension(),
                    c.name() + "@" + String.format("%08x", digest));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    public static void write(Path file, Whitening w, String learnedFrom) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), new Content(w.name(), learnedFrom, w.outputDimension(), w.mean(), w.projection()));
    }
}
