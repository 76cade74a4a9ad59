package io.sightline.index;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ControlledRealTimeReopenThread;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
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
 */
public final class ShardIndex implements VectorSearcher, Closeable {
    static final String ID = "id";
    static final String VECTOR = "vector";
    static final String ATTRIBUTE_PREFIX = "attr.";
    static final double MAX_STALE_SECONDS = 0.25;
    private static final double MIN_STALE_SECONDS = 0.01;
    private static final Logger LOG = LoggerFactory.getLogger(ShardIndex.class);

    private final Path path;
    private final int dimension;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ControlledRealTimeReopenThread<IndexSearcher> reopener;

    private ShardIndex(Path path, int dimension, VectorFormat format) throws IOException {
        this.path = path;
        this.dimension = dimension;
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
        this.writer = new IndexWriter(directory, config);
        this.searchers = new SearcherManager(writer, new SearcherFactory());
        this.reopener = new ControlledRealTimeReopenThread<>(writer, searchers, MAX_STALE_SECONDS, MIN_STALE_SECONDS);
        reopener.setName("shard-reopen-" + path.getFileName());
        reopener.setDaemon(true);
        reopener.start();
    }

    /** Opens (or creates) the shard at {@code path} for vectors of {@code dimension} floats. */
    public static ShardIndex open(Path path, int dimension, VectorFormat format) {
        try {
            ShardIndex index = new ShardIndex(path, dimension, format);
            LOG.info("Opened shard index path={} dim={} format={} docs={}", path, dimension, format, index.count());
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open shard index at " + path, e);
        }
    }

    public int dimension() {
        return dimension;
    }

    /**
     * Adds or replaces the image's descriptor.
     *
     * @return the write's sequence number, to pass to {@link #awaitSearchable(long, long)}
     */
    public long upsert(String imageId, float[] vector, Map<String, String> attributes) {
        Objects.requireNonNull(imageId, "imageId");
        if (vector.length != dimension) {
            throw new IllegalArgumentException("image " + imageId + ": vector has " + vector.length
                    + " dimensions, the shard holds " + dimension);
        }
        Document doc = new Document();
        doc.add(new StringField(ID, imageId, Field.Store.YES));
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

    @Override
    public List<SearchHit> search(float[] query, int k) {
        if (query.length != dimension) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, the shard holds " + dimension);
        }
        IndexSearcher searcher = acquire();
        try {
            TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, query, k), k);
            var stored = searcher.storedFields();
            List<SearchHit> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc sd : top.scoreDocs) {
                String id = stored.document(sd.doc, Set.of(ID)).get(ID);
                hits.add(new SearchHit(id, 2f * sd.score - 1f, hits.size() + 1));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException("search failed on shard " + path, e);
        } finally {
            release(searcher);
        }
    }

    /** Whether the (refreshed) index holds the image. */
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

    /** Number of live images visible to searches. */
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
