package io.sightline.expansion;

import java.util.List;

/** Rewrites a query from its first-round neighbours; the caller searches again with the result. */
public interface QueryExpansion {

    /** @param ranked first-round results, best first; implementations read only the top few */
    float[] expand(float[] query, List<ScoredVector> ranked);

    /** How many first-round results {@link #expand} reads at most (0: it reads none). */
    default int neighbours() {
        return 0;
    }

    /** The specification it is parsed from, e.g. {@code avg:5:0.2} (io.sightline.eval.PostProcessing). */
    String spec();

    /** Short tag for reports, e.g. {@code aqe5}. */
    String name();

    /** No expansion (a record, so settings that parse back from their specs compare equal). */
    static QueryExpansion none() {
        return new None();
    }

    /** The query as it is. */
    record None() implements QueryExpansion {
        @Override
        public float[] expand(float[] query, List<ScoredVector> ranked) {
            return query.clone();
        }

        @Override
        public String name() {
            return "noqe";
        }

        @Override
        public String spec() {
            return "none";
        }
    }
}
