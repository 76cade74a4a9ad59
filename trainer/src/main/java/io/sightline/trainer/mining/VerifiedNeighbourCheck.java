package io.sightline.trainer.mining;

import io.sightline.pooling.Vectors;
import io.sightline.verify.GeometricVerifier;
import io.sightline.verify.LocalFeatures;
import io.sightline.verify.ShortlistVerification;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A label-free check of a model that does not depend on what the mining clustered: for each query image, the share
 * of its k nearest images under the model that verify against it (at least {@code minInliers} inliers of the local
 * features, which do not change with the head). A model that ranks images of the same building first scores higher,
 * whatever the pseudo-landmarks. Verifications are kept by pair, so checking many epochs costs each pair once.
 */
public final class VerifiedNeighbourCheck {

    private final Map<String, LocalFeatures> locals;
    private final int k;
    private final int minInliers;
    private final GeometricVerifier verifier =
            new GeometricVerifier(ShortlistVerification.defaults().verifier());
    private final Map<String, Integer> inliers = new ConcurrentHashMap<>();

    public VerifiedNeighbourCheck(Map<String, LocalFeatures> locals, int k, int minInliers) {
        this.locals = Map.copyOf(locals);
        this.k = k;
        this.minInliers = minInliers;
    }

    /** Mean share of verified images among each query's k nearest neighbours under {@code vectors}. */
    public double precision(Map<String, float[]> vectors, Collection<String> queries) {
        List<String> names = List.copyOf(vectors.keySet());
        return queries.parallelStream()
                .filter(vectors::containsKey)
                .mapToDouble(q -> {
                    float[] v = vectors.get(q);
                    List<String> nearest = names.stream()
                            .filter(n -> !n.equals(q))
                            .sorted(Comparator.comparingDouble((String n) -> -Vectors.dot(v, vectors.get(n)))
                                    .thenComparing(n -> n))
                            .limit(k)
                            .toList();
                    long verified = nearest.stream()
                            .filter(n -> inliers(q, n) >= minInliers)
                            .count();
                    return (double) verified / Math.max(1, nearest.size());
                })
                .average()
                .orElse(Double.NaN);
    }

    private int inliers(String a, String b) {
        String key = a.compareTo(b) < 0 ? a + "\u0000" + b : b + "\u0000" + a;
        return inliers.computeIfAbsent(
                key, x -> verifier.verify(locals.get(a), locals.get(b)).inliers());
    }
}
