package io.sightline.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The photos of a folder as every command reads them: the files whose extension names an image format the
 * decoder takes, each known by its file name without the extension (as Oxford ground truth names them). Ingest,
 * training and evaluation thus see the same photos of a folder, whether a camera wrote {@code .JPG}, a phone
 * {@code .jpeg} or a web page {@code .png}.
 */
public final class ImageFiles {

    /** Extensions of the formats {@link ImageDecoder} reads, lower case; the first wins where names collide. */
    public static final List<String> EXTENSIONS = List.of("jpg", "jpeg", "png", "webp", "bmp", "gif", "tif", "tiff");

    private ImageFiles() {}

    /** Whether the file's extension (any case) is one of {@link #EXTENSIONS}. */
    public static boolean isImage(Path file) {
        return extension(file).map(EXTENSIONS::contains).orElse(false);
    }

    /** The photo's name: its file name without the extension. */
    public static String name(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /**
     * The folder's photos, sorted by name. Two files of one name ({@code a.jpg} and {@code a.png}) are refused:
     * ground truth could not say which one it means.
     */
    public static List<Path> list(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = new ArrayList<>(
                    s.filter(Files::isRegularFile).filter(ImageFiles::isImage).toList());
        }
        files.sort((a, b) -> {
            int byName = name(a).compareTo(name(b));
            return byName != 0 ? byName : a.getFileName().compareTo(b.getFileName());
        });
        Map<String, Path> seen = new HashMap<>();
        for (Path f : files) {
            Path other = seen.putIfAbsent(name(f), f);
            if (other != null) {
                throw new IOException("two photos named '" + name(f) + "' in " + dir + ": " + other.getFileName()
                        + " and " + f.getFileName() + "; keep one");
            }
        }
        return files;
    }

    /** The photo called {@code name} in {@code dir}, with whichever image extension it has (any case). */
    public static Optional<Path> find(Path dir, String name) {
        for (String ext : EXTENSIONS) {
            for (String e : List.of(ext, ext.toUpperCase(Locale.ROOT))) {
                Path f = dir.resolve(name + "." + e);
                if (Files.isRegularFile(f)) {
                    return Optional.of(f);
                }
            }
        }
        return Optional.empty();
    }

    /** As {@link #find}, or an error that names the folder and the extensions tried. */
    public static Path require(Path dir, String name) throws IOException {
        return find(dir, name)
                .orElseThrow(() -> new IOException("no photo named '" + name + "' in " + dir + " (looked for ."
                        + String.join(", .", EXTENSIONS) + ")"));
    }

    private static Optional<String> extension(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? Optional.of(n.substring(dot + 1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }
}
