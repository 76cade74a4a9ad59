package io.sightline.eval;

import java.util.List;
import java.util.Set;

/**
 * A train/test split by landmark, read from Paris-style image names {@code paris_<landmark>_NNNNNN}. Supervised
 * parts (Lw, REMAP weights, GeM power) learn only from images of training landmarks; evaluation uses the
 * queries whose query image belongs to a test landmark, against the whole database. The name prefix is also the
 * training label: images of one landmark are treated as matching.
 */
public record LandmarkSplit(Set<String> trainingLandmarks) {

    public LandmarkSplit {
        trainingLandmarks = Set.copyOf(trainingLandmarks);
    }

    /** {@code paris_defense_000056} → {@code defense}; names without that shape are their own landmark. */
    public static String landmark(String imageName) {
        String[] parts = imageName.split("_");
        return parts.length >= 3 ? parts[1] : imageName;
    }

    public boolean isTraining(String imageName) {
        return trainingLandmarks.contains(landmark(imageName));
    }

    public List<OxfordQuery> testQueries(List<OxfordQuery> queries) {
        return queries.stream().filter(q -> !isTraining(q.imageName())).toList();
    }

    public List<String> trainingImages(List<String> imageNames) {
        return imageNames.stream().filter(this::isTraining).toList();
    }

    public String name() {
        return "train=" + String.join("+", trainingLandmarks.stream().sorted().toList());
    }
}
