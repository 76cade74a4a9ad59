package io.sightline.descriptor;

import io.sightline.backbone.Backbone;
import io.sightline.backbone.BackboneClosedException;
import io.sightline.backbone.ExtractionException;
import io.sightline.backbone.FeatureMap;
import io.sightline.image.Images;
import io.sightline.pooling.GlobalHead;
import io.sightline.pooling.PoolingHead;
import io.sightline.pooling.Vectors;
import io.sightline.verify.CellFeatures;
import io.sightline.verify.FeatureMapKeypoints;
import io.sightline.verify.LocalFeatures;
import io.sightline.whitening.Whitening;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Global descriptor: for each scale of a {@link MultiScale} resize so the longest side is {@code longestSide}
 * times the scale factor, run the backbone, apply the head to its maps and L2-normalise; combine the scales;
 * optionally whiten; L2-normalise. The single-layer, single-scale constructors keep their old behaviour.
 * Thread-safe. {@link #close()} stops the worker threads of
 * {@link #extractAll}; the injected backbone belongs to the caller and stays open.
 */
public final class DescriptorExtractor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DescriptorExtractor.class);

    private final Backbone backbone;
    private final GlobalHead head;
    private final int longestSide;
    private final MultiScale scales;
    private final Optional<Whitening> whitening;
    private final int dimension;
    private final Optional<String> version;
    private final Optional<CellFeatures> cells;
    private final int cellScale;
    private final ExecutorService workers;

    public DescriptorExtractor(Backbone backbone, String layer, PoolingHead head, int longestSide) {
        this(backbone, layer, head, longestSide, Runtime.getRuntime().availableProcessors());
    }

    public DescriptorExtractor(Backbone backbone, String layer, PoolingHead head, int longestSide, int threads) {
        this(backbone, GlobalHead.of(layer, head), longestSide, MultiScale.single(), Optional.empty(), threads);
    }

    /**
     * @param whitening applied to the combined multi-scale vector, before the final L2 (for heads that whiten
     *                  global vectors; R-MAC and REMAP carry their own)
     */
    public DescriptorExtractor(
            Backbone backbone,
            GlobalHead head,
            int longestSide,
            MultiScale scales,
            Optional<Whitening> whitening,
            int threads) {
        this(backbone, head, longestSide, scales, whitening, threads, Optional.empty());
    }

    /** @param version the model version descriptors carry, e.g. a bundle's; by default derived from the parts */
    public DescriptorExtractor(
            Backbone backbone,
            GlobalHead head,
            int longestSide,
            MultiScale scales,
            Optional<Whitening> whitening,
            int threads,
            Optional<String> version) {
        this(backbone, head, longestSide, scales, whitening, threads, version, Optional.empty());
    }

    /**
     * @param cells local features to keep from the largest scale's maps (for geometric verification); the
     *              backbone must return their layer
     */
    public DescriptorExtractor(
            Backbone backbone,
            GlobalHead head,
            int longestSide,
            MultiScale scales,
            Optional<Whitening> whitening,
            int threads,
            Optional<String> version,
            Optional<CellFeatures> cells) {
        cells.ifPresent(c -> {
            if (!backbone.layers().contains(c.layer())) {
                throw new IllegalArgumentException("backbone " + backbone.id() + " does not return layer '" + c.layer()
                        + "' for local features; it returns " + backbone.layers());
            }
        });
        for (String layer : head.layers()) {
            if (!backbone.layers().contains(layer)) {
                throw new IllegalArgumentException("backbone " + backbone.id() + " does not return layer '" + layer
                        + "'; it returns " + backbone.layers());
            }
        }
        if (longestSide <= 0 || threads <= 0) {
            throw new IllegalArgumentException(
                    "longestSide and threads must be positive: " + longestSide + ", " + threads);
        }
        this.backbone = backbone;
        this.head = head;
        this.longestSide = longestSide;
        this.scales = scales;
        this.whitening = whitening;
        this.version = version;
        this.cells = cells;
        this.cellScale = largestScale(scales);
        this.dimension = probeDimension();
        this.workers = Executors.newFixedThreadPool(
                threads, Thread.ofPlatform().name("descriptor-", 0).daemon().factory());
        log.info("descriptor extractor ready modelVersion={} dim={} threads={}", modelVersion(), dimension, threads);
    }

    /** The head's output size depends on the layer's channels, so run it once on a tiny image to learn it. */
    private int probeDimension() {
        try {
            float[] one = pool(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB));
            return finish(java.util.Collections.nCopies(scales.factors().size(), one)).length;
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

    /** The longest side of the largest input the backbone sees: a decoder needs no more pixels than this. */
    public int largestInputSide() {
        double largest =
                scales.factors().stream().mapToDouble(Double::doubleValue).max().orElse(1.0);
        return (int) Math.round(longestSide * largest);
    }

    public String modelVersion() {
        if (version.isPresent()) {
            return version.get();
        }
        return backbone.id() + "/" + head.name() + "/s" + longestSide + scales.tag()
                + whitening.map(w -> "/" + w.name()).orElse("");
    }

    /** The unit-length descriptor of a decoded image, at the configured longest side times each scale factor. */
    public float[] extract(BufferedImage decoded) throws ExtractionException {
        return describe(decoded).vector();
    }

    /**
     * As {@link #extract}, with the decoded image's size attached and, if this extractor keeps them, its local
     * features (selected from the largest scale's maps: no extra inference).
     */
    public Descriptor describe(BufferedImage decoded) throws ExtractionException {
        return describe(decoded, f -> Images.resizeLongestSide(decoded, (int) Math.round(longestSide * f)));
    }

    /** One backbone pass per scale factor on {@code resize(factor)}; cells from the largest scale's maps. */
    private Descriptor describe(BufferedImage decoded, java.util.function.DoubleFunction<BufferedImage> resize)
            throws ExtractionException {
        List<float[]> perScale = new ArrayList<>(scales.factors().size());
        Optional<LocalFeatures> local = Optional.empty();
        for (int s = 0; s < scales.factors().size(); s++) {
            BufferedImage resized = resize.apply(scales.factors().get(s));
            Map<String, FeatureMap> maps = backbone.extract(resized);
            perScale.add(head(maps, resized));
            if (s == cellScale && cells.isPresent()) {
                local = Optional.of(select(maps, resized, decoded));
            }
        }
        return new Descriptor(finish(perScale), decoded.getWidth(), decoded.getHeight(), local);
    }

    /** Whether {@link #describe} returns local features. */
    public Optional<CellFeatures> cellFeatures() {
        return cells;
    }

    private LocalFeatures select(Map<String, FeatureMap> maps, BufferedImage resized, BufferedImage decoded)
            throws ExtractionException {
        CellFeatures c = cells.orElseThrow();
        FeatureMap map = maps.get(c.layer());
        if (map == null) {
            throw new ExtractionException("backbone " + backbone.id() + " returned no map '" + c.layer() + "' for a "
                    + resized.getWidth() + "x" + resized.getHeight() + " input; got " + maps.keySet());
        }
        return FeatureMapKeypoints.select(
                map,
                resized.getWidth(),
                resized.getHeight(),
                decoded.getWidth(),
                decoded.getHeight(),
                c.maxKeypoints());
    }

    private static int largestScale(MultiScale scales) {
        int best = 0;
        for (int s = 1; s < scales.factors().size(); s++) {
            if (scales.factors().get(s) > scales.factors().get(best)) {
                best = s;
            }
        }
        return best;
    }

    /**
     * The descriptor of an image scaled by an explicit factor instead of to the longest side. Queries cropped
     * from a larger image use the factor of their full image so objects keep the scale of the database.
     */
    public float[] extractScaled(BufferedImage decoded, double scale) throws ExtractionException {
        return describeScaled(decoded, scale).vector();
    }

    /** As {@link #extractScaled}, with local features as {@link #describe} has them. */
    public Descriptor describeScaled(BufferedImage decoded, double scale) throws ExtractionException {
        return describe(decoded, f -> Images.scale(decoded, scale * f));
    }

    public MultiScale scales() {
        return scales;
    }

    private float[] finish(List<float[]> perScale) {
        if (perScale.size() == 1 && whitening.isEmpty()) {
            return perScale.getFirst();
        }
        // Unit length before whitening: whitenings are learned on the extractor's unit descriptors (fit), so
        // they must be applied to the same, whatever the number of scales summed.
        float[] combined = Vectors.l2normalize(scales.combine(perScale));
        return whitening.isEmpty()
                ? combined
                : Vectors.l2normalize(whitening.get().apply(combined));
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
            if (e.getCause() instanceof BackboneClosedException closed) {
                throw closed;
            }
            throw new ExtractionException("image " + index + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** One image's outcome in a batch: its descriptor, or why it failed (the others are unaffected). */
    public record Extracted(float[] vector, LocalFeatures local, ExtractionException error) {
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * Descriptors of a micro-batch, in order, the same as {@link #extract} image by image (up to float rounding).
     * At a single scale, images that have the same size once resized go through the backbone as one batch; if a
     * batch fails, its images are retried one by one so that one bad image fails alone. A closed backbone fails no
     * image: it throws {@link BackboneClosedException}.
     */
    public List<Extracted> extractBatch(List<BufferedImage> decoded) {
        List<Extracted> out = new ArrayList<>(java.util.Collections.nCopies(decoded.size(), (Extracted) null));
        if (!scales.isSingle() || decoded.size() == 1) {
            for (int i = 0; i < decoded.size(); i++) {
                out.set(i, extractOne(decoded.get(i)));
            }
            return out;
        }
        Map<Long, List<Integer>> bySize = new java.util.LinkedHashMap<>();
        List<BufferedImage> resized = new ArrayList<>(decoded.size());
        for (int i = 0; i < decoded.size(); i++) {
            BufferedImage r = Images.resizeLongestSide(decoded.get(i), longestSide);
            resized.add(r);
            bySize.computeIfAbsent(((long) r.getWidth() << 32) | r.getHeight(), k -> new ArrayList<>())
                    .add(i);
        }
        for (List<Integer> group : bySize.values()) {
            try {
                List<Map<String, FeatureMap>> maps =
                        backbone.extractBatch(group.stream().map(resized::get).toList());
                for (int j = 0; j < group.size(); j++) {
                    BufferedImage r = resized.get(group.get(j));
                    Optional<LocalFeatures> local = cells.isPresent()
                            ? Optional.of(select(maps.get(j), r, decoded.get(group.get(j))))
                            : Optional.empty();
                    out.set(
                            group.get(j),
                            new Extracted(finish(List.of(head(maps.get(j), r))), local.orElse(null), null));
                }
            } catch (BackboneClosedException e) {
                throw e; // stopping, not a bad batch: the images are redone after a restart
            } catch (ExtractionException | RuntimeException e) {
                log.warn("batch of {} images failed, retrying them one by one: {}", group.size(), e.toString());
                group.forEach(i -> out.set(i, extractOne(decoded.get(i))));
            }
        }
        return out;
    }

    private Extracted extractOne(BufferedImage image) {
        try {
            Descriptor d = describe(image);
            return new Extracted(d.vector(), d.local().orElse(null), null);
        } catch (ExtractionException e) {
            return new Extracted(null, null, e);
        } catch (BackboneClosedException e) {
            throw e; // not this image's fault: no dead letter
        } catch (RuntimeException e) {
            return new Extracted(null, null, new ExtractionException("extraction failed: " + e, e));
        }
    }

    /** One scale: backbone, head, L2. */
    private float[] pool(BufferedImage resized) throws ExtractionException {
        return head(backbone.extract(resized), resized);
    }

    /** The head and L2 over one image's maps. */
    private float[] head(Map<String, FeatureMap> maps, BufferedImage resized) throws ExtractionException {
        try {
            return Vectors.l2normalize(head.describe(maps));
        } catch (RuntimeException e) {
            throw new ExtractionException(
                    "head " + head.name() + " failed on maps " + maps.keySet() + " of a " + resized.getWidth() + "x"
                            + resized.getHeight() + " image",
                    e);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
