package io.sightline.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;

/**
 * One search on a shard: the request's mode picks the query ({@link HnswModeQuery}, {@link ExactModeQuery},
 * {@link PqModeQuery}, {@link IvfPqModeQuery}), a shortlist is optionally re-ranked by exact similarity
 * ({@link ExactRerank}) and the best k become hits with their image ids ({@link ShardLookups#ids}).
 */
final class ShardSearch {
    private final String shard;
    private final VectorFormat format;
    private final Quantizers quantizers;
    private final CodeCache codeCache;

    ShardSearch(String shard, VectorFormat format, Quantizers quantizers, CodeCache codeCache) {
        this.shard = shard;
        this.format = format;
        this.quantizers = quantizers;
        this.codeCache = codeCache;
    }

    /** Hits best first with 1-based ranks; scores are cosines (exact ones after re-ranking). */
    List<SearchHit> search(IndexSearcher searcher, SearchRequest request) throws IOException {
        float[] query = request.vector();
        int k = request.k();
        boolean rerank = request.rerank() > 0 || (request.mode() == SearchMode.HNSW && format.oversample() > 1);
        int shortlist = Math.max(k, request.rerank());
        if (request.mode() == SearchMode.HNSW) {
            shortlist = Math.max(shortlist, k * format.oversample());
        }
        ScoreDoc[] found = searcher.search(query(request, shortlist), shortlist).scoreDocs;
        List<ScoreDoc> ranked = Arrays.asList(found);
        float[] sims = new float[ranked.size()];
        for (int i = 0; i < sims.length; i++) {
            float score = ranked.get(i).score;
            sims[i] = request.mode() == SearchMode.HNSW ? 2f * score - 1f : Scores.fromLucene(score);
        }
        if (rerank) {
            ExactRerank.Reranked r = ExactRerank.rerank(searcher, found, query);
            ranked = r.docs();
            sims = r.sims();
        }
        int n = Math.min(k, ranked.size());
        String[] ids = ShardLookups.ids(searcher, ranked.subList(0, n));
        List<SearchHit> hits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            hits.add(new SearchHit(ids[i], sims[i], i + 1));
        }
        return hits;
    }

    /** Whether the shard can search in {@code mode}: PQ and IVF-PQ need the shard opened with their quantizer. */
    boolean supports(SearchMode mode) {
        return switch (mode) {
            case EXACT, HNSW -> true;
            case PQ -> quantizers.pq() != null;
            case IVFPQ -> quantizers.ivfPq() != null;
        };
    }

    private Query query(SearchRequest request, int shortlist) {
        return switch (request.mode()) {
            case HNSW -> HnswModeQuery.create(request.vector(), shortlist, request.filter());
            case EXACT -> ExactModeQuery.create(request.vector(), request.filter());
            case PQ -> PqModeQuery.create(require(quantizers.pq(), SearchMode.PQ), codeCache, request, shortlist);
            case IVFPQ ->
                IvfPqModeQuery.create(require(quantizers.ivfPq(), SearchMode.IVFPQ), codeCache, request, shortlist);
        };
    }

    private <T> T require(T quantizer, SearchMode mode) {
        if (quantizer == null) {
            throw new IllegalStateException("shard " + shard + " was opened without the quantizer " + mode + " needs");
        }
        return quantizer;
    }
}
