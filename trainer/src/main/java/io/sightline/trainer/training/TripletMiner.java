package io.sightline.trainer.training;

import io.sightline.pooling.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds one triplet per anchor from descriptors of the current model: a random image of the anchor's label as
 * positive, and the hardest negative, the image of another label most similar to the anchor. Anchors without
 * another image of their label, or without any image of another label, give no triplet. Deterministic for a
 * given {@link Random}.
 */
public final class TripletMiner {

    private final Random random;

    public TripletMiner(Random random) {
        this.random = random;
    }

    /** @param descriptors unit vectors in the order of {@code labels} */
    public List<Triplet> mine(List<float[]> descriptors, List<String> labels) {
        if (descriptors.size() != labels.size()) {
            throw new IllegalArgumentException(descriptors.size() + " descriptors for " + labels.size() + " labels");
        }
        List<Triplet> triplets = new ArrayList<>();
        for (int a = 0; a < labels.size(); a++) {
            List<Integer> positives = new ArrayList<>();
            int hardest = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < labels.size(); i++) {
                if (i == a) {
                    continue;
                }
                if (labels.get(i).equals(labels.get(a))) {
                    positives.add(i);
                } else {
                    double s = Vectors.dot(descriptors.get(a), descriptors.get(i));
                    if (s > best) {
                        best = s;
                        hardest = i;
                    }
                }
            }
            if (!positives.isEmpty() && hardest >= 0) {
                triplets.add(new Triplet(a, positives.get(random.nextInt(positives.size())), hardest));
            }
        }
        return triplets;
    }
}
