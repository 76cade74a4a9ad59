package io.sightline.benchmarks.ingest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU time of the in-process Kafka broker's threads, apart from the rest of the bench JVM. The bench runs broker,
 * controller and registry in the pipeline's own process, which a deployment does not: this says how much of the
 * pipeline's CPU per image is that broker. Threads are told apart by the names Kafka gives them. A thread that ends
 * during the measurement loses its CPU from both sides, so the split is a lower bound for the broker.
 */
final class ThreadCpu {

    /** Thread names of the embedded KRaft broker and controller (Kafka 4.x), not of clients or Streams. */
    static final Pattern BROKER = Pattern.compile("^(data-plane-kafka|kafka-\\d|kafka-scheduler|kafka-log-cleaner"
            + "|group-coordinator|share-coordinator|quorum-controller|TxnMarkerSenderThread|AddPartitionsToTxnSender"
            + "|broker-\\d|controller-\\d|log-closing|executor-|PersisterStateManager|ExpirationReaper"
            + "|LogDirFailureHandler|ReplicaFetcher|ReplicaAlterLogDirs|transaction-log-manager).*");

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

    /** CPU nanoseconds the broker's threads spent between {@code before} and {@code after}. */
    static long brokerNanos(Snapshot before, Snapshot after) {
        long sum = 0;
        for (var e : after.cpu().entrySet()) {
            String name = after.names().get(e.getKey());
            if (BROKER.matcher(name).matches()) {
                sum += e.getValue() - before.cpu().getOrDefault(e.getKey(), 0L);
            }
        }
        return sum;
    }
}
