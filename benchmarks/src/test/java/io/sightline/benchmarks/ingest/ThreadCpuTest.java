package io.sightline.benchmarks.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which threads count as the in-process broker: the names are those a JFR recording of `./sightline bench ingest`
 * showed (2026-12-07). Kafka clients, Kafka Streams, Sightline's own threads and the search API are never the broker.
 */
class ThreadCpuTest {

    @Test
    void brokerThreadsAreToldFromThePipelinesOwn() {
        List<String> broker = List.of(
                "data-plane-kafka-request-handler-1",
                "data-plane-kafka-network-thread-1-PLAINTEXT-PLAINTEXT-0",
                "kafka-1-raft-io-thread",
                "kafka-1-metadata-loader-event-handler",
                "group-coordinator-event-processor-0",
                "quorum-controller-1-event-handler",
                "TxnMarkerSenderThread-1",
                "AddPartitionsToTxnSenderThread-1",
                "broker-1-to-controller-heartbeat-channel-manager",
                "kafka-scheduler-3",
                "executor-Fetch");
        List<String> pipeline = List.of(
                "sightline-extract-fe4e-0c1-1-aa2a-1f3bcc-StreamThread-1",
                "kafka-producer-network-thread | sightline-extract-StreamThread-1-producer",
                "kafka-producer-network-thread | producer-1",
                "kafka-admin-client-thread | sightline-schema-registry",
                "shard-reopen-descriptor-index",
                "Lucene Merge Thread #0",
                "JettyServerThreadPool-42",
                "pool-3-thread-1",
                "main");
        broker.forEach(
                n -> assertThat(ThreadCpu.BROKER.matcher(n).matches()).as(n).isTrue());
        pipeline.forEach(
                n -> assertThat(ThreadCpu.BROKER.matcher(n).matches()).as(n).isFalse());
    }

    @Test
    void thePipelinesThreadsAreGroupedByWhatTheyDo() {
        assertThat(ThreadCpu.groupOf("sightline-extract-fe4e-0c1-1-aa2a-1f3bcc-StreamThread-1"))
                .isEqualTo(ThreadCpu.Group.EXTRACT);
        assertThat(ThreadCpu.groupOf("ingest-loader-0")).isEqualTo(ThreadCpu.Group.EXTRACT);
        assertThat(ThreadCpu.groupOf("sightline-index-1c2eae-4-3fe-0-9f1c7e2e-StreamThread-1"))
                .isEqualTo(ThreadCpu.Group.INDEX);
        assertThat(ThreadCpu.groupOf("shard-reopen-descriptor-index")).isEqualTo(ThreadCpu.Group.INDEX);
        assertThat(ThreadCpu.groupOf("Lucene Merge Thread #3")).isEqualTo(ThreadCpu.Group.INDEX);
        assertThat(ThreadCpu.groupOf("kafka-producer-network-thread | sightline-extract-StreamThread-1-producer"))
                .as("a producer's network thread is a client, whichever application owns it")
                .isEqualTo(ThreadCpu.Group.CLIENTS);
        assertThat(ThreadCpu.groupOf("data-plane-kafka-request-handler-1")).isEqualTo(ThreadCpu.Group.BROKER);
        assertThat(ThreadCpu.groupOf("JettyServerThreadPool-42")).isEqualTo(ThreadCpu.Group.OTHER);
        assertThat(ThreadCpu.groupOf("main")).isEqualTo(ThreadCpu.Group.HARNESS);
        assertThat(ThreadCpu.groupOf("bench-publisher")).isEqualTo(ThreadCpu.Group.HARNESS);
        assertThat(ThreadCpu.groupOf("maintenance")).isEqualTo(ThreadCpu.Group.OTHER);
    }

    @Test
    void aSnapshotSeesThisThreadsCpu() {
        ThreadCpu cpu = new ThreadCpu();
        ThreadCpu.Snapshot before = cpu.snapshot();
        long spin = 0;
        for (int i = 0; i < 5_000_000; i++) {
            spin += Long.numberOfTrailingZeros(i ^ spin);
        }
        ThreadCpu.Snapshot after = cpu.snapshot();
        long id = Thread.currentThread().threadId();
        assertThat(after.cpu().get(id))
                .as("spin %d", spin)
                .isGreaterThan(before.cpu().get(id));
        assertThat(ThreadCpu.brokerNanos(before, after)).isZero();
        ThreadCpu.Group mine = ThreadCpu.groupOf(Thread.currentThread().getName());
        assertThat(mine)
                .as("this test's thread is neither broker nor pipeline")
                .isIn(ThreadCpu.Group.HARNESS, ThreadCpu.Group.OTHER);
        assertThat(ThreadCpu.nanosByGroup(before, after).get(mine)).isPositive();
    }
}
