package io.sightline.app.node;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Times the extractor alone (resize, backbone, R-MAC) on already decoded images with as many threads as the
 * pipeline has stream threads: the ceiling the pipeline's end-to-end rate is compared with.
 */
public final class BackboneBaseline {
    /** Images per second over all images, and the threads used. */
    public record Result(int images, int threads, double imagesPerSecond) {
    }

    private final ExtractionStack extraction;
    private final int threads;

    public BackboneBaseline(ExtractionStack extraction, int threads) {
        this.extraction = extraction;
        this.threads = threads;
    }

    public Result run(List<Path> files) {
        List<BufferedImage> decoded = new ArrayList<>();
        for (Path file : files) {
            try {
                decoded.add(extraction.decoder().decode(Files.readAllBytes(file)));
            } catch (Exception e) {
                // Images the pipeline rejected are not part of the baseline either.
            }
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            long started = System.nanoTime();
            List<Future<float[]>> results = new ArrayList<>();
            for (BufferedImage image : decoded) {
                results.add(pool.submit(() -> extraction.extractor().extract(image)));
            }
            for (Future<float[]> result : results) {
                result.get();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Result(decoded.size(), threads, decoded.size() / seconds);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("baseline extraction failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
