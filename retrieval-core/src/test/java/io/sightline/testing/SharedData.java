package io.sightline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/** Paths of the shared, read-only models and data sets; never copied into the repository. */
public final class SharedData {

    private SharedData() {
    }

    public static Path root() {
        String p = System.getProperty("sightline.shared");
        if (p == null || p.isBlank()) {
            throw new IllegalStateException("system property sightline.shared is not set (Surefire sets it)");
        }
        return Path.of(p);
    }

    public static Path backboneOnnx() {
        return root().resolve("models/mobilenetv2-12-int8-features.onnx");
    }

    /** The float TorchScript copy of the backbone ({@code mobilenetv2-float-features.pt}), for the PyTorch engine. */
    public static Path backboneTorchScript() {
        return root().resolve("models/mobilenetv2-float-features.pt");
    }

    public static Path parisImages() {
        return root().resolve("data/paris6k_subset/images");
    }

    public static Path parisGroundTruth() {
        return root().resolve("data/paris6k_subset/gt");
    }

    public static Path parisImage(String name) {
        return parisImages().resolve(name + ".jpg");
    }

    /** {@code n} real Paris photos (n &lt;= 250), spread over the five landmarks (50 photos each, sorted by name). */
    public static List<Path> photos(int n) {
        try (var files = Files.list(parisImages())) {
            List<Path> all = files.sorted().toList();
            return IntStream.range(0, n).mapToObj(i -> all.get((i * 50 + i / 5) % all.size())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + parisImages(), e);
        }
    }
}
