package io.sightline.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Reads Oxford 5k / Paris 6k ground-truth folders ({@code <q>_query.txt}, {@code _good}, {@code _ok}, {@code _junk}). */
public final class OxfordGroundTruth {

    private static final String QUERY_SUFFIX = "_query.txt";

    private OxfordGroundTruth() {}

    /** All queries of the folder, sorted by name. */
    public static List<OxfordQuery> load(Path gtDir) throws IOException {
        List<Path> queryFiles;
        try (Stream<Path> files = Files.list(gtDir)) {
            queryFiles = files.filter(p -> p.getFileName().toString().endsWith(QUERY_SUFFIX))
                    .sorted()
                    .toList();
        }
        if (queryFiles.isEmpty()) {
            throw new IOException("no *" + QUERY_SUFFIX + " files in " + gtDir);
        }
        List<OxfordQuery> queries = new ArrayList<>();
        for (Path qf : queryFiles) {
            String file = qf.getFileName().toString();
            String name = file.substring(0, file.length() - QUERY_SUFFIX.length());
            String[] parts = Files.readString(qf).trim().split("\\s+");
            if (parts.length != 5) {
                throw new IOException(qf + ": expected 'IMAGE x1 y1 x2 y2', got '" + String.join(" ", parts) + "'");
            }
            // Oxford 5k prefixes query image names with "oxc1_"; the image files have no prefix.
            String image = parts[0].startsWith("oxc1_") ? parts[0].substring(5) : parts[0];
            Set<String> positives = new HashSet<>(names(gtDir.resolve(name + "_good.txt")));
            positives.addAll(names(gtDir.resolve(name + "_ok.txt")));
            Set<String> junk = new HashSet<>(names(gtDir.resolve(name + "_junk.txt")));
            try {
                queries.add(new OxfordQuery(
                        name,
                        image,
                        Double.parseDouble(parts[1]),
                        Double.parseDouble(parts[2]),
                        Double.parseDouble(parts[3]),
                        Double.parseDouble(parts[4]),
                        positives,
                        junk));
            } catch (NumberFormatException e) {
                throw new IOException(qf + ": bad box coordinates", e);
            }
        }
        return queries;
    }

    private static List<String> names(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file).stream()
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
