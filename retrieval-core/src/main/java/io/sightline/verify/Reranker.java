package io.sightline.verify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Re-orders a global-descriptor shortlist by geometric verification. {@link #order} is the pure rule over already
 * verified candidates (for sweeping {@link RerankParams} without re-verifying); {@link #rerank} verifies the query
 * against each candidate first. No I/O; thread-safe.
 */
public final class Reranker {

    /** A shortlist entry to verify: its id, its global similarity to the query and its stored local features. */
    public record Candidate(String id, double globalScore, LocalFeatures features) {}

    /** A shortlist entry after verification, with its inliers against the query. */
    public record Verified(String id, double globalScore, int inliers) {}

    /** A re-ranked entry: its combined {@link RerankParams#score}, with the parts it came from. */
    public record Ranked(String id, double globalScore, int inliers, double score) {}

    private static final Comparator<Ranked> ORDER = Comparator.comparingDouble(Ranked::score)
            .reversed()
            .thenComparing(Comparator.comparingDouble(Ranked::globalScore).reversed())
            .thenComparing(Ranked::id);

    private final GeometricVerifier verifier;
    private final RerankParams params;

    public Reranker(GeometricVerifier verifier, RerankParams params) {
        this.verifier = verifier;
        this.params = params;
    }

    /** Verifies {@code query} against every candidate and orders them by {@link #order}. */
    public List<Ranked> rerank(LocalFeatures query, List<Candidate> shortlist) {
        List<Verified> verified = new ArrayList<>(shortlist.size());
        for (Candidate c : shortlist) {
            verified.add(new Verified(
                    c.id(),
                    c.globalScore(),
                    verifier.verify(query, c.features()).inliers()));
        }
        return order(verified, params);
    }

    /** The shortlist ordered by combined score, ties by global score, then id. */
    public static List<Ranked> order(List<Verified> shortlist, RerankParams params) {
        List<Ranked> out = new ArrayList<>(shortlist.size());
        for (Verified v : shortlist) {
            out.add(new Ranked(v.id(), v.globalScore(), v.inliers(), params.score(v.globalScore(), v.inliers())));
        }
        out.sort(ORDER);
        return List.copyOf(out);
    }
}
