package io.sightline.search;

import io.sightline.expansion.DatabaseAugmentation;
import io.sightline.expansion.QueryExpansion;
import io.sightline.expansion.ScoredVector;
import io.sightline.expansion.SuperGlobalRerank;
import io.sightline.index.SearchHit;
import io.sightline.match.MatchThresholds;
import io.sightline.pooling.Vectors;
import io.sightline.verify.LocalFeatures;
import io.sightline.verify.PointMatch;
import io.sightline.verify.ShortlistReranker;
import io.sightline.verify.ShortlistVerification;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link SearchQuery} becomes a page of hits, whatever answers the rounds (this instance's shards, or a fan-out
 * over the instances that own them): database-side augmentation on a shortlist, query expansion from the vectors of
 * the best hits and a second round, SuperGlobal re-ranking of the last round's first M hits from their stored
 * vectors, geometric verification of its shortlist, copies first, then offset and minimum score. One implementation,
 * so a fan-out ranks exactly as one instance does, and the same order as {@code PostProcessing} in the evaluation.
 *
 * <p>DBA at query time (docs/decisions/016): a round fetches the best {@code max(wanted, shortlist)} hits by raw
 * vector, augments each from its own k raw nearest neighbours in the live index (one neighbour search per hit, the
 * hit itself left out), and re-ranks the shortlist by the dot product of the query with the augmented vectors.
 * Neighbours come from the index as it is at query time, so DBA never goes stale as images arrive or leave. Query
 * expansion then reads the augmented vectors of the best hits, as offline QE over a DBA'd database does.
 */
public final class ExpandedSearch {

    /** One round of nearest-neighbour search, and the stored vectors query expansion and DBA read. */
    public interface Rounds {
        /**
         * Best {@code k} hits for {@code vector} under the query's mode and filters, ranked from 1.
         *
         * @param withVectors how many of the best hits {@link #vector} will be asked about (a fan-out fetches
         *                    their vectors with the hits)
         */
        List<SearchHit> search(float[] vector, int k, int withVectors);

        /**
         * Best {@code k} hits for {@code vector} in the whole index (the query's mode, no filters: DBA is a property
         * of the database, not of one query), all of whose vectors {@link #vector} will be asked about.
         */
        List<SearchHit> neighbours(float[] vector, int k);

        /** The stored vector of an image among the hits of an earlier round or neighbour search. */
        Optional<float[]> vector(String imageId);

        /**
         * As {@link #search(float[], int, int)}, when the first {@code withLocal} hits will be verified: a fan-out
         * fetches their local features with the hits.
         */
        default List<SearchHit> search(float[] vector, int k, int withVectors, int withLocal) {
            return search(vector, k, withVectors);
        }

        /** The stored local features of an image among the hits of an earlier round; empty if it has none. */
        default Optional<LocalFeatures> localFeatures(String imageId) {
            return Optional.empty();
        }
    }

    /**
     * A page of hits and, when the query asked to explain, the inlier point pairs of each verified hit (query
     * pixels to result pixels, both in their original images), by image id.
     */
    public record Result(List<SearchHit> hits, Map<String, List<PointMatch>> matches) {
        public Result {
            hits = List.copyOf(hits);
            matches = Map.copyOf(matches);
        }
    }

    private final QueryExpansion expansion;
    private final int neighbours;
    private final Optional<DatabaseAugmentation> augmentation;
    private final int shortlist;
    private final MatchThresholds matching;
    private final ShortlistVerification verification;
    private final Optional<SuperGlobalRerank> superGlobal;

    /** Query expansion only, no DBA. */
    public ExpandedSearch(QueryExpansion expansion, int neighbours) {
        this(expansion, neighbours, Optional.empty(), 0);
    }

    /**
     * @param expansion    what {@link SearchQuery#expand()} applies; {@link QueryExpansion#none()} for none
     * @param neighbours   how many first-round hits the expansion reads (its k); 0 disables expansion
     * @param augmentation database-side augmentation applied to every round's shortlist; empty for none
     * @param shortlist    how many raw hits each round re-ranks by augmented vectors (at least the hits wanted)
     */
    public ExpandedSearch(
            QueryExpansion expansion, int neighbours, Optional<DatabaseAugmentation> augmentation, int shortlist) {
        this(expansion, neighbours, augmentation, shortlist, MatchThresholds.none());
    }

    /**
     * @param matching the model's match thresholds: hits whose raw similarity reaches {@code duplicate} are ranked
     *                 first (copies first, whatever expansion does), and every hit's similarity is reported
     */
    public ExpandedSearch(
            QueryExpansion expansion,
            int neighbours,
            Optional<DatabaseAugmentation> augmentation,
            int shortlist,
            MatchThresholds matching) {
        this(
                expansion,
                neighbours,
                augmentation,
                shortlist,
                matching,
                ShortlistVerification.defaults(),
                Optional.empty());
    }

    /**
     * @param verification how a query that asks to verify ({@link SearchQuery#verify()} hits per round) re-ranks
     *                     them; its k is the default of queries that do not say
     * @param superGlobal re-ranks the last round's first M hits of a query that expands ({@link SearchQuery#expand()}),
     *                    before verification, from their stored vectors ({@link SuperGlobalRerank}); empty for none
     */
    public ExpandedSearch(
            QueryExpansion expansion,
            int neighbours,
            Optional<DatabaseAugmentation> augmentation,
            int shortlist,
            MatchThresholds matching,
            ShortlistVerification verification,
            Optional<SuperGlobalRerank> superGlobal) {
        this.superGlobal = Objects.requireNonNull(superGlobal, "superGlobal");
        this.verification = Objects.requireNonNull(verification, "verification");
        this.matching = Objects.requireNonNull(matching, "matching");
        this.expansion = Objects.requireNonNull(expansion, "expansion");
        this.neighbours = neighbours;
        this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
        this.shortlist = shortlist;
        if (augmentation.isPresent() && shortlist < 1) {
            throw new IllegalArgumentException("DBA needs a shortlist of at least 1, got " + shortlist);
        }
    }

    /** How many first-round hits the expansion reads the vectors of (0 when it is off). */
    public int neighbours() {
        return neighbours;
    }

    /**
     * The page of hits {@code query} asks for, ranks counted from the first hit overall. Each hit carries its raw
     * similarity to the query; copies of the query (raw similarity at the duplicate threshold) come first.
     */
    public List<SearchHit> run(SearchQuery query, Rounds rounds) {
        return runExplained(query, rounds).hits();
    }

    /**
     * As {@link #run}, with the matches of verified hits when {@link SearchQuery#explain()}. When the query
     * verifies, each round's first {@link SearchQuery#verify()} hits are verified and re-ordered by
     * {@link io.sightline.verify.RerankParams#score} (a verified hit's score is that combined score), and query
     * expansion reads only verified hits ({@link ShortlistReranker}), exactly as the evaluation does.
     */
    public Result runExplained(SearchQuery query, Rounds rounds) {
        int wanted = query.offset() + query.k();
        Run run = new Run(rounds);
        int asked = query.verify() < 0 ? verification.k() : query.verify();
        Optional<ShortlistReranker.Session<String>> session =
                asked > 0 && query.local().isPresent()
                        ? Optional.of(new ShortlistReranker(verification.withK(asked))
                                .session(query.local().orElseThrow(), rounds::localFeatures))
                        : Optional.empty();
        int verifyK = session.isPresent() ? asked : 0;
        Optional<SuperGlobalRerank> rerank = query.expand() ? superGlobal : Optional.empty();
        int rerankM = rerank.map(SuperGlobalRerank::m).orElse(0);
        int lastK = Math.max(Math.max(wanted, verifyK), rerankM);
        int lastRead = Math.max(wanted, rerankM);
        List<Ranked> last;
        List<SearchHit> firstRound = List.of();
        if (query.expand() && neighbours > 0) {
            int read = Math.max(neighbours, verifyK);
            int firstK = Math.max(wanted, read);
            List<Ranked> first = run.round(query.vector(), firstK, read, verifyK);
            firstRound = hitsOf(first);
            List<Ranked> from = session.map(s -> verifiedOnly(s, first)).orElse(first);
            List<ScoredVector> ranked = new ArrayList<>(neighbours);
            for (Ranked hit : from.subList(0, Math.min(neighbours, from.size()))) {
                hit.vector()
                        .ifPresent(v -> ranked.add(
                                new ScoredVector(ranked.size(), v, hit.hit().score())));
            }
            if (ranked.isEmpty() && rerank.isEmpty()) {
                last = first;
            } else {
                float[] vector = ranked.isEmpty() ? query.vector() : expansion.expand(query.vector(), ranked);
                last = run.round(vector, lastK, lastRead, verifyK);
            }
        } else {
            last = run.round(query.vector(), lastK, lastRead, verifyK);
        }
        if (rerank.isPresent()) {
            last = superGlobal(rerank.get(), query.vector(), last);
        }
        List<SearchHit> hits = hitsOf(last);
        if (session.isPresent()) {
            hits = reranked(session.get(), hits);
        }
        List<SearchHit> page = new ArrayList<>(query.k());
        for (SearchHit hit : rankWithSimilarity(query.vector(), hits, firstRound, wanted, run)) {
            if (hit.rank() > query.offset()
                    && page.size() < query.k()
                    && hit.score() >= query.minScore()
                    && !(hit.similarity() < query.minSimilarity())) {
                page.add(hit);
            }
        }
        Map<String, List<PointMatch>> matches = new HashMap<>();
        if (query.explain() && session.isPresent()) {
            for (SearchHit hit : page) {
                if (hit.verified()) {
                    session.get().explain(hit.imageId()).ifPresent(v -> matches.put(hit.imageId(), v.matches()));
                }
            }
        }
        return new Result(page, matches);
    }

    /**
     * The first M hits re-ranked by SuperGlobal, scored by it, then the rest in their order; a hit whose vector is
     * gone (deleted since the search) is left out of the re-ranking and follows the re-ranked ones.
     */
    private static List<Ranked> superGlobal(SuperGlobalRerank rerank, float[] query, List<Ranked> last) {
        int top = Math.min(rerank.m(), last.size());
        List<ScoredVector> withVectors = new ArrayList<>(top);
        List<Ranked> without = new ArrayList<>();
        for (int i = 0; i < top; i++) {
            Ranked hit = last.get(i);
            if (hit.vector().isPresent()) {
                withVectors.add(
                        new ScoredVector(i, hit.vector().get(), hit.hit().score()));
            } else {
                without.add(hit);
            }
        }
        List<Ranked> out = new ArrayList<>(last.size());
        for (ScoredVector s : rerank.rerank(query, withVectors)) {
            Ranked hit = last.get(s.index());
            out.add(new Ranked(new SearchHit(hit.hit().imageId(), (float) s.score(), out.size() + 1), hit.vector()));
        }
        for (Ranked hit : without) {
            out.add(new Ranked(hit.hit().withRank(out.size() + 1), hit.vector()));
        }
        for (Ranked hit : last.subList(top, last.size())) {
            out.add(new Ranked(hit.hit().withRank(out.size() + 1), hit.vector()));
        }
        return out;
    }

    /** The first round re-ranked by verification, only its verified hits: what query expansion may read. */
    private static List<Ranked> verifiedOnly(ShortlistReranker.Session<String> session, List<Ranked> first) {
        return session.rerank(first, r -> r.hit().imageId(), r -> r.hit().score()).stream()
                .map(ShortlistReranker.Reranked::hit)
                .filter(r -> session.verified(r.hit().imageId()))
                .toList();
    }

    /** The verified head re-ordered by its combined score, which becomes the hits' score; ranks from 1. */
    private static List<SearchHit> reranked(ShortlistReranker.Session<String> session, List<SearchHit> hits) {
        List<SearchHit> out = new ArrayList<>(hits.size());
        for (var r : session.rerank(hits, SearchHit::imageId, SearchHit::score)) {
            SearchHit hit = r.inliers() >= 0
                    ? new SearchHit(
                            r.hit().imageId(), (float) r.score(), 0, r.hit().similarity(), r.inliers())
                    : r.hit();
            out.add(hit.withRank(out.size() + 1));
        }
        return out;
    }

    /**
     * The final ranking with raw similarities: copies of the query first (the first round's too, should expansion
     * have pushed one out of the last round's list), then the last round's order; ranks 1..wanted.
     */
    private List<SearchHit> rankWithSimilarity(
            float[] query, List<SearchHit> hits, List<SearchHit> firstRound, int wanted, Run run) {
        Map<String, SearchHit> byId = new java.util.LinkedHashMap<>();
        for (SearchHit hit : hits) {
            byId.putIfAbsent(hit.imageId(), hit.withSimilarity(run.similarity(query, hit.imageId())));
        }
        for (SearchHit hit : firstRound) {
            if (!byId.containsKey(hit.imageId())) {
                float similarity = run.similarity(query, hit.imageId());
                if (matching.isCopy(similarity, hit.inliers())) {
                    byId.put(hit.imageId(), hit.withSimilarity(similarity));
                }
            }
        }
        List<SearchHit> ordered =
                matching.copiesFirst(new ArrayList<>(byId.values()), SearchHit::similarity, SearchHit::inliers);
        List<SearchHit> out = new ArrayList<>(Math.min(wanted, ordered.size()));
        for (SearchHit hit : ordered.subList(0, Math.min(wanted, ordered.size()))) {
            out.add(hit.withRank(out.size() + 1));
        }
        return out;
    }

    private static List<SearchHit> hitsOf(List<Ranked> ranked) {
        return ranked.stream().map(Ranked::hit).toList();
    }

    /** A hit and the vector QE would read: augmented under DBA; without, stored for the hits QE reads, else empty. */
    private record Ranked(SearchHit hit, Optional<float[]> vector) {}

    /**
     * One search: its rounds, the augmented vectors already computed (both rounds share most shortlisted hits) and
     * the raw vectors already read (shortlisted hits are mostly each other's neighbours).
     */
    private final class Run {
        private final Rounds rounds;
        private final Map<String, Optional<float[]>> augmented = new HashMap<>();
        private final Map<String, Optional<float[]>> raw = new HashMap<>();

        Run(Rounds rounds) {
            this.rounds = rounds;
        }

        /**
         * Best {@code k} hits, re-ranked by augmented vectors under DBA; vectors known for the first {@code read},
         * local features to be asked for the first {@code local}.
         */
        List<Ranked> round(float[] vector, int k, int read, int local) {
            if (augmentation.isEmpty()) {
                List<SearchHit> hits = rounds.search(vector, k, read, local);
                List<Ranked> out = new ArrayList<>(hits.size());
                for (SearchHit hit : hits) {
                    out.add(new Ranked(hit, hit.rank() <= read ? rounds.vector(hit.imageId()) : Optional.empty()));
                }
                return out;
            }
            int r = Math.max(k, shortlist);
            List<SearchHit> shortlisted = rounds.search(vector, r, r, local);
            List<Ranked> rescored = new ArrayList<>(shortlisted.size());
            for (SearchHit hit : shortlisted) {
                Optional<float[]> aug = augmented.computeIfAbsent(hit.imageId(), this::augment);
                // An image gone between the search and the read keeps its raw score (and is not used by QE).
                float score = aug.map(a -> (float) Vectors.dot(vector, a)).orElse(hit.score());
                rescored.add(new Ranked(new SearchHit(hit.imageId(), score, 0), aug));
            }
            rescored.sort(
                    Comparator.comparingDouble((Ranked h) -> h.hit().score()).reversed());
            List<Ranked> out = new ArrayList<>(Math.min(k, rescored.size()));
            for (Ranked h : rescored.subList(0, Math.min(k, rescored.size()))) {
                out.add(new Ranked(new SearchHit(h.hit().imageId(), h.hit().score(), out.size() + 1), h.vector()));
            }
            return out;
        }

        /** {@code L2(x + sum sim^alpha n)} over the hit's k raw nearest neighbours, itself left out. */
        private Optional<float[]> augment(String imageId) {
            DatabaseAugmentation dba = augmentation.orElseThrow();
            return rawVector(imageId).map(own -> {
                List<ScoredVector> found = new ArrayList<>(dba.k());
                for (SearchHit n : rounds.neighbours(own, dba.k() + 1)) {
                    if (!n.imageId().equals(imageId) && found.size() < dba.k()) {
                        // Scored exactly, as offline DBA does, whatever the mode's own scores are.
                        rawVector(n.imageId())
                                .ifPresent(v -> found.add(new ScoredVector(found.size(), v, Vectors.dot(own, v))));
                    }
                }
                return dba.augmentOne(own, found);
            });
        }

        /** The raw cosine of the query and the image's stored vector; NaN if the image is gone. */
        float similarity(float[] query, String imageId) {
            return rawVector(imageId).map(v -> (float) Vectors.dot(query, v)).orElse(Float.NaN);
        }

        private Optional<float[]> rawVector(String imageId) {
            return raw.computeIfAbsent(imageId, rounds::vector);
        }
    }
}
