package io.sightline.eval;

import io.sightline.backbone.ExtractionException;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageFiles;
import io.sightline.image.ImageLoadException;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Unlabelled extra descriptors of a collection's own photos: each mirrored, and each (mirrored or not) at
 * {@value #SMALLER} of the extraction size. Codebooks need at least 256 training vectors per sub-quantizer, more
 * than a 250-image collection has; views of the same photos keep the training distribution that of the database.
 */
public final class TrainingViews {
    static final double SMALLER = 0.75;

    private final ImageDecoder decoder;
    private final DescriptorExtractor extractor;
    private final int threads;

    public TrainingViews(ImageDecoder decoder, DescriptorExtractor extractor, int threads) {
        this.decoder = decoder;
        this.extractor = extractor;
        this.threads = threads;
    }

    /** Three views per photo of the folder ({@link ImageFiles}), in name order. */
    public List<float[]> describe(Path imagesDir) throws IOException, ExtractionException {
        return describe(imagesDir, false);
    }

    /**
     * The descriptor of each photo of the folder followed by its three views, in name order: a codebook
     * training set of four vectors per photo.
     */
    public List<float[]> describeWithOriginals(Path imagesDir) throws IOException, ExtractionException {
        return describe(imagesDir, true);
    }

    private List<float[]> describe(Path imagesDir, boolean originals) throws IOException, ExtractionException {
        List<Path> files = ImageFiles.list(imagesDir);
        List<float[]> out = new ArrayList<>(files.size() * 3);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<List<float[]>>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> views(f, originals)));
            }
            for (int i = 0; i < files.size(); i++) {
                out.addAll(futures.get(i).get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExtractionException("interrupted while describing training views of " + imagesDir, e);
        } catch (ExecutionException e) {
            throw new ExtractionException(
                    "training views of " + imagesDir + ": " + e.getCause().getMessage(), e.getCause());
        }
        return out;
    }

    private List<float[]> views(Path file, boolean original) throws ExtractionException, ImageLoadException {
        BufferedImage image;
        try {
            image = decoder.decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        BufferedImage mirrored = mirror(image);
        double smaller = SMALLER * extractor.longestSide() / Math.max(image.getWidth(), image.getHeight());
        List<float[]> out = new ArrayList<>(4);
        if (original) {
            out.add(extractor.extract(image));
        }
        out.add(extractor.extract(mirrored));
        out.add(extractor.extractScaled(image, smaller));
        out.add(extractor.extractScaled(mirrored, smaller));
        return out;
    }

    private static BufferedImage mirror(BufferedImage image) {
        AffineTransform flip = AffineTransform.getScaleInstance(-1, 1);
        flip.translate(-image.getWidth(), 0);
        return new AffineTransformOp(flip, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(image, null);
    }
}
