package io.sightline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.index.VectorFormat;
import io.sightline.registry.InMemorySchemaStore;
import io.sightline.registry.LocalSchemaRegistry;
import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.ImageDescriptor;
import io.sightline.schemas.ImageUploaded;
import io.sightline.serde.AvroSerdes;
import io.sightline.streams.index.ShardStorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index shard directory that cannot be created fails the index application at once with an error naming the
 * directory, instead of losing descriptors. Tests may run as root, where file permissions do not stop writes, so the
 * shard's path is made impossible instead: a regular file stands where the directory must go.
 */
class UnwritableShardTest {
    @TempDir
    Path stateDir;

    @Test
    void aShardThatCannotBeOpenedNamesItsDirectory() throws Exception {
        LocalSchemaRegistry registry = new LocalSchemaRegistry(new InMemorySchemaStore());
        RecordSerdes serdes = new RecordSerdes(
                AvroSerdes.value(ImageUploaded.class, registry),
                AvroSerdes.value(ImageDescriptor.class, registry),
                AvroSerdes.value(DeadLetter.class, registry));
        SightlineTopology topologies = new SightlineTopology(Topics.defaults(), serdes, Clock.systemUTC());
        var topology = topologies.build(
                Optional.empty(), Optional.of(new SightlineTopology.IndexStage(8, VectorFormat.HNSW_FLOAT)));
        Path taskDir =
                Files.createDirectories(stateDir.resolve("unwritable-test").resolve("0_0"));
        Path shardDir = taskDir.resolve(SightlineTopology.INDEX_STORE);
        Files.writeString(shardDir, "a file where the shard directory must go");

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "unwritable-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(topologies.deadLetterRouting().streamsConfig());
        assertThatThrownBy(() -> new TopologyTestDriver(topology, props).close())
                .hasStackTraceContaining(shardDir.toString())
                .satisfies(e -> assertThat(causes(e)).anyMatch(ShardStorageException.class::isInstance));
    }

    private static java.util.List<Throwable> causes(Throwable e) {
        java.util.List<Throwable> all = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
            all.add(t);
        }
        return all;
    }
}
