package io.sightline.streams.index;

import io.sightline.index.SearchHit;
import io.sightline.index.ShardIndex;
import io.sightline.index.VectorFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;

/**
 * A Lucene shard as a Kafka Streams state store: one instance per task, i.e. per partition of
 * {@code images.descriptors}, stored under the task's state directory. Kafka Streams calls {@link #commit} before
 * it commits the consumed offsets, so an offset is never committed for a descriptor the index could lose.
 *
 * <p>The store is not change-logged: {@code images.descriptors} is compacted and is itself the source of truth
 * (rebuilding a shard that moved to another instance is the scale-out issue's work).
 */
public final class LuceneShardStore implements StateStore, IndexShard {
    private final String name;
    private final int dimension;
    private final VectorFormat format;
    private volatile ShardIndex index;

    public LuceneShardStore(String name, int dimension, VectorFormat format) {
        this.name = name;
        this.dimension = dimension;
        this.format = format;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        Path dir = context.stateDir().toPath().resolve(name);
        index = ShardIndex.open(dir, dimension, format);
        context.register(root, (key, value) -> {
            // Not change-logged, so there is nothing to restore.
        });
    }

    public long upsert(String imageId, float[] vector, Map<String, String> attributes) {
        return index.upsert(imageId, vector, attributes);
    }

    public long delete(String imageId) {
        return index.delete(imageId);
    }

    public int dimension() {
        return dimension;
    }

    @Override
    public int count() {
        return index.count();
    }

    @Override
    public boolean contains(String imageId) {
        return index.contains(imageId);
    }

    public boolean awaitSearchable(long sequence, long timeoutMillis) {
        return index.awaitSearchable(sequence, timeoutMillis);
    }

    @Override
    public List<SearchHit> search(float[] query, int k) {
        return index.search(query, k);
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        index.commit();
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
