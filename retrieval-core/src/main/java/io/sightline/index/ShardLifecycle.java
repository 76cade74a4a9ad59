package io.sightline.index;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.ControlledRealTimeReopenThread;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.NRTCachingDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer/reader lifecycle of a {@link ShardIndex}: one {@link IndexWriter} on the shard's directory, a
 * {@link SearcherManager} over it and a reopen thread that makes writes searchable at most
 * the refresh interval after they happen (sooner when someone waits for them); commit, merge and close.
 * In bulk mode the indexing buffer is large and the reopen thread refreshes only when asked.
 */
final class ShardLifecycle implements Closeable {
    private static final double MIN_STALE_SECONDS = 0.01;
    /**
     * Indexing buffer of a bulk load: 1M x 256-d float vectors (1 GB) plus their graph fit in one or two segments,
     * under Lucene's per-thread hard limit of 1945 MB.
     */
    private static final double BULK_RAM_BUFFER_MB = 1800;
    /** A bulk load's reopen thread refreshes only when asked (forceMerge, waits), not periodically. */
    private static final double BULK_MAX_STALE_SECONDS = 3600;
    /**
     * A streaming shard keeps segments up to this size (flushes and the small merges of them) in memory until the
     * next commit: each refresh flushes a segment of a few images, and creating and deleting its dozen files on
     * disk was half the index threads' CPU (decision 039).
     */
    private static final double NRT_CACHE_SEGMENT_MB = 4;
    /** At most this much per shard is held in memory at once; beyond it new files go straight to disk. */
    private static final double NRT_CACHE_TOTAL_MB = 32;

    private static final Logger LOG = LoggerFactory.getLogger(ShardIndex.class);

    /** Work done with a searcher that {@link #withSearcher} acquires and releases. */
    interface SearcherWork<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private final Path path;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ControlledRealTimeReopenThread<IndexSearcher> reopener;

    /** {@code refresh}: the longest a write waits to be searchable (ignored in bulk mode). */
    ShardLifecycle(Path path, VectorFormat format, boolean bulk, Duration refresh) throws IOException {
        this.path = path;
        this.directory = bulk
                ? FSDirectory.open(path)
                : new NRTCachingDirectory(FSDirectory.open(path), NRT_CACHE_SEGMENT_MB, NRT_CACHE_TOTAL_MB);
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
        this.reopener = new ControlledRealTimeReopenThread<>(
                writer,
                searchers,
                bulk ? BULK_MAX_STALE_SECONDS : refresh.toNanos() / 1e9,
                Math.min(MIN_STALE_SECONDS, refresh.toNanos() / 1e9));
        reopener.setName("shard-reopen-" + path.getFileName());
        reopener.setDaemon(true);
        reopener.start();
    }

    Path path() {
        return path;
    }

    /** Adds or replaces the document with the id term; returns the write's sequence number. */
    long update(Term id, Document doc) throws IOException {
        return writer.updateDocument(id, doc);
    }

    /** Deletes the document with the id term; returns the write's sequence number. */
    long delete(Term id) throws IOException {
        return writer.deleteDocuments(id);
    }

    /** Blocks until the write with sequence number {@code sequence} is visible to searches, or the timeout. */
    boolean awaitSearchable(long sequence, long timeoutMillis) {
        try {
            return reopener.waitForGeneration(sequence, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void forceMerge(int segments) {
        try {
            writer.forceMerge(segments);
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge shard index " + path, e);
        }
    }

    void commit() {
        try {
            if (writer.hasUncommittedChanges()) {
                writer.commit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit shard index " + path, e);
        }
    }

    /** Runs {@code work} with a searcher over the latest refreshed view; {@code failure} names it in errors. */
    <T> T withSearcher(String failure, SearcherWork<T> work) {
        IndexSearcher searcher = acquire();
        try {
            return work.apply(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException(failure + " failed on shard " + path, e);
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
    static boolean exists(Path path) {
        try (Directory dir = FSDirectory.open(path)) {
            return DirectoryReader.indexExists(dir);
        } catch (IOException e) {
            return false;
        }
    }
}
