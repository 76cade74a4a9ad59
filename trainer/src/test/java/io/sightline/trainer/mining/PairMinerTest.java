package io.sightline.trainer.mining;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.backbone.OnnxBackbone;
import io.sightline.data.DatasetLocations;
import io.sightline.descriptor.Descriptor;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.descriptor.MultiScale;
import io.sightline.eval.LooGroundTruth;
import io.sightline.eval.OxfordGroundTruth;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.pooling.GlobalHead;
import io.sightline.pooling.RMac;
import io.sightline.testing.SharedData;
import io.sightline.verify.CellFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Mining on the in-repository sample (40 real photos of five landmarks, no labels read): the verified pairs are
 * nearly all of one landmark (checked against the ground truth afterwards), every positive has the inliers asked
 * for, and the result does not depend on the run.
 */
class PairMinerTest {

    @Test
    void verifiedNeighboursAreSameLandmarkPairs() throws Exception {
        DatasetLocations.Dataset sample = SharedData.sample();
        List<String> names;
        try (Stream<Path> files = Files.list(sample.images())) {
            names = files.map(f -> f.getFileName().toString().replace(".jpg", ""))
                    .sorted()
                    .toList();
        }
        List<Descriptor> described = new ArrayList<>();
        try (OnnxBackbone backbone =
                        new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_17", "features_13"), 2);
                DescriptorExtractor extractor = new DescriptorExtractor(
                        backbone,
                        GlobalHead.of("features_17", new RMac(3)),
                        512,
                        MultiScale.single(),
                        Optional.empty(),
                        2,
                        Optional.empty(),
                        Optional.of(CellFeatures.defaults()))) {
            ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
            for (String n : names) {
                described.add(extractor.describe(
                        decoder.decode(Files.readAllBytes(sample.images().resolve(n + ".jpg")))));
            }
        }
        MiningParams params = MiningParams.defaults();

        MinedPairs mined = new PairMiner(params).mine(names, described);
        PseudoLandmarks pseudo = PseudoLandmarks.of(mined);
        Map<String, String> truth = new HashMap<>();
        LooGroundTruth.of(OxfordGroundTruth.load(sample.groundTruth()))
                .forEach(q -> truth.put(q.imageName(), q.landmark()));
        MiningReport report = MiningReport.of(mined, pseudo, truth);

        assertThat(mined.positives()).isNotEmpty().allMatch(p -> p.inliers() >= params.minInliers());
        assertThat(mined.hardNegatives()).isNotEmpty().allMatch(p -> p.inliers() < params.maxNegativeInliers());
        assertThat(report.pairs()).isGreaterThan(5);
        assertThat(report.pairPrecision()).isGreaterThanOrEqualTo(0.9);
        assertThat(new PairMiner(params).mine(names, described)).isEqualTo(mined);
    }
}
