package io.sightline.app.node;

import io.sightline.image.Images;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ceilings the pipeline's end-to-end rate is compared with, on the same images and with as many threads as
 * the pipeline has extraction threads: decoding alone (read + decode), the extractor alone (resize, backbone,
 * R-MAC) on decoded images, and the bare backbone on images already resized.
 */
public final class BackboneBaseline {
    /** Images per second of each phase alone, and of both back to back. */
    public record Result(int images, int threads, double decodePerSecond, double extractPerSecond,
                         double backbonePerSecond) {
        public double decodeAndExtractPerSecond() {
            return 1.0 / (1.0 / decodePerSecond + 1.0 / extractPerSecond);
        }
    }

    private final ExtractionStack extraction;
    private final int threads;

    public BackboneBaseline(ExtractionStack extraction, int threads) {
        this.extraction = extraction;
        this.threads = threads;
    }

    public Result run(List<Path> files) {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            long started = System.nanoTime();
            List<BufferedImage> decoded = new ArrayList<>();
            for (BufferedImage image : all(pool, files.stream().map(f -> (Callable<BufferedImage>) () -> decode(f)).toList())) {
                if (image != null) {
                    decoded.add(image);
                }
            }
            double decodeSeconds = (System.nanoTime() - started) / 1e9;
            started = System.nanoTime();
            all(pool, decoded.stream().map(img -> (Callable<float[]>) () -> extraction.extractor().extract(img)).toList());
            double extractSeconds = (System.nanoTime() - started) / 1e9;
            int side = extraction.extractor().longestSide();
            List<BufferedImage> resized = decoded.stream().map(img -> Images.resizeLongestSide(img, side)).toList();
            started = System.nanoTime();
            all(pool, resized.stream().map(img -> (Callable<?>) () -> extraction.backbone().extract(img)).toList());
            double backboneSeconds = (System.nanoTime() - started) / 1e9;
            return new Result(decoded.size(), threads, files.size() / decodeSeconds, decoded.size() / extractSeconds,
                    decoded.size() / backboneSeconds);
        }
    }

    /** Null for an image the pipeline would reject too. */
    private BufferedImage decode(Path file) {
        try {
            return extraction.decoder().decode(Files.readAllBytes(file));
        } catch (Exception e) {
            return null;
        }
    }

    private static <T> List<T> all(ExecutorService pool, List<Callable<T>> tasks) {
        try {
            List<T> results = new ArrayList<>(tasks.size());
            for (Future<T> future : pool.invokeAll(tasks)) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            throw new IllegalStateException("baseline failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
