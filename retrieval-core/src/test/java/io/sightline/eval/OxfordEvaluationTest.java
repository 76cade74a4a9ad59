package io.sightline.eval;

import io.sightline.backbone.OnnxBackbone;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.pooling.RMac;
import io.sightline.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The end-to-end retrieval check on the 250 real Paris photos (about 10-20 s on 2 cores). */
class OxfordEvaluationTest {

    private static final Logger log = LoggerFactory.getLogger(OxfordEvaluationTest.class);

    @Test
    void rmacOnFeatures17At512ReachesTheExpectedMap() throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        try (OnnxBackbone backbone = new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_17"), threads);
             DescriptorExtractor extractor = new DescriptorExtractor(backbone, "features_17", new RMac(3), 512, threads)) {
            EvalReport report = new OxfordEvaluation(new ImageDecoder(ImageLimits.defaults()), extractor)
                    .run(SharedData.parisImages(), SharedData.parisGroundTruth());
            log.info("paris subset R-MAC L3 features_17 s512: mAP12={} mAP11={} per query={}",
                    report.mAP(), report.mAPWithout("triomphe_5"), report.results());
            assertThat(report.results()).hasSize(12);
            assertThat(report.results()).allSatisfy(r -> assertThat(r.ap()).isBetween(0.0, 1.0));
            assertThat(report.mAP()).isGreaterThan(0.80);
        }
    }
}
