package io.sightline.trainer.training;

import io.sightline.bundle.BundleModel;
import io.sightline.bundle.ModelBundle;
import io.sightline.eval.OxfordEvaluation;
import io.sightline.eval.OxfordGroundTruth;
import io.sightline.eval.OxfordQuery;
import io.sightline.eval.PostProcessing;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures a trained bundle goes into its manifest with: Oxford mAP over the queries of the landmarks training
 * did not see (the database stays whole), plain and with the pipeline's default DBA + alpha-QE, the bundle built
 * exactly as a service builds it.
 */
final class HeldOutEvaluation {

    private HeldOutEvaluation() {}

    static Map<String, Double> figures(Path bundleDir, Path images, Path gt, List<String> trainPrefixes, int threads)
            throws Exception {
        List<OxfordQuery> heldOut = OxfordGroundTruth.load(gt).stream()
                .filter(q -> !TrainingLabels.isTraining(q.imageName(), trainPrefixes))
                .toList();
        Map<String, Double> figures = new LinkedHashMap<>();
        if (heldOut.isEmpty()) {
            return figures;
        }
        try (BundleModel.Opened model =
                BundleModel.open(ModelBundle.read(bundleDir).verifyBackbone(), threads, Map.of())) {
            OxfordEvaluation.Descriptors d = new OxfordEvaluation(
                            new ImageDecoder(ImageLimits.defaults()), model.extractor(), threads)
                    .describe(images, gt);
            figures.put("heldout.queries", (double) heldOut.size());
            figures.put(
                    "heldout.mAP", d.evaluate(PostProcessing.none(), heldOut).mAP());
            figures.put(
                    "heldout.mAP_" + PostProcessing.best().name(),
                    d.evaluate(PostProcessing.best(), heldOut).mAP());
        }
        return figures;
    }
}
