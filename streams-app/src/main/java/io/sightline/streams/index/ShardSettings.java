package io.sightline.streams.index;

import io.sightline.index.Quantizers;
import io.sightline.index.ShardIndex;
import io.sightline.index.VectorFormat;
import java.time.Duration;
import java.util.Objects;

/**
 * How each task's Lucene shard is opened: the descriptor dimension, the vector format, the served bundle's
 * quantizers (the codes the shard stores) and how often it makes new writes searchable ({@link ShardIndex#open}).
 */
public record ShardSettings(int dimension, VectorFormat format, Quantizers quantizers, Duration refresh) {
    public ShardSettings {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(quantizers, "quantizers");
        Objects.requireNonNull(refresh, "refresh");
    }

    /** Refreshing every {@link ShardIndex#DEFAULT_REFRESH}. */
    public ShardSettings(int dimension, VectorFormat format, Quantizers quantizers) {
        this(dimension, format, quantizers, ShardIndex.DEFAULT_REFRESH);
    }
}
