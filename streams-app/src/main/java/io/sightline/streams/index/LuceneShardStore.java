package io.sightline.streams.index;

import io.sightline.index.EncodedVector;
import io.sightline.index.ImageMeta;
import io.sightline.index.SearchHit;
import io.sightline.index.SearchMode;
import io.sightline.index.SearchRequest;
import io.sightline.index.ShardIndex;
import io.sightline.index.StoredImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Lucene shard as a Kafka Streams state store: one instance per task, i.e. per partition of
 * {@code images.descriptors}, stored under the task's state directory. Kafka Streams calls {@link #commit} before
 * it commits the consumed offsets, so an offset is never committed for a descriptor the index could lose.
 *
 * <p>The store has no changelog of its own: it is a read-only store whose changelog is {@code images.descriptors}
 * (compacted, the source of truth). When the shard is lost (a crash under exactly-once leaves no checkpoint) or its
 * partition moves to another instance, Kafka Streams replays that topic through {@link #init}'s restore callback.
 */
public final class LuceneShardStore implements StateStore, IndexShard {
    private static final Logger LOG = LoggerFactory.getLogger(LuceneShardStore.class);
    private final String name;
    private final ShardSettings settings;
    private final DescriptorApplier restorer;
    private volatile ShardIndex index;
    private Path directory;

    public LuceneShardStore(String name, ShardSettings settings, DescriptorApplier restorer) {
        this.name = name;
        this.settings = settings;
        this.restorer = restorer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        directory = context.stateDir().toPath().resolve(name);
        index = storage(
                "cannot open",
                () -> ShardIndex.open(
                        directory, settings.dimension(), settings.format(), settings.quantizers(), settings.refresh()));
        StringDeserializer keys = new StringDeserializer();
        context.register(root, (key, value) -> restore(keys.deserialize(null, key), value));
    }

    private void restore(String key, byte[] value) {
        try {
            restorer.apply(this, key, value);
        } catch (RuntimeException e) {
            // Went to the dead-letter topic when it was first processed; restoring must not fail on it again.
            LOG.debug("Skipped unindexable record while restoring shard={} key={}: {}", name, key, e.getMessage());
        }
    }

    public long upsert(String imageId, float[] vector, Map<String, String> attributes, ImageMeta meta) {
        return storage("cannot write image " + imageId, () -> index.upsert(imageId, vector, attributes, meta));
    }

    /**
     * As {@link #upsert(String, float[], Map, ImageMeta)}, but stores {@code codes} (from the descriptor record) when
     * they fit this shard's quantizers instead of encoding again; codes that do not fit (another bundle's, or none)
     * are replaced by this shard's own encoding, so the shard's codes always match its quantizers.
     */
    public long upsert(
            String imageId, float[] vector, Map<String, String> attributes, ImageMeta meta, EncodedVector codes) {
        if (codes == null || !settings.quantizers().fits(codes)) {
            return upsert(imageId, vector, attributes, meta);
        }
        return storage("cannot write image " + imageId, () -> index.upsert(imageId, vector, attributes, codes, meta));
    }

    public long delete(String imageId) {
        return storage("cannot delete image " + imageId, () -> index.delete(imageId));
    }

    /** Storage failures name the shard's directory, so the operator knows what to fix. */
    private <T> T storage(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (java.io.UncheckedIOException e) {
            throw new ShardStorageException(directory, what, e);
        }
    }

    public int dimension() {
        return settings.dimension();
    }

    @Override
    public int count() {
        return index.count();
    }

    @Override
    public boolean contains(String imageId) {
        return index.contains(imageId);
    }

    @Override
    public java.util.Optional<float[]> vector(String imageId) {
        return index.vector(imageId);
    }

    @Override
    public java.util.Optional<byte[]> localFeatures(String imageId) {
        return index.localFeatures(imageId);
    }

    @Override
    public List<SearchHit> search(SearchRequest request) {
        return index.search(request);
    }

    @Override
    public java.util.Optional<StoredImage> image(String imageId, boolean withThumbnail) {
        return index.image(imageId, withThumbnail);
    }

    @Override
    public boolean supports(SearchMode mode) {
        return index.supports(mode);
    }

    public boolean awaitSearchable(long sequence, long timeoutMillis) {
        return index.awaitSearchable(sequence, timeoutMillis);
    }

    @Override
    public List<SearchHit> search(float[] query, int k) {
        return index.search(query, k);
    }

    /** Kafka Streams calls this (or {@link #flush()}, depending on the code path) before it commits offsets. */
    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        flush();
    }

    @Override
    public void flush() {
        storage("cannot commit", () -> {
            index.commit();
            return null;
        });
    }

    @Override
    public void close() {
        ShardIndex open = index;
        index = null;
        if (open != null) {
            open.close();
        }
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public boolean isOpen() {
        return index != null;
    }
}
