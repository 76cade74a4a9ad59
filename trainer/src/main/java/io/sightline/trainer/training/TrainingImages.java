package io.sightline.trainer.training;

import io.sightline.backbone.Backbone;
import io.sightline.backbone.FeatureMap;
import io.sightline.backbone.ImageNetNormalizer;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.image.Images;
import io.sightline.pooling.RegionVectors;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads training images the way the pipeline does (decoder, resize of the longest side) and turns them into what a
 * training level consumes: R-MAC region vectors of a frozen backbone, or normalised tensors for fine-tuning.
 */
public final class TrainingImages {

    private final Path imagesDir;
    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

    public TrainingImages(Path imagesDir) {
        this.imagesDir = imagesDir;
    }

    /** The image resized so its longest side is {@code side}. */
    public BufferedImage load(String name, int side) throws Exception {
        Path file = imagesDir.resolve(name + ".jpg");
        try {
            return Images.resizeLongestSide(decoder.decode(Files.readAllBytes(file)), side);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "training image " + name + " (" + file + ") cannot be read: " + e.getMessage(), e);
        }
    }

    /** L2-normalised region vectors ({@code [R, d]} per image) of {@code layer}, as the serving R-MAC pools them. */
    public List<float[][]> regionVectors(
            Backbone backbone, List<String> names, int side, String layer, int levels, int threads) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<float[][]>> futures = new ArrayList<>();
            for (String name : names) {
                futures.add(pool.submit(() -> {
                    FeatureMap map = backbone.extract(load(name, side)).get(layer);
                    return RegionVectors.of(map, levels).vectors().toArray(float[][]::new);
                }));
            }
            List<float[][]> out = new ArrayList<>(names.size());
            for (int i = 0; i < futures.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException(
                            "region vectors of " + names.get(i) + ": "
                                    + e.getCause().getMessage(),
                            e.getCause());
                } catch (InterruptedException e) {
                    // Interrupted again, so that closing the pool drops the queued images instead of extracting them
                    // all first (a stop waited ~20 s here; the JVM then exited under a running libtorch inference).
                    Thread.currentThread().interrupt();
                    throw new InterruptedException("interrupted extracting region vectors at " + names.get(i));
                }
            }
            return out;
        }
    }

    /** ImageNet-normalised tensors at longest side {@code side}, for fine-tuning. */
    public List<ImageTensor> tensors(List<String> names, int side) throws Exception {
        ImageNetNormalizer normalizer = ImageNetNormalizer.imagenet();
        List<ImageTensor> out = new ArrayList<>(names.size());
        for (String name : names) {
            BufferedImage image = load(name, side);
            out.add(new ImageTensor(normalizer.toChw(image), image.getHeight(), image.getWidth()));
        }
        return out;
    }

    /** All region vectors of all images in one list (what the initial PCA-whitening is learned from). */
    public static List<float[]> flatten(List<float[][]> regions) {
        List<float[]> all = new ArrayList<>();
        regions.forEach(r -> all.addAll(List.of(r)));
        return all;
    }
}
