package io.sightline.trainer.service;

import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.eval.OxfordEvaluation;
import io.sightline.eval.OxfordGroundTruth;
import io.sightline.eval.OxfordQuery;
import io.sightline.eval.PostProcessing;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The figure a candidate is accepted on: Oxford-protocol mAP (no post-processing) on the evaluation set, over
 * the queries whose image the candidate did not train on, so it is never scored on what it saw. The same
 * evaluation scores the baseline, so the two figures compare like with like.
 */
public final class HeldOutScore {

    /** Manifest figure key of this score. */
    public static final String MAP = "trainer.eval.mAP";
    /** Manifest figure key of the number of queries it was measured over. */
    public static final String QUERIES = "trainer.eval.queries";

    private final Path images;
    private final Path groundTruth;
    private final int threads;

    public HeldOutScore(Path images, Path groundTruth, int threads) {
        this.images = images;
        this.groundTruth = groundTruth;
        this.threads = threads;
    }

    /** The queries scored when training saw {@code trainingImages} (image names without extension). */
    /** The evaluation collection's images (the trainer also learns codebooks on them). */
    public Path images() {
        return images;
    }

    public List<OxfordQuery> queries(Set<String> trainingImages) throws Exception {
        return OxfordGroundTruth.load(groundTruth).stream()
                .filter(q -> !trainingImages.contains(q.imageName().replaceFirst("\\.jpg$", "")))
                .toList();
    }

    public Score score(DescriptorExtractor extractor, Set<String> trainingImages) throws Exception {
        List<OxfordQuery> scored = queries(trainingImages);
        if (scored.isEmpty()) {
            throw new IllegalStateException(
                    "no evaluation query left in " + groundTruth + ": every query image is among the training images");
        }
        OxfordEvaluation.Descriptors d = new OxfordEvaluation(
                        new ImageDecoder(ImageLimits.defaults()), extractor, threads)
                .describe(images, groundTruth);
        return new Score(d.evaluate(PostProcessing.none(), scored).mAP(), scored.size());
    }

    /** mAP over {@code queries} queries. */
    public record Score(double mAP, int queries) {}
}
