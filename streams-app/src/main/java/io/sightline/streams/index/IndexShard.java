package io.sightline.streams.index;

import io.sightline.index.ImageIndex;

/** A shard as Kafka Streams holds it, or a view over several: what a search needs from them. */
public interface IndexShard extends ImageIndex {}
