package io.sightline.benchmarks.ingest;

import io.sightline.app.node.LocalSystem;
import io.sightline.app.node.ProcessCpu;
import io.sightline.app.node.UploadPublisher;
import io.sightline.streams.index.IndexShard;
import io.sightline.streams.ingest.StageCpuTotals;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The whole pipeline through Kafka on a set of images: publish rate (as fast as possible, or a steady rate),
 * end-to-end images/s, and for every image the time from its event being acknowledged to it being searchable.
 */
public final class IngestBench {
    /** Images/s from the first publish to the last image searchable, and event-to-searchable latencies. */
    public record Result(
            int published,
            int indexed,
            int rejected,
            int pending,
            double seconds,
            double imagesPerSecond,
            double p50Ms,
            double p99Ms,
            double maxMs,
            double cpuMsPerImage,
            Map<String, Double> threadCpuMsPerImage,
            Map<String, Double> stageCpuMsPerImage) {
        /**
         * The pipeline's own decode and extraction CPU per image (its {@code stageCpuMsPerImage}, counted on the
         * threads that did them during this pass) over its whole CPU per image: the efficiency over the same seconds.
         */
        public double sameRunEfficiency() {
            return (stageCpuMsPerImage.get("decode") + stageCpuMsPerImage.get("extract")) / cpuMsPerImage;
        }

        /** The in-process broker's share of {@link #cpuMsPerImage}, which a deployment's broker does not take. */
        public double brokerCpuMsPerImage() {
            return threadCpuMsPerImage.get("broker");
        }

        /** CPU per image of the bench's own threads: the event publisher and the searchability probe. */
        public double harnessCpuMsPerImage() {
            return threadCpuMsPerImage.get("harness");
        }
    }

    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();
    /**
     * Images a periodic check looks up when the live count has not moved (an update adds no document): checking
     * hundreds every few milliseconds would take CPU from the extraction being measured.
     */
    private static final int CHECKS_PER_ROUND = 16;

    /** Every this many rounds the oldest pending images are looked up even though the live count has not moved. */
    private static final int PERIODIC_CHECK_ROUNDS = 50;

    /** The window over which {@link #awaitQuiet} measures the pipeline's background work. */
    private static final Duration QUIET_WINDOW = Duration.ofMillis(500);

    private final LocalSystem system;

    public IngestBench(LocalSystem system) {
        this.system = system;
    }

    /**
     * Waits, at most {@code max}, until the pipeline's background threads (broker, index with its reopens and
     * merges, clients) use under 2% of a core: the stage benches measure process CPU, and a merge or log roll still
     * running after the measured pass would be counted as decoding or inference. Returns how long it waited.
     */
    public Duration awaitQuiet(Duration max) {
        ThreadCpu cpu = new ThreadCpu();
        long started = System.nanoTime();
        ThreadCpu.Snapshot before = cpu.snapshot();
        while (System.nanoTime() - started < max.toNanos()) {
            LockSupport.parkNanos(QUIET_WINDOW.toNanos());
            ThreadCpu.Snapshot after = cpu.snapshot();
            Map<ThreadCpu.Group, Long> spent = ThreadCpu.nanosByGroup(before, after);
            long background = spent.get(ThreadCpu.Group.BROKER)
                    + spent.get(ThreadCpu.Group.INDEX)
                    + spent.get(ThreadCpu.Group.CLIENTS);
            if (background < QUIET_WINDOW.toNanos() / 50) {
                break;
            }
            before = after;
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /**
     * Sends {@code files} through the whole pipeline and measures it.
     *
     * @param idPrefix prepended to each image id: a warm-up pass sends copies ({@code warmup1-...}) so the measured
     *                 pass indexes new images, not updates of the warm-up's
     * @param rate     images per second to publish at; 0 publishes everything at once
     */
    public Result run(List<Path> files, String idPrefix, double rate, Duration timeout) {
        Map<String, Long> publishedAt = new java.util.concurrent.ConcurrentHashMap<>();
        UploadPublisher publisher = system.publisher();
        long started = System.nanoTime();
        long cpuStarted = ProcessCpu.nanos();
        IndexShard shards = system.shards();
        // This pass's ids are new, so the shards' live count grows by one per image of it that became searchable.
        int visibleBefore = shards.count();
        ThreadCpu threadCpu = new ThreadCpu();
        ThreadCpu.Snapshot threadsStarted = threadCpu.snapshot();
        Map<String, Double> stagesStarted = StageCpuTotals.now();
        Thread producer = Thread.ofPlatform().name("bench-publisher").start(() -> {
            long next = System.nanoTime();
            for (Path file : files) {
                if (rate > 0) {
                    LockSupport.parkNanos(next - System.nanoTime());
                    next += (long) (1e9 / rate);
                }
                String id = idPrefix + UploadPublisher.imageId(file);
                publisher.publishAs(id, file, UploadPublisher.SourceMode.URI);
                publishedAt.put(id, System.nanoTime());
            }
        });
        List<Double> latencies = new ArrayList<>();
        Map<String, Boolean> pending = new LinkedHashMap<>();
        files.forEach(f -> pending.put(idPrefix + UploadPublisher.imageId(f), Boolean.TRUE));
        int indexed = 0;
        int rejected = 0;
        long rounds = 0;
        int countAtLastScan = visibleBefore;
        long lastDone = started;
        long deadline = started + timeout.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            for (String id : system.deadLetters().byImage().keySet()) {
                if (pending.remove(id) != null) {
                    lastDone = System.nanoTime();
                    rejected++;
                }
            }
            // The probe is the bench's own cost, counted in the pipeline's CPU, so it looks images up only when the
            // shards' live count has moved, and only until it has found as many as became searchable: one scan per
            // movement, so a document that is not this pass's cannot make it scan every round. Looking up the 16
            // oldest pending images every round while a newer one was searchable (the extract threads take their
            // partitions in their own order) cost 4.3-4.9 CPU ms per image on a CPU that spent 150 on the pipeline.
            int count = shards.count();
            boolean moved = count != countAtLastScan;
            countAtLastScan = count;
            int toFind = moved ? count - visibleBefore - indexed : 0;
            boolean periodic = ++rounds % PERIODIC_CHECK_ROUNDS == 0;
            int checked = 0;
            for (Iterator<String> it = pending.keySet().iterator();
                    it.hasNext() && (toFind > 0 || (periodic && checked < CHECKS_PER_ROUND)); ) {
                String id = it.next();
                Long sent = publishedAt.get(id);
                if (sent == null) {
                    break; // not published yet, nor is anything after it
                }
                checked++;
                if (shards.contains(id)) {
                    long now = System.nanoTime();
                    latencies.add((now - sent) / 1e6);
                    lastDone = now;
                    indexed++;
                    toFind--;
                    it.remove();
                }
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        try {
            producer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double seconds = (lastDone - started) / 1e9;
        double cpuMs = (ProcessCpu.nanos() - cpuStarted) / 1e6;
        Map<ThreadCpu.Group, Long> byGroup = ThreadCpu.nanosByGroup(threadsStarted, threadCpu.snapshot());
        Map<String, Double> stagesEnded = StageCpuTotals.now();
        int done = Math.max(1, indexed + rejected);
        // Process CPU less the Java threads': the JVM's GC and JIT threads (and any native thread of its own).
        Map<String, Double> byThreads = new LinkedHashMap<>();
        long javaThreads = 0;
        for (var e : byGroup.entrySet()) {
            byThreads.put(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue() / 1e6 / done);
            javaThreads += e.getValue();
        }
        byThreads.put("jvm", (cpuMs - javaThreads / 1e6) / done);
        double[] sorted =
                latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Result(
                files.size(),
                indexed,
                rejected,
                pending.size(),
                seconds,
                indexed / seconds,
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1],
                cpuMs / done,
                byThreads,
                StageMetrics.msPerImage(stagesStarted, stagesEnded, done));
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
