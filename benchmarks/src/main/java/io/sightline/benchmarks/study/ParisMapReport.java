package io.sightline.benchmarks.study;

import io.sightline.backbone.OnnxBackbone;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.eval.EvalReport;
import io.sightline.eval.OxfordEvaluation;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.pooling.Gem;
import io.sightline.pooling.Mac;
import io.sightline.pooling.PoolingHead;
import io.sightline.pooling.RMac;
import io.sightline.testing.SharedData;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints mAP on the Paris subset for several heads and scales; a measurement tool, not a test. Run with the
 * bench class path (bench/README.md, "Running a study") and {@code -Dsightline.shared=/work/shared}; arguments are longest sides (default 512 1024).
 */
public final class ParisMapReport {

    private static final Logger log = LoggerFactory.getLogger(ParisMapReport.class);

    private ParisMapReport() {}

    public static void main(String[] args) throws Exception {
        List<Integer> sides = args.length == 0
                ? List.of(512, 1024)
                : List.of(args).stream().map(Integer::parseInt).toList();
        List<PoolingHead> heads = List.of(new RMac(3), new Gem(3), new Mac());
        int threads = Runtime.getRuntime().availableProcessors();
        try (OnnxBackbone backbone = new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_17"), threads)) {
            for (int side : sides) {
                for (PoolingHead head : heads) {
                    try (DescriptorExtractor extractor =
                            new DescriptorExtractor(backbone, "features_17", head, side, threads)) {
                        long t = System.nanoTime();
                        EvalReport r = new OxfordEvaluation(new ImageDecoder(ImageLimits.defaults()), extractor)
                                .run(SharedData.parisImages(), SharedData.parisGroundTruth());
                        log.info(
                                "RESULT head={} side={} mAP12={} mAP11={} seconds={}",
                                head.name(),
                                side,
                                String.format("%.4f", r.mAP()),
                                String.format("%.4f", r.mAPWithout("triomphe_5")),
                                String.format("%.1f", (System.nanoTime() - t) / 1e9));
                    }
                }
            }
        }
    }
}
