package io.sightline.index;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.lucene.search.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lucene index holding the descriptors of one input partition: upsert and delete by image id, near-real-time
 * search. Vectors are L2-normalised, so the dot product is the cosine similarity and Lucene's score for it is
 * {@code (1 + cos) / 2}; hits report the cosine itself.
 *
 * <p>Writes become searchable without a commit: a reopen thread refreshes the searcher at most
 * {@link #DEFAULT_REFRESH} (or the refresh interval it was opened with) after a write (sooner when someone waits for it). {@link #commit()} makes them
 * durable; the streams topology calls it before Kafka commits the consumed offsets.
 *
 * <p>Besides Lucene's HNSW graph, a shard can hold product-quantization codes when opened with
 * {@link Quantizers}: a flat PQ code per image (binary doc values, {@link SearchMode#PQ}) and an IVF cell (an
 * indexed int) with the PQ code of the residual ({@link SearchMode#IVFPQ}). {@link #search(SearchRequest)} picks
 * the mode, an attribute filter and optional exact re-ranking of a shortlist.
 *
 * <p>A thin facade, split the way Lucene splits its own: {@link ShardSchema} (fields, documents),
 * {@link ShardLifecycle} (writer, searchers, refresh, bulk mode, commit), {@link ShardSearch} with one query class
 * per mode and {@link ExactRerank}, and {@link ShardLookups} (ids, vectors, stored images).
 */
public final class ShardIndex implements ImageIndex, Closeable {
    /** How often a streaming shard makes its writes searchable unless told otherwise (index.refresh.interval.ms). */
    public static final Duration DEFAULT_REFRESH = Duration.ofMillis(250);

    private static final Logger LOG = LoggerFactory.getLogger(ShardIndex.class);

    private final Path path;
    private final int dimension;
    private final Quantizers quantizers;
    private final ShardLifecycle lifecycle;
    private final ShardSearch searches;

    private ShardIndex(
            Path path, int dimension, VectorFormat format, Quantizers quantizers, boolean bulk, Duration refresh)
            throws IOException {
        this.path = path;
        this.dimension = dimension;
        this.quantizers = quantizers;
        checkDimension(quantizers.pq() == null ? dimension : quantizers.pq().dimension(), "product quantizer");
        checkDimension(
                quantizers.ivfPq() == null
                        ? dimension
                        : quantizers.ivfPq().coarse().dimension(),
                "IVF-PQ");
        this.lifecycle = new ShardLifecycle(path, format, bulk, refresh);
        this.searches = new ShardSearch(path.toString(), format, quantizers, new CodeCache());
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
        return open(path, dimension, format, quantizers, DEFAULT_REFRESH);
    }

    /**
     * As {@link #open(Path, int, VectorFormat, Quantizers)}, refreshing every {@code refresh}: the longest a write
     * waits to become searchable when nobody waits for it. Each refresh that finds writes flushes a small segment,
     * which merges rewrite later; a longer interval costs less CPU per write (index.refresh.interval.ms).
     */
    public static ShardIndex open(
            Path path, int dimension, VectorFormat format, Quantizers quantizers, Duration refresh) {
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("refresh interval must be positive, got " + refresh);
        }
        return open(path, dimension, format, quantizers, false, refresh);
    }

    /**
     * Opens the shard for loading many documents at once, e.g. {@code bench index} at 1M: a large indexing buffer
     * and no periodic refresh, so documents are not searchable until {@link #forceMerge} (or a wait for them).
     * The streaming shard refreshes every {@link #DEFAULT_REFRESH} or so, and each refresh flushes a small segment with its own
     * HNSW graph; at 1M those thousands of graphs are merged again and again, which made the build several times
     * slower than building one graph.
     */
    public static ShardIndex openForBulkLoad(Path path, int dimension, VectorFormat format, Quantizers quantizers) {
        return open(path, dimension, format, quantizers, true, DEFAULT_REFRESH);
    }

    private static ShardIndex open(
            Path path, int dimension, VectorFormat format, Quantizers quantizers, boolean bulk, Duration refresh) {
        try {
            ShardIndex index = new ShardIndex(path, dimension, format, quantizers, bulk, refresh);
            LOG.info(
                    "Opened shard index path={} dim={} format={} docs={} bulk={}",
                    path,
                    dimension,
                    format,
                    index.count(),
                    bulk);
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
        return ShardSchema.attribute(key, value);
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
    public long upsert(
            String imageId, float[] vector, Map<String, String> attributes, EncodedVector codes, ImageMeta meta) {
        checkVector(imageId, vector);
        try {
            return lifecycle.update(
                    ShardSchema.idTerm(imageId), ShardSchema.document(imageId, vector, attributes, codes, meta));
        } catch (IOException e) {
            throw new UncheckedIOException("image " + imageId + ": cannot index into " + path, e);
        }
    }

    private void checkVector(String imageId, float[] vector) {
        Objects.requireNonNull(imageId, "imageId");
        if (vector.length != dimension) {
            throw new IllegalArgumentException(
                    "image " + imageId + ": vector has " + vector.length + " dimensions, the shard holds " + dimension);
        }
    }

    /** Removes the image if present; returns the write's sequence number. */
    public long delete(String imageId) {
        try {
            return lifecycle.delete(ShardSchema.idTerm(imageId));
        } catch (IOException e) {
            throw new UncheckedIOException("image " + imageId + ": cannot delete from " + path, e);
        }
    }

    /** Blocks until the write with sequence number {@code sequence} is visible to searches, or the timeout. */
    public boolean awaitSearchable(long sequence, long timeoutMillis) {
        return lifecycle.awaitSearchable(sequence, timeoutMillis);
    }

    /**
     * Merges the shard down to at most {@code segments} segments and commits (searches over one HNSW graph are
     * faster than over many); for bulk loads and benchmarks, not for the streaming path.
     */
    public void forceMerge(int segments) {
        lifecycle.forceMerge(segments);
    }

    /** Makes every write so far durable. */
    public void commit() {
        lifecycle.commit();
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
            throw new IllegalArgumentException(
                    "query has " + query.length + " dimensions, the shard holds " + dimension);
        }
        return lifecycle.withSearcher("search", searcher -> searches.search(searcher, request));
    }

    /** Whether the (refreshed) index holds the image. */
    @Override
    public boolean contains(String imageId) {
        return lifecycle.withSearcher("lookup", searcher -> ShardLookups.contains(searcher, imageId));
    }

    /** The stored float vector of an image, if the (refreshed) index holds it: what query expansion reads. */
    @Override
    public Optional<float[]> vector(String imageId) {
        return lifecycle.withSearcher("vector lookup", searcher -> ShardLookups.vector(searcher, imageId));
    }

    @Override
    public Optional<byte[]> localFeatures(String imageId) {
        return lifecycle.withSearcher(
                "image " + imageId + ": local features lookup",
                searcher -> ShardLookups.localFeatures(searcher, imageId));
    }

    /** Whether this shard can search in {@code mode}: PQ and IVF-PQ need the shard opened with their quantizer. */
    @Override
    public boolean supports(SearchMode mode) {
        return searches.supports(mode);
    }

    /**
     * The image's attributes and stored metadata, if the (refreshed) index holds it; the thumbnail bytes are read
     * only when asked for (a result page needs the attributes of k hits, not k thumbnails).
     */
    @Override
    public Optional<StoredImage> image(String imageId, boolean withThumbnail) {
        return lifecycle.withSearcher(
                "image " + imageId + ": stored-field lookup",
                searcher -> ShardLookups.image(searcher, imageId, withThumbnail));
    }

    /** Number of live images visible to searches. */
    @Override
    public int count() {
        return lifecycle.withSearcher(
                "count", searcher -> searcher.getIndexReader().numDocs());
    }

    @Override
    public void close() {
        lifecycle.close();
    }

    /** True if a Lucene index already exists at {@code path}. */
    public static boolean exists(Path path) {
        return ShardLifecycle.exists(path);
    }

    @Override
    public String toString() {
        return "ShardIndex[" + path + ", dim=" + dimension + "]";
    }
}
