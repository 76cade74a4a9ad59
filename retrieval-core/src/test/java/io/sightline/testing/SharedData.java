package io.sightline.testing;

import io.sightline.data.DatasetLocations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;

/**
 * The models and photos tests run on, read in place (never copied into a test's resources): the backbone and the
 * 40-photo sample that ship with the repository, and the full 250-photo Paris subset in the shared folder beside it
 * (system property {@code sightline.shared}, which Surefire sets). Tests that need the full subset are skipped, with
 * the reason, where it is absent (a bare clone); CI has it, so they run there.
 */
public final class SharedData {

    private SharedData() {}

    /** The repository's locations, with the Paris subset where Surefire says the shared folder is. */
    public static DatasetLocations locations() {
        String root = System.getProperty("sightline.root");
        if (root == null || root.isBlank()) {
            throw new IllegalStateException("system property sightline.root is not set (Surefire sets it)");
        }
        String shared = System.getProperty("sightline.shared");
        return DatasetLocations.of(
                Path.of(root),
                shared == null || shared.isBlank()
                        ? ""
                        : Path.of(shared).resolve("data/paris6k_subset").toString());
    }

    public static Path backboneOnnx() {
        return locations().backboneOnnx();
    }

    /** The float TorchScript copy of the backbone ({@code mobilenetv2-float-features.pt}), for the PyTorch engine. */
    public static Path backboneTorchScript() {
        return locations().backboneTorchScript();
    }

    /** The in-repository sample (always present). */
    public static DatasetLocations.Dataset sample() {
        return locations().sample();
    }

    /** The full subset, or skips the calling test where it is absent. */
    public static DatasetLocations.Dataset paris() {
        DatasetLocations.Dataset paris = locations().paris();
        Assumptions.assumeTrue(
                paris.present(),
                () -> "needs " + paris.description() + " at " + paris.dir()
                        + " (the shared folder beside the repository; CI has it)");
        return paris;
    }

    public static Path parisImages() {
        return paris().images();
    }

    public static Path parisGroundTruth() {
        return paris().groundTruth();
    }

    /** A photo by name: from the full subset, else from the sample where it has it, else the test is skipped. */
    public static Path parisImage(String name) {
        DatasetLocations.Dataset full = locations().paris();
        if (full.present()) {
            return full.images().resolve(name + ".jpg");
        }
        Path inSample = sample().images().resolve(name + ".jpg");
        Assumptions.assumeTrue(
                Files.isRegularFile(inSample),
                () -> "needs " + name + ", which is in " + full.description() + " at " + full.dir()
                        + " but not in the in-repository sample");
        return inSample;
    }

    /**
     * {@code n} real Paris photos spread over the five landmarks (sorted by name): from the full subset (n &lt;= 250),
     * else from the in-repository sample (n &lt;= 40), else the test is skipped.
     */
    public static List<Path> photos(int n) {
        DatasetLocations.Dataset full = locations().paris();
        DatasetLocations.Dataset from = full.present() ? full : sample();
        List<Path> all;
        try (var files = Files.list(from.images())) {
            all = files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + from.images(), e);
        }
        Assumptions.assumeTrue(
                n <= all.size(),
                () -> "needs " + n + " photos; " + from.description() + " has " + all.size()
                        + " (the full subset is not at " + full.dir() + ")");
        int perLandmark = all.size() / 5;
        return IntStream.range(0, n)
                .mapToObj(i -> all.get((i * perLandmark + i / 5) % all.size()))
                .toList();
    }
}
