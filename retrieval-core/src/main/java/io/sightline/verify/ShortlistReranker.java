package io.sightline.verify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The one shortlist-verification algorithm of search and eval ({@link ShortlistVerification}): a {@link Session}
 * per query verifies candidates lazily, once each (both rounds of an expanded search share most of their
 * shortlist), re-orders the first k of a ranking by the combined score and tells which hits are verified enough to
 * expand the query. Generic in the hit type so that the exact evaluation (database indices) and the live search
 * (image ids across shards) run the same code. Thread-safe; a session belongs to one query.
 */
public final class ShortlistReranker {

    private final ShortlistVerification settings;
    private final GeometricVerifier verifier;

    public ShortlistReranker(ShortlistVerification settings) {
        this.settings = settings;
        this.verifier = new GeometricVerifier(settings.verifier());
    }

    public ShortlistVerification settings() {
        return settings;
    }

    public GeometricVerifier verifier() {
        return verifier;
    }

    /**
     * A query's verification state.
     *
     * @param query    the query's local features
     * @param features the stored local features of a candidate, empty if it has none (an image indexed before
     *                 features were stored, or gone): such a candidate keeps its global score and is not verified
     * @param inliers  where inlier counts are kept (thread-safe: verifications run in parallel); pass a shared
     *                 map to reuse them across settings (eval sweeps)
     */
    public <K> Session<K> session(
            LocalFeatures query, Function<K, Optional<LocalFeatures>> features, Map<K, Integer> inliers) {
        return new Session<>(query, features, inliers);
    }

    public <K> Session<K> session(LocalFeatures query, Function<K, Optional<LocalFeatures>> features) {
        return session(query, features, new ConcurrentHashMap<>());
    }

    /** A hit after re-ranking, with its inliers (-1: not verified) and combined score. */
    public record Reranked<T>(T hit, int inliers, double score) {}

    public final class Session<K> {
        private final LocalFeatures query;
        private final Function<K, Optional<LocalFeatures>> features;
        private final Map<K, Integer> inliers;

        private Session(LocalFeatures query, Function<K, Optional<LocalFeatures>> features, Map<K, Integer> inliers) {
            this.query = query;
            this.features = features;
            this.inliers = inliers;
        }

        /** Inliers of the query against {@code key}; -1 when the candidate has no local features. */
        public int inliers(K key) {
            Integer known = inliers.get(key);
            if (known != null) {
                return known;
            }
            int counted = features.apply(key)
                    .map(f -> verifier.verify(query, f).inliers())
                    .orElse(-1);
            inliers.put(key, counted);
            return counted;
        }

        /** The full verification (inlier point pairs) of the query against {@code key}, for explaining a hit. */
        public Optional<Verification> explain(K key) {
            return features.apply(key).map(f -> verifier.verify(query, f));
        }

        /** Whether {@code key} has been verified with at least the rule's minimum inliers. */
        public boolean verified(K key) {
            Integer known = inliers.get(key);
            return known != null && known >= Math.max(1, settings.rule().minInliers());
        }

        /**
         * {@code ranked} with its first k hits verified and ordered by the combined score (ties: the earlier hit
         * first); the rest follow in their order, unverified.
         */
        public <T> List<Reranked<T>> rerank(List<T> ranked, Function<T, K> key, ToDoubleFunction<T> score) {
            int k = Math.min(settings.k(), ranked.size());
            // Verifications are independent: run the missing ones on all cores (a query's latency), then read them.
            ranked.subList(0, k).parallelStream()
                    .map(key)
                    .filter(id -> !inliers.containsKey(id))
                    .forEach(this::inliers);
            List<Reranked<T>> head = new ArrayList<>(k);
            for (T hit : ranked.subList(0, k)) {
                int n = inliers(key.apply(hit));
                double global = score.applyAsDouble(hit);
                head.add(new Reranked<>(hit, n, n < 0 ? global : settings.rule().score(global, n)));
            }
            // A stable sort: equal scores keep the global order.
            head.sort(Comparator.comparingDouble((Reranked<T> r) -> r.score()).reversed());
            List<Reranked<T>> out = new ArrayList<>(ranked.size());
            out.addAll(head);
            for (T hit : ranked.subList(k, ranked.size())) {
                out.add(new Reranked<>(hit, -1, score.applyAsDouble(hit)));
            }
            return out;
        }
    }
}
