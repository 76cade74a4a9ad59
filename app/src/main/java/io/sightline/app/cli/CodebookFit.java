package io.sightline.app.cli;

import io.sightline.app.node.UploadPublisher;
import io.sightline.bundle.BundleQuantizers;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.eval.TrainingViews;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.index.Quantizers;
import io.sightline.pq.KMeansParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@code fit} learns PQ / IVF-PQ codebooks: on the descriptors of the collection's photos and three views of
 * each (mirrored, smaller; {@link TrainingViews}), because a code book of 256 centroids per sub-space needs more
 * vectors than a small collection has, and views keep the training distribution that of the indexed descriptors.
 *
 * @param pqM      flat PQ sub-quantizers, 0 for none
 * @param ivfNlist IVF cells, 0 for none
 * @param ivfM     sub-quantizers of the IVF residual PQ
 * @param seed     k-means seed
 */
record CodebookFit(int pqM, int ivfNlist, int ivfM, long seed) {

    /** What was learned and from how many vectors. */
    record Learned(Quantizers quantizers, int vectors, String description) {
    }

    CodebookFit {
        if (pqM < 0 || ivfNlist < 0 || ivfM < 1) {
            throw new IllegalArgumentException("--pq-m and --ivf-nlist must be >= 0 and --ivf-m >= 1");
        }
    }

    /** Fails early, before any image is read, when the sub-quantizers do not divide the dimension. */
    void check(int dimension) {
        for (int m : ivfNlist > 0 ? List.of(pqM, ivfM) : List.of(pqM)) {
            if (m > 0 && dimension % m != 0) {
                throw new IllegalArgumentException("the bundle's descriptors have " + dimension + " dimensions, which "
                        + m + " sub-quantizers do not divide; pick a divisor of " + dimension);
            }
        }
    }

    /** {@code pq32-ivf16x32}-like, for the bundle's version. */
    String name() {
        List<String> parts = new ArrayList<>();
        if (pqM > 0) {
            parts.add("pq" + pqM);
        }
        if (ivfNlist > 0) {
            parts.add("ivf" + ivfNlist + "x" + ivfM);
        }
        return String.join("-", parts);
    }

    Learned learn(DescriptorExtractor extractor, Path imagesDir) throws Exception {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
        List<Path> files = UploadPublisher.imagesIn(imagesDir);
        List<float[]> vectors = new ArrayList<>();
        for (Path file : files) {
            vectors.add(extractor.extract(decoder.decode(Files.readAllBytes(file))));
        }
        vectors.addAll(new TrainingViews(decoder, extractor, Runtime.getRuntime().availableProcessors())
                .describe(imagesDir));
        Quantizers quantizers = BundleQuantizers.train(vectors, pqM, ivfNlist, ivfM, KMeansParams.defaults(seed));
        String description = name() + " codebooks (k-means seed " + seed + ") learned from " + vectors.size()
                + " descriptors: " + files.size() + " images in " + imagesDir + " and 3 views of each";
        return new Learned(quantizers, vectors.size(), description);
    }
}
