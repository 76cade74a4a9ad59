package io.sightline.index;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import io.sightline.pq.IvfPq;
import io.sightline.pq.ProductQuantizer;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ControlledRealTimeReopenThread;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lucene index holding the descriptors of one input partition: upsert and delete by image id, near-real-time
 * search. Vectors are L2-normalised, so the dot product is the cosine similarity and Lucene's score for it is
 * {@code (1 + cos) / 2}; hits report the cosine itself.
 *
 * <p>Writes become searchable without a commit: a reopen thread refreshes the searcher at most
 * {@link #MAX_STALE_SECONDS} after a write (sooner when someone waits for it). {@link #commit()} makes them
 * durable; the streams topology calls it before Kafka commits the consumed offsets.
 *
 * <p>Besides Lucene's HNSW graph, a shard can hold product-quantization codes when opened with
 * {@link Quantizers}: a flat PQ code per image (binary doc values, {@link SearchMode#PQ}) and an IVF cell (an
 * indexed int) with the PQ code of the residual ({@link SearchMode#IVFPQ}). {@link #search(SearchRequest)} picks
 * the mode, an attribute filter and optional exact re-ranking of a shortlist.
 */
public final class ShardIndex implements ImageIndex, Closeable {
    static final String ID = "id";
    /** The id again as doc values: reading k ids from them is far cheaper than k stored-field lookups. */
    static final String ID_DOC_VALUES = "id.dv";
    static final String VECTOR = "vector";
    static final String ATTRIBUTE_PREFIX = "attr.";
    static final String PQ_CODE = "pq.code";
    static final String IVF_CELL = "ivf.cell";
    static final String IVF_CODE = "ivf.code";
    static final String META_MODEL = "meta.model";
    static final String META_WIDTH = "meta.width";
    static final String META_HEIGHT = "meta.height";
    static final String META_EXTRACTED_AT = "meta.extractedAt";
    static final String THUMBNAIL = "thumbnail";
    static final double MAX_STALE_SECONDS = 0.25;
    private static final double MIN_STALE_SECONDS = 0.01;
    private static final Logger LOG = LoggerFactory.getLogger(ShardIndex.class);

    private final Path path;
    private final int dimension;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ControlledRealTimeReopenThread<IndexSearcher> reopener;
    private final VectorFormat format;
    private final Quantizers quantizers;
    private final CodeCache codeCache = new CodeCache();

    /**
     * Indexing buffer of a bulk load: 1M x 256-d float vectors (1 GB) plus their graph fit in one or two segments,
     * under Lucene's per-thread hard limit of 1945 MB.
     */
    private static final double BULK_RAM_BUFFER_MB = 1800;
    /** A bulk load's reopen thread refreshes only when asked (forceMerge, waits), not every quarter second. */
    private static final double BULK_MAX_STALE_SECONDS = 3600;

    private ShardIndex(Path path, int dimension, VectorFormat format, Quantizers quantizers, boolean bulk)
            throws IOException {
        this.path = path;
        this.dimension = dimension;
        this.format = format;
        this.quantizers = quantizers;
        checkDimension(quantizers.pq() == null ? dimension : quantizers.pq().dimension(), "product quantizer");
        checkDimension(quantizers.ivfPq() == null ? dimension : quantizers.ivfPq().coarse().dimension(), "IVF-PQ");
        this.directory = FSDirectory.open(path);
        KnnVectorsFormat vectors = format.luceneFormat();
        IndexWriterConfig config = new IndexWriterConfig()
                .setCodec(new Lucene104Codec() {
                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                        return vectors;
                    }
                })
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        if (bulk) {
            // No compound files either: a bulk-loaded shard is measured file by file (bytes per vector by format).
            config.setRAMBufferSizeMB(BULK_RAM_BUFFER_MB).setUseCompoundFile(false);
        }
        this.writer = new IndexWriter(directory, config);
        this.searchers = new SearcherManager(writer, new SearcherFactory());
        this.reopener = new ControlledRealTimeReopenThread<>(writer, searchers,
                bulk ? BULK_MAX_STALE_SECONDS : MAX_STALE_SECONDS, MIN_STALE_SECONDS);
        reopener.setName("shard-reopen-" + path.getFileName());
        reopener.setDaemon(true);
        reopener.start();
    }

    /** Opens (or creates) the shard at {@code path} for vectors of {@code dimension} floats. */
    public static ShardIndex open(Path path, int dimension, VectorFormat format) {
        return open(path, dimension, format, Quantizers.none());
    }

    /**
     * Opens (or creates) the shard with quantizers: {@link #upsert(String, float[], Map)} then also stores the
     * PQ / IVF-PQ codes, which enables {@link SearchMode#PQ} / {@link SearchMode#IVFPQ}.
     */
    public static ShardIndex open(Path path, int dimension, VectorFormat format, Quantizers quantizers) {
        return open(path, dimension, format, quantizers, false);
    }

    /**
     * Opens the shard for loading many documents at once, e.g. {@code bench index} at 1M: a large indexing buffer
     * and no periodic refresh, so documents are not searchable until {@link #forceMerge} (or a wait for them).
     * The streaming shard refreshes every quarter second, and each refresh flushes a small segment with its own
     * HNSW graph; at 1M those thousands of graphs are merged again and again, which made the build several times
     * slower than building one graph.
     */
    public static ShardIndex openForBulkLoad(Path path, int dimension, VectorFormat format, Quantizers quantizers) {
        return open(path, dimension, format, quantizers, true);
    }

    private static ShardIndex open(Path path, int dimension, VectorFormat format, Quantizers quantizers, boolean bulk) {
        try {
            ShardIndex index = new ShardIndex(path, dimension, format, quantizers, bulk);
            LOG.info("Opened shard index path={} dim={} format={} docs={} bulk={}", path, dimension, format,
                    index.count(), bulk);
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open shard index at " + path, e);
        }
    }

    public int dimension() {
        return dimension;
    }

    private void checkDimension(int actual, String what) {
        if (actual != dimension) {
            throw new IllegalArgumentException(what + " has dimension " + actual + ", the shard holds " + dimension);
        }
    }

    /** A filter on an attribute given at upsert, for {@link SearchRequest#withFilter}. */
    public static Query attribute(String key, String value) {
        return new TermQuery(new Term(ATTRIBUTE_PREFIX + key, value));
    }

    /**
     * Adds or replaces the image's descriptor.
     *
     * @return the write's sequence number, to pass to {@link #awaitSearchable(long, long)}
     */
    public long upsert(String imageId, float[] vector, Map<String, String> attributes) {
        checkVector(imageId, vector);
        return upsert(imageId, vector, attributes, quantizers.encode(vector));
    }

    /**
     * Adds or replaces the image's descriptor and keeps {@code meta} (model, size, thumbnail) as stored fields, so
     * {@link #image(String, boolean)} can answer metadata and thumbnail requests from the index alone.
     */
    public long upsert(String imageId, float[] vector, Map<String, String> attributes, ImageMeta meta) {
        checkVector(imageId, vector);
        return upsert(imageId, vector, attributes, quantizers.encode(vector), meta);
    }

    /** Adds or replaces the image's descriptor with codes computed elsewhere (with the same quantizers). */
    public long upsert(String imageId, float[] vector, Map<String, String> attributes, EncodedVector codes) {
        return upsert(imageId, vector, attributes, codes, null);
    }

    /**
     * Adds or replaces the image's descriptor with codes computed elsewhere (with the same quantizers, e.g. carried
     * by the descriptor record) and keeps {@code meta} (may be null) as stored fields.
     */
    public long upsert(String imageId, float[] vector, Map<String, String> attributes, EncodedVector codes,
                       ImageMeta meta) {
        checkVector(imageId, vector);
        Document doc = new Document();
        if (meta != null) {
            if (meta.modelVersion() != null) {
                doc.add(new StoredField(META_MODEL, meta.modelVersion()));
            }
            doc.add(new StoredField(META_WIDTH, meta.width()));
            doc.add(new StoredField(META_HEIGHT, meta.height()));
            doc.add(new StoredField(META_EXTRACTED_AT, meta.extractedAtMillis()));
            if (meta.thumbnail() != null) {
                doc.add(new StoredField(THUMBNAIL, meta.thumbnail()));
            }
        }
        if (codes.pqCode() != null) {
            doc.add(new BinaryDocValuesField(PQ_CODE, new org.apache.lucene.util.BytesRef(codes.pqCode())));
        }
        if (codes.ivfCode() != null) {
            doc.add(new IntField(IVF_CELL, codes.cell(), Field.Store.NO));
            doc.add(new BinaryDocValuesField(IVF_CODE, new org.apache.lucene.util.BytesRef(codes.ivfCode())));
        }
        doc.add(new StringField(ID, imageId, Field.Store.YES));
        doc.add(new BinaryDocValuesField(ID_DOC_VALUES, new org.apache.lucene.util.BytesRef(imageId)));
        doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        attributes.forEach((key, value) -> {
            doc.add(new StringField(ATTRIBUTE_PREFIX + key, value, Field.Store.NO));
            doc.add(new StoredField(ATTRIBUTE_PREFIX + key, value));
        });
        try {
            return writer.updateDocument(new Term(ID, imageId), doc);
        } catch (IOException e) {
            throw new UncheckedIOException("image " + imageId + ": cannot index into " + path, e);
        }
    }

    private void checkVector(String imageId, float[] vector) {
        Objects.requireNonNull(imageId, "imageId");
        if (vector.length != dimension) {
            throw new IllegalArgumentException("image " + imageId + ": vector has " + vector.length
                    + " dimensions, the shard holds " + dimension);
        }
    }

    /** Removes the image if present; returns the write's sequence number. */
    public long delete(String imageId) {
        try {
            return writer.deleteDocuments(new Term(ID, imageId));
        } catch (IOException e) {
            throw new UncheckedIOException("image " + imageId + ": cannot delete from " + path, e);
        }
    }

    /** Blocks until the write with sequence number {@code sequence} is visible to searches, or the timeout. */
    public boolean awaitSearchable(long sequence, long timeoutMillis) {
        try {
            return reopener.waitForGeneration(sequence, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Merges the shard down to at most {@code segments} segments and commits (searches over one HNSW graph are
     * faster than over many); for bulk loads and benchmarks, not for the streaming path.
     */
    public void forceMerge(int segments) {
        try {
            writer.forceMerge(segments);
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge shard index " + path, e);
        }
    }

    /** Makes every write so far durable. */
    public void commit() {
        try {
            if (writer.hasUncommittedChanges()) {
                writer.commit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit shard index " + path, e);
        }
    }

    /** HNSW search in the shard's format (the default mode), scores are cosines. */
    @Override
    public List<SearchHit> search(float[] query, int k) {
        return search(SearchRequest.of(query, k, SearchMode.HNSW));
    }

    /** Searches in the request's mode, filter and re-ranking; hits are best first with 1-based ranks. */
    @Override
    public List<SearchHit> search(SearchRequest request) {
        float[] query = request.vector();
        if (query.length != dimension) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, the shard holds " + dimension);
        }
        int k = request.k();
        boolean rerank = request.rerank() > 0 || (request.mode() == SearchMode.HNSW && format.oversample() > 1);
        int shortlist = Math.max(k, request.rerank());
        if (request.mode() == SearchMode.HNSW) {
            shortlist = Math.max(shortlist, k * format.oversample());
        }
        IndexSearcher searcher = acquire();
        try {
            ScoreDoc[] found = searcher.search(query(request, shortlist), shortlist).scoreDocs;
            List<ScoreDoc> ranked = Arrays.asList(found);
            float[] sims = new float[ranked.size()];
            for (int i = 0; i < sims.length; i++) {
                float score = ranked.get(i).score;
                sims[i] = request.mode() == SearchMode.HNSW ? 2f * score - 1f : Scores.fromLucene(score);
            }
            if (rerank) {
                Reranked r = rerank(searcher, found, query);
                ranked = r.docs();
                sims = r.sims();
            }
            int n = Math.min(k, ranked.size());
            String[] ids = ids(searcher, ranked.subList(0, n));
            List<SearchHit> hits = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                hits.add(new SearchHit(ids[i], sims[i], i + 1));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException("search failed on shard " + path, e);
        } finally {
            release(searcher);
        }
    }

    private Query query(SearchRequest request, int shortlist) {
        float[] q = request.vector();
        Query filter = request.filter();
        return switch (request.mode()) {
            case HNSW -> filter == null ? new KnnFloatVectorQuery(VECTOR, q, shortlist)
                    : new KnnFloatVectorQuery(VECTOR, q, shortlist, filter);
            case EXACT -> new VectorScoringQuery(withFilter(new FieldExistsQuery(VECTOR), filter), ctx -> {
                FloatVectorValues values = ctx.reader().getFloatVectorValues(VECTOR);
                return values == null ? null : new ExactScorer(values, q)::similarity;
            }, "exact");
            case PQ -> flatPq(request, shortlist);
            case IVFPQ -> ivfPq(request, shortlist);
        };
    }

    private Query flatPq(SearchRequest request, int shortlist) {
        ProductQuantizer pq = require(quantizers.pq(), SearchMode.PQ);
        int m = pq.codeSize();
        float[] table = pq.adcTable(request.vector());
        return new AdcScanQuery(searcher -> FlatPqScan.search(searcher,
                leaf -> codeCache.codes(leaf.reader(), PQ_CODE, m), m, table, request.filter(), shortlist),
                "pq(m=" + m + ", k=" + shortlist + ")");
    }

    private Query ivfPq(SearchRequest request, int shortlist) {
        IvfPq ivf = require(quantizers.ivfPq(), SearchMode.IVFPQ);
        int m = ivf.residual().codeSize();
        int nlist = ivf.coarse().cells();
        IvfPq.QueryTables tables = ivf.queryTables(request.vector());
        int[] cells = ivf.probe(tables, request.nprobe());
        return new AdcScanQuery(searcher -> IvfPqScan.search(searcher,
                leaf -> codeCache.cellLists(leaf.reader(), IVF_CELL, IVF_CODE, m, nlist), m, tables, cells,
                request.filter(), shortlist), "ivfpq(m=" + m + ", nprobe=" + cells.length + ", k=" + shortlist + ")");
    }

    private <T> T require(T quantizer, SearchMode mode) {
        if (quantizer == null) {
            throw new IllegalStateException("shard " + path + " was opened without the quantizer " + mode + " needs");
        }
        return quantizer;
    }

    private static Query withFilter(Query candidates, Query filter) {
        if (filter == null) {
            return candidates;
        }
        return new BooleanQuery.Builder()
                .add(candidates, BooleanClause.Occur.FILTER)
                .add(filter, BooleanClause.Occur.FILTER)
                .build();
    }

    /** Image ids of the docs, from doc values (visited in doc order), or stored fields for docs written before them. */
    private static String[] ids(IndexSearcher searcher, List<ScoreDoc> docs) throws IOException {
        Integer[] order = new Integer[docs.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(docs.get(a).doc, docs.get(b).doc));
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        String[] ids = new String[order.length];
        org.apache.lucene.index.BinaryDocValues values = null;
        int leafIndex = -1;
        var stored = searcher.storedFields();
        for (int i : order) {
            int doc = docs.get(i).doc;
            int li = ReaderUtil.subIndex(doc, leaves);
            if (li != leafIndex) {
                leafIndex = li;
                values = leaves.get(li).reader().getBinaryDocValues(ID_DOC_VALUES);
            }
            if (values != null && values.advanceExact(doc - leaves.get(li).docBase)) {
                ids[i] = values.binaryValue().utf8ToString();
            } else {
                ids[i] = stored.document(doc, Set.of(ID)).get(ID);
            }
        }
        return ids;
    }

    private record Reranked(List<ScoreDoc> docs, float[] sims) {
    }

    /** Re-scores the shortlist by exact dot product with the stored float vectors, best first. */
    private Reranked rerank(IndexSearcher searcher, ScoreDoc[] shortlist, float[] query) throws IOException {
        ScoreDoc[] byDoc = shortlist.clone();
        Arrays.sort(byDoc, (a, b) -> Integer.compare(a.doc, b.doc));
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        float[] exact = new float[byDoc.length];
        ExactScorer scorer = null;
        int leafIndex = -1;
        for (int i = 0; i < byDoc.length; i++) {
            int li = ReaderUtil.subIndex(byDoc[i].doc, leaves);
            if (li != leafIndex) {
                leafIndex = li;
                scorer = new ExactScorer(leaves.get(li).reader().getFloatVectorValues(VECTOR), query);
            }
            exact[i] = scorer.similarity(byDoc[i].doc - leaves.get(li).docBase);
        }
        Integer[] order = new Integer[byDoc.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> exact[a] != exact[b] ? Float.compare(exact[b], exact[a])
                : Integer.compare(byDoc[a].doc, byDoc[b].doc));
        List<ScoreDoc> docs = new ArrayList<>(order.length);
        float[] sims = new float[order.length];
        for (int i = 0; i < order.length; i++) {
            docs.add(byDoc[order[i]]);
            sims[i] = exact[order[i]];
        }
        return new Reranked(docs, sims);
    }

    /** Whether the (refreshed) index holds the image. */
    @Override
    public boolean contains(String imageId) {
        IndexSearcher searcher = acquire();
        try {
            return searcher.count(new TermQuery(new Term(ID, imageId))) > 0;
        } catch (IOException e) {
            throw new UncheckedIOException("lookup failed on shard " + path, e);
        } finally {
            release(searcher);
        }
    }

    /** The stored float vector of an image, if the (refreshed) index holds it: what query expansion reads. */
    @Override
    public Optional<float[]> vector(String imageId) {
        IndexSearcher searcher = acquire();
        try {
            TopDocs top = searcher.search(new TermQuery(new Term(ID, imageId)), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            int doc = top.scoreDocs[0].doc;
            var leaves = searcher.getIndexReader().leaves();
            var leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(doc, leaves));
            FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
            if (values == null) {
                return Optional.empty();
            }
            var iterator = values.iterator();
            if (iterator.advance(doc - leaf.docBase) != doc - leaf.docBase) {
                return Optional.empty();
            }
            return Optional.of(values.vectorValue(iterator.index()).clone());
        } catch (IOException e) {
            throw new UncheckedIOException("vector lookup failed on shard " + path, e);
        } finally {
            release(searcher);
        }
    }

    /** Whether this shard can search in {@code mode}: PQ and IVF-PQ need the shard opened with their quantizer. */
    @Override
    public boolean supports(SearchMode mode) {
        return switch (mode) {
            case EXACT, HNSW -> true;
            case PQ -> quantizers.pq() != null;
            case IVFPQ -> quantizers.ivfPq() != null;
        };
    }

    /**
     * The image's attributes and stored metadata, if the (refreshed) index holds it; the thumbnail bytes are read
     * only when asked for (a result page needs the attributes of k hits, not k thumbnails).
     */
    @Override
    public Optional<StoredImage> image(String imageId, boolean withThumbnail) {
        IndexSearcher searcher = acquire();
        try {
            TopDocs top = searcher.search(new TermQuery(new Term(ID, imageId)), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            StoredImageVisitor visitor = new StoredImageVisitor(withThumbnail);
            searcher.storedFields().document(top.scoreDocs[0].doc, visitor);
            return Optional.of(visitor.image(imageId));
        } catch (IOException e) {
            throw new UncheckedIOException("image " + imageId + ": stored-field lookup failed on shard " + path, e);
        } finally {
            release(searcher);
        }
    }

    /** Number of live images visible to searches. */
    @Override
    public int count() {
        IndexSearcher searcher = acquire();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            release(searcher);
        }
    }

    private IndexSearcher acquire() {
        try {
            return searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a searcher on " + path, e);
        }
    }

    private void release(IndexSearcher searcher) {
        try {
            searchers.release(searcher);
        } catch (IOException e) {
            LOG.warn("Failed to release searcher path={}", path, e);
        }
    }

    @Override
    public void close() {
        try {
            reopener.close();
            searchers.close();
            writer.close(); // commits pending changes
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close shard index " + path, e);
        }
    }

    /** True if a Lucene index already exists at {@code path}. */
    public static boolean exists(Path path) {
        try (Directory dir = FSDirectory.open(path)) {
            return DirectoryReader.indexExists(dir);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "ShardIndex[" + path + ", dim=" + dimension + "]";
    }
}
