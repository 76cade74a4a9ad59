package io.sightline.app.node;

import io.sightline.backbone.FeatureMap;
import io.sightline.image.Images;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * Each extraction stage alone on the same images, with as many threads as the pipeline has extraction threads:
 * the ceilings the pipeline's end-to-end rate is compared with. Every stage gets its inputs ready-made by the
 * stage before, so it measures only itself.
 */
public final class StageBench {
    /** Images per second of each stage alone. */
    public record Result(
            int images,
            int threads,
            double decodePerSecond,
            double resizePerSecond,
            double backbonePerSecond,
            double headPerSecond,
            double extractorPerSecond,
            double decodeCpuMs,
            double backboneCpuMs,
            double extractorCpuMs,
            double decodeOwnCpuMs,
            double extractorOwnCpuMs) {
        /** Decode, then the whole extractor (resize + backbone + head), back to back. */
        public double decodeAndExtractPerSecond() {
            return 1.0 / (1.0 / decodePerSecond + 1.0 / extractorPerSecond);
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final ExtractionStack extraction;
    private final int threads;
    private final int batch;

    /** @param batch images per backbone call in the bare-backbone stage, as the pipeline's micro-batches */
    public StageBench(ExtractionStack extraction, int threads, int batch) {
        this.extraction = extraction;
        this.threads = threads;
        this.batch = batch;
    }

    public Result run(List<Path> files) {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            int side = extraction.extractor().longestSide();
            Timed<BufferedImage> decoded = time(pool, files, this::decode);
            List<BufferedImage> images = decoded.results().stream()
                    .filter(java.util.Objects::nonNull)
                    .toList();
            Timed<BufferedImage> resized = time(pool, images, img -> Images.resizeLongestSide(img, side));
            Timed<List<Map<String, FeatureMap>>> batches = time(
                    pool,
                    sameSizeBatches(resized.results()),
                    b -> extraction.backbone().extractBatch(b));
            Timed<Map<String, FeatureMap>> maps = new Timed<>(
                    batches.results().stream().flatMap(List::stream).toList(),
                    batches.seconds(),
                    batches.cpuSeconds(),
                    batches.ownCpuSeconds());
            Timed<float[]> pooled =
                    time(pool, maps.results(), m -> extraction.head().describe(m));
            Timed<float[]> extracted =
                    time(pool, images, img -> extraction.extractor().extract(img));
            return new Result(
                    images.size(),
                    threads,
                    decoded.perSecond(),
                    resized.perSecond(),
                    maps.perSecond(),
                    pooled.perSecond(),
                    extracted.perSecond(),
                    decoded.cpuMsPerItem(),
                    maps.cpuMsPerItem(),
                    extracted.cpuMsPerItem(),
                    decoded.ownCpuMsPerItem(),
                    extracted.ownCpuMsPerItem());
        }
    }

    /** Images grouped into batches of at most {@code batch} images of one size (one backbone call each). */
    private List<List<BufferedImage>> sameSizeBatches(List<BufferedImage> images) {
        Map<Long, List<BufferedImage>> bySize = new java.util.LinkedHashMap<>();
        images.forEach(i -> bySize.computeIfAbsent(((long) i.getWidth() << 32) | i.getHeight(), k -> new ArrayList<>())
                .add(i));
        List<List<BufferedImage>> out = new ArrayList<>();
        for (List<BufferedImage> same : bySize.values()) {
            for (int from = 0; from < same.size(); from += batch) {
                out.add(same.subList(from, Math.min(same.size(), from + batch)));
            }
        }
        return out;
    }

    /** As the pipeline decodes (only the pixels the backbone needs); null for an image the pipeline would reject. */
    private BufferedImage decode(Path file) {
        try {
            return extraction
                    .decoder()
                    .decode(Files.readAllBytes(file), extraction.extractor().largestInputSide())
                    .image();
        } catch (Exception e) {
            return null;
        }
    }

    private interface Stage<I, O> {
        O apply(I input) throws Exception;
    }

    /**
     * Wall time; CPU time of the whole process (every thread, ONNX Runtime's native ones too, and whatever else the
     * JVM runs meanwhile: JIT, GC, an idle pipeline's background); and CPU time of the threads that ran the stage
     * alone, which ONNX Runtime's inference is part of when it runs on its caller's thread (model.intra.op.threads
     * 1, the default).
     */
    private record Timed<T>(List<T> results, double seconds, double cpuSeconds, double ownCpuSeconds) {
        double perSecond() {
            return results.size() / seconds;
        }

        double cpuMsPerItem() {
            return cpuSeconds * 1000 / results.size();
        }

        double ownCpuMsPerItem() {
            return ownCpuSeconds * 1000 / results.size();
        }
    }

    private static <I, O> Timed<O> time(ExecutorService pool, List<I> inputs, Stage<I, O> stage) {
        LongAdder own = new LongAdder();
        List<Callable<O>> tasks = inputs.stream()
                .map(in -> (Callable<O>) () -> {
                    long before = THREADS.getCurrentThreadCpuTime();
                    try {
                        return stage.apply(in);
                    } finally {
                        own.add(THREADS.getCurrentThreadCpuTime() - before);
                    }
                })
                .toList();
        long started = System.nanoTime();
        long cpuStarted = ProcessCpu.nanos();
        try {
            List<O> results = new ArrayList<>(tasks.size());
            for (Future<O> future : pool.invokeAll(tasks)) {
                results.add(future.get());
            }
            return new Timed<>(
                    results,
                    (System.nanoTime() - started) / 1e9,
                    (ProcessCpu.nanos() - cpuStarted) / 1e9,
                    own.sum() / 1e9);
        } catch (ExecutionException e) {
            throw new IllegalStateException("stage failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
