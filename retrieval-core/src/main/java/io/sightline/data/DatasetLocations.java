package io.sightline.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The one owner of model and data locations, so that no command hard-codes a path: the backbone that ships in
 * {@code models/}, the 40-photo sample in {@code data/paris-sample}, and the full 250-photo Paris 6k subset, which
 * does not ship (research-only photos, 93 MB) and is expected beside the repository unless configured elsewhere.
 * Relative locations resolve against the repository root.
 */
public final class DatasetLocations {
    /** The default backbone, relative to the repository root. */
    public static final String BACKBONE_ONNX = "models/mobilenetv2-12-int8-features.onnx";
    /** The same backbone as float TorchScript, for the PyTorch engine (training). */
    public static final String BACKBONE_TORCHSCRIPT = "models/mobilenetv2-float-features.pt";
    /** The in-repository sample: 8 photos of each of the 5 landmarks and 9 queries. */
    public static final String SAMPLE = "data/paris-sample";
    /** Where CI machines and the team's checkouts have the full subset: a read-only folder beside the repository. */
    public static final String DEFAULT_PARIS = "../shared/data/paris6k_subset";
    /** The setting (config key {@code data.paris}, variable {@code SIGHTLINE_DATA_PARIS}) that moves it. */
    public static final String PARIS_SETTING = "data.paris / SIGHTLINE_DATA_PARIS";

    /** An image folder with its Oxford-format ground truth: {@code images/} and {@code gt/} under {@code dir}. */
    public record Dataset(String description, Path dir) {
        public Path images() {
            return dir.resolve("images");
        }

        public Path groundTruth() {
            return dir.resolve("gt");
        }

        /** Whether the folder holds at least one image. */
        public boolean present() {
            if (!Files.isDirectory(images())) {
                return false;
            }
            try (Stream<Path> files = Files.list(images())) {
                return files.findAny().isPresent();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + images(), e);
            }
        }
    }

    private final Path root;
    private final Path paris;

    private DatasetLocations(Path root, Path paris) {
        this.root = root;
        this.paris = paris;
    }

    /**
     * @param root    the repository root
     * @param paris   where the full Paris subset is; blank for {@link #DEFAULT_PARIS}; relative to {@code root}
     */
    public static DatasetLocations of(Path root, String paris) {
        Path r = root.toAbsolutePath().normalize();
        return new DatasetLocations(
                r,
                r.resolve(paris == null || paris.isBlank() ? DEFAULT_PARIS : paris)
                        .normalize());
    }

    public Path root() {
        return root;
    }

    public Path backboneOnnx() {
        return root.resolve(BACKBONE_ONNX);
    }

    public Path backboneTorchScript() {
        return root.resolve(BACKBONE_TORCHSCRIPT);
    }

    /** The full 250-photo Paris 6k subset with its 12 queries (may be absent: see {@link #requirePresent}). */
    public Dataset paris() {
        return new Dataset("the Paris 6k subset (250 photos, 12 queries)", paris);
    }

    /** The 40-photo sample that ships with the repository. */
    public Dataset sample() {
        return new Dataset("the in-repository Paris sample (40 photos, 9 queries)", root.resolve(SAMPLE));
    }

    /** The full subset where it is present, else the sample, so that a fresh clone works out of the box. */
    public Dataset parisOrSample() {
        Dataset full = paris();
        return full.present() ? full : sample();
    }

    /**
     * {@code dataset} itself, or a {@link MissingDataException} that says where to put it and what runs
     * without it.
     */
    public Dataset requirePresent(Dataset dataset) {
        if (!dataset.present()) {
            throw new MissingDataException(missing(dataset));
        }
        return dataset;
    }

    /** {@code folder}, given by the user or a setting, or a {@link MissingDataException} naming it. */
    public static Path requireFolder(Path folder, String what) {
        if (!Files.isDirectory(folder)) {
            throw new MissingDataException(
                    what + " not found: " + folder.toAbsolutePath().normalize() + " is not a folder");
        }
        return folder;
    }

    /** {@code file}, given by the user or a setting, or a {@link MissingDataException} naming it. */
    public static Path requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new MissingDataException(
                    what + " not found: " + file.toAbsolutePath().normalize() + " (the repository ships "
                            + BACKBONE_ONNX + " and " + BACKBONE_TORCHSCRIPT + ")");
        }
        return file;
    }

    private String missing(Dataset dataset) {
        if (dataset.dir().equals(paris)) {
            return dataset.description() + " is not at " + paris + ": put it there (images/ with the JPEGs, gt/ with "
                    + "the Oxford-format ground truth; see " + SAMPLE + "/README.md for where it comes from), point "
                    + PARIS_SETTING + " at it, or pass the folders as options. Without it, './sightline demo' and "
                    + "'./sightline eval' run on " + sample().description() + ".";
        }
        return dataset.description() + " is missing at " + dataset.dir() + " (is this a complete checkout?)";
    }

    /** Thrown where a command's data is not where it should be; its message says what to do. */
    public static final class MissingDataException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public MissingDataException(String message) {
            super(message);
        }
    }
}
