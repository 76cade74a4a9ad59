package io.sightline.testing;

import java.nio.file.Path;

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

    public static Path parisImages() {
        return root().resolve("data/paris6k_subset/images");
    }

    public static Path parisGroundTruth() {
        return root().resolve("data/paris6k_subset/gt");
    }

    public static Path parisImage(String name) {
        return parisImages().resolve(name + ".jpg");
    }
}
