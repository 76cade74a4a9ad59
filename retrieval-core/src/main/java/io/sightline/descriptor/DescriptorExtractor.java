package io.sightline.descriptor;

import io.sightline.backbone.Backbone;
import io.sightline.backbone.ExtractionException;
import io.sightline.backbone.FeatureMap;
import io.sightline.image.Images;
import io.sightline.pooling.PoolingHead;
import io.sightline.pooling.Vectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Single-scale global descriptor: resize so the longest side is {@code longestSide}, run the backbone, pool
 * one layer with the head, L2-normalise. Thread-safe. {@link #close()} stops the worker threads of
 * {@link #extractAll}; the injected backbone belongs to the caller and stays open.
 */
public final class DescriptorExtractor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DescriptorExtractor.class);

    private final Backbone backbone;
    private final String layer;
    private final PoolingHead head;
    private final int longestSide;
    private final int dimension;
    private final ExecutorService workers;

    public DescriptorExtractor(Backbone backbone, String layer, PoolingHead head, int longestSide) {
        this(backbone, layer, head, longestSide, Runtime.getRuntime().availableProcessors());
    }

    public DescriptorExtractor(Backbone backbone, String layer, PoolingHead head, int longestSide, int threads) {
        if (!backbone.layers().contains(layer)) {
            throw new IllegalArgumentException("backbone " + backbone.id() + " does not return layer '" + layer
                    + "'; it returns " + backbone.layers());
        }
        if (longestSide <= 0 || threads <= 0) {
            throw new IllegalArgumentException("longestSide and threads must be positive: " + longestSide + ", " + threads);
        }
        this.backbone = backbone;
        this.layer = layer;
        this.head = head;
        this.longestSide = longestSide;
        this.dimension = probeDimension();
        this.workers = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("descriptor-", 0).daemon().factory());
        log.info("descriptor extractor ready modelVersion={} dim={} threads={}", modelVersion(), dimension, threads);
    }

    /** The head's output size depends on the layer's channels, so run it once on a tiny image to learn it. */
    private int probeDimension() {
        try {
            return pool(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB)).length;
        } catch (ExtractionException e) {
            throw new IllegalStateException("backbone " + backbone.id() + " fails on a probe image", e);
        }
    }

    public int dimension() {
        return dimension;
    }

    public int longestSide() {
        return longestSide;
    }

    public String modelVersion() {
        return backbone.id() + "/" + layer + "/" + head.name() + "/s" + longestSide;
    }

    /** The unit-length descriptor of a decoded image, at the configured longest side. */
    public float[] extract(BufferedImage decoded) throws ExtractionException {
        return pool(Images.resizeLongestSide(decoded, longestSide));
    }

    /** As {@link #extract}, with the decoded image's size attached. */
    public Descriptor describe(BufferedImage decoded) throws ExtractionException {
        return new Descriptor(extract(decoded), decoded.getWidth(), decoded.getHeight());
    }

    /**
     * The descriptor of an image scaled by an explicit factor instead of to the longest side. Queries cropped
     * from a larger image use the factor of their full image so objects keep the scale of the database.
     */
    public float[] extractScaled(BufferedImage decoded, double scale) throws ExtractionException {
        return pool(Images.scale(decoded, scale));
    }

    /** Descriptors of many images on the worker threads, in input order. */
    public List<float[]> extractAll(List<BufferedImage> images) throws ExtractionException {
        List<Future<float[]>> futures = new ArrayList<>(images.size());
        for (BufferedImage image : images) {
            futures.add(workers.submit(() -> extract(image)));
        }
        List<float[]> out = new ArrayList<>(images.size());
        try {
            for (int i = 0; i < futures.size(); i++) {
                out.add(await(futures.get(i), i));
            }
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
        return out;
    }

    private static float[] await(Future<float[]> f, int index) throws ExtractionException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExtractionException("interrupted extracting image " + index, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ExtractionException ee) {
                throw ee;
            }
            throw new ExtractionException("image " + index + " failed: " + e.getCause(), e.getCause());
        }
    }

    private float[] pool(BufferedImage resized) throws ExtractionException {
        Map<String, FeatureMap> maps = backbone.extract(resized);
        FeatureMap map = maps.get(layer);
        if (map == null) {
            throw new ExtractionException("backbone " + backbone.id() + " returned no '" + layer + "' map");
        }
        try {
            return Vectors.l2normalize(head.pool(map));
        } catch (RuntimeException e) {
            throw new ExtractionException("head " + head.name() + " failed on a " + map.channels() + "x"
                    + map.height() + "x" + map.width() + " map of " + layer, e);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
