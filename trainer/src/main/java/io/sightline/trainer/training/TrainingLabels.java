package io.sightline.trainer.training;

import io.sightline.eval.OxfordGroundTruth;
import io.sightline.eval.OxfordQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where training labels come from, restricted to the training landmarks: an image is used only if its name
 * starts with one of the training prefixes and its file is in the images folder, so training never sees an
 * image of a test landmark, whatever the label source lists.
 */
public final class TrainingLabels {

    private TrainingLabels() {}

    /**
     * From Oxford-format ground truth: the positives of each query of a training landmark get the query's landmark
     * as label ({@code defense_4} → {@code defense}); an image listed under two labels is dropped as ambiguous.
     */
    public static LabelledImages fromOxfordGroundTruth(Path gtDir, Path imagesDir, List<String> trainPrefixes)
            throws IOException {
        Map<String, String> labels = new TreeMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (OxfordQuery q : OxfordGroundTruth.load(gtDir)) {
            if (!isTraining(q.imageName(), trainPrefixes)) {
                continue;
            }
            String label = q.name().replaceFirst("_\\d+$", "");
            for (String image : q.positives()) {
                String previous = labels.putIfAbsent(image, label);
                if (previous != null && !previous.equals(label)) {
                    ambiguous.add(image);
                }
            }
        }
        ambiguous.forEach(labels::remove);
        return restrict(labels, imagesDir, trainPrefixes);
    }

    /** From an {@code image<TAB>label} file (image names with or without {@code .jpg}). */
    public static LabelledImages fromFile(Path file, Path imagesDir, List<String> trainPrefixes) throws IOException {
        Map<String, String> labels = new TreeMap<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file)) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t");
            if (parts.length != 2) {
                throw new IOException(file + ":" + lineNo + ": expected 'image<TAB>label', got '" + line + "'");
            }
            labels.put(parts[0].trim().replaceFirst("\\.jpg$", ""), parts[1].trim());
        }
        return restrict(labels, imagesDir, trainPrefixes);
    }

    public static boolean isTraining(String imageName, List<String> trainPrefixes) {
        return trainPrefixes.stream().anyMatch(imageName::startsWith);
    }

    private static LabelledImages restrict(Map<String, String> labels, Path imagesDir, List<String> trainPrefixes) {
        if (trainPrefixes.isEmpty()) {
            throw new IllegalArgumentException("no training prefixes: training must name the landmarks it may see");
        }
        List<String> names = labels.keySet().stream()
                .filter(n -> isTraining(n, trainPrefixes))
                .filter(n -> Files.isRegularFile(imagesDir.resolve(n + ".jpg")))
                .toList();
        return new LabelledImages(names, names.stream().map(labels::get).toList());
    }
}
