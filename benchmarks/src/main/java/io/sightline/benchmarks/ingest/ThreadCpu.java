package io.sightline.benchmarks.ingest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU time of the bench JVM's threads, summed by what they do: where the pipeline's CPU per image goes beyond
 * decoding and inference. The bench runs broker, controller and registry in the pipeline's own process, which a
 * deployment does not, so the broker is its own group. Threads are told apart by the names Kafka, Kafka Streams,
 * Lucene and Sightline give them. A thread that ends during the measurement loses its CPU from every group, so
 * each group is a lower bound; the JVM's own threads (GC, JIT) are not Java threads and appear in none.
 */
final class ThreadCpu {

    /** What a thread does, judged by its name. */
    enum Group {
        /** The embedded KRaft broker and controller (Kafka 4.x). */
        BROKER,
        /** The extract application's stream threads and micro-batch loaders: fetch, decode, inference, thumbnail. */
        EXTRACT,
        /** The index application's stream threads, the shards' reopen threads and Lucene merges. */
        INDEX,
        /** Kafka clients' network threads (producers, admin) and the registry. */
        CLIENTS,
        /**
         * The bench itself, not the pipeline: the thread that publishes the upload events and the main thread, which
         * asks the shards whether each image is searchable yet (event-to-searchable latency).
         */
        HARNESS,
        /** Anything else: the search API, generation watchers, metrics. */
        OTHER
    }

    /** Thread names of the embedded KRaft broker and controller (Kafka 4.x), not of clients or Streams. */
    static final Pattern BROKER = Pattern.compile("^(data-plane-kafka|kafka-\\d|kafka-scheduler|kafka-log-cleaner"
            + "|group-coordinator|share-coordinator|quorum-controller|TxnMarkerSenderThread|AddPartitionsToTxnSender"
            + "|broker-\\d|controller-\\d|log-closing|executor-|PersisterStateManager|ExpirationReaper"
            + "|LogDirFailureHandler|ReplicaFetcher|ReplicaAlterLogDirs|transaction-log-manager).*");

    private static final Pattern EXTRACT =
            Pattern.compile("^(sightline-extract-.*-StreamThread-\\d+|ingest-loader-\\d+" + "|descriptor-\\d+)$");
    private static final Pattern INDEX =
            Pattern.compile("^(sightline-index-.*-StreamThread-\\d+|shard-reopen-.*|Lucene Merge Thread.*)$");
    private static final Pattern CLIENTS =
            Pattern.compile("^(kafka-producer-network-thread|kafka-admin-client-thread|consumer_background).*");

    private static final Pattern HARNESS = Pattern.compile("^(main|bench-publisher)$");

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** CPU nanoseconds by thread id, and each thread's name. */
    record Snapshot(Map<Long, Long> cpu, Map<Long, String> names) {}

    Snapshot snapshot() {
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long nanos = threads.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), nanos);
                    names.put(info.getThreadId(), info.getThreadName());
                }
            }
        }
        return new Snapshot(cpu, names);
    }

    static Group groupOf(String threadName) {
        if (BROKER.matcher(threadName).matches()) {
            return Group.BROKER;
        }
        if (EXTRACT.matcher(threadName).matches()) {
            return Group.EXTRACT;
        }
        if (INDEX.matcher(threadName).matches()) {
            return Group.INDEX;
        }
        if (CLIENTS.matcher(threadName).matches()) {
            return Group.CLIENTS;
        }
        if (HARNESS.matcher(threadName).matches()) {
            return Group.HARNESS;
        }
        return Group.OTHER;
    }

    /** CPU nanoseconds each group's threads spent between {@code before} and {@code after}. */
    static Map<Group, Long> nanosByGroup(Snapshot before, Snapshot after) {
        Map<Group, Long> sums = new EnumMap<>(Group.class);
        for (Group g : Group.values()) {
            sums.put(g, 0L);
        }
        for (var e : after.cpu().entrySet()) {
            long spent = e.getValue() - before.cpu().getOrDefault(e.getKey(), 0L);
            sums.merge(groupOf(after.names().get(e.getKey())), spent, Long::sum);
        }
        return sums;
    }

    /** CPU nanoseconds the broker's threads spent between {@code before} and {@code after}. */
    static long brokerNanos(Snapshot before, Snapshot after) {
        return nanosByGroup(before, after).get(Group.BROKER);
    }
}
