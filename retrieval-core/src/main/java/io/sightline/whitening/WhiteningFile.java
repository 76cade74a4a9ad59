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

    private WhiteningFile() {}

    /** Where a location names a class-path resource rather than a file: {@code classpath:default-model/x.json}. */
    public static final String CLASSPATH = "classpath:";

    /**
     * Reads {@code location}: a class-path resource ({@link #CLASSPATH}, how the default model ships its own, so it
     * is found whatever the working directory) or a file resolved against {@code root}.
     */
    public static Whitening read(String location, Path root) throws IOException {
        if (location.startsWith(CLASSPATH)) {
            String name = location.substring(CLASSPATH.length());
            try (var in = WhiteningFile.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new IOException("no class-path resource " + name);
                }
                return whitening(JSON.readValue(in, Content.class));
            }
        }
        return read(root.resolve(location).normalize());
    }

    /** The whitening, named after its content too ({@code pcaw320p0.25@1a2b3c4d}): two files, two model versions. */
    public static Whitening read(Path file) throws IOException {
        return whitening(JSON.readValue(file.toFile(), Content.class));
    }

    private static Whitening whitening(Content c) throws IOException {
        try {
            int digest = 31 * java.util.Arrays.hashCode(c.mean()) + java.util.Arrays.hashCode(c.projection());
            return new Whitening(
                    c.mean(),
                    c.projection(),
                    c.outputDimension(),
                    c.name() + "@" + String.format(java.util.Locale.ROOT, "%08x", digest));
        } catch (IllegalArgumentException e) {
            throw new IOException("whitening " + c.name() + ": " + e.getMessage(), e);
        }
    }

    public static void write(Path file, Whitening w, String learnedFrom) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(
                file.toFile(), new Content(w.name(), learnedFrom, w.outputDimension(), w.mean(), w.projection()));
    }
}
