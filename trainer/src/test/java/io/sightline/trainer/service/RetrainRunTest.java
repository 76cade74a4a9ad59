package io.sightline.trainer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sightline.bundle.BundleDigest;
import io.sightline.bundle.BundleModel;
import io.sightline.bundle.BundleQuantizers;
import io.sightline.bundle.CodebookShape;
import io.sightline.bundle.ModelBundle;
import io.sightline.image.ImageFetcher;
import io.sightline.image.ImageLimits;
import io.sightline.index.Quantizers;
import io.sightline.schemas.LabelledImage;
import io.sightline.schemas.ModelPublished;
import io.sightline.testing.SharedData;
import io.sightline.trainer.publish.ModelPublisher;
import io.sightline.trainer.training.TrainingLevel;
import io.sightline.trainer.training.TrainingListener;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run on real photos (12 per landmark, 1 epoch) scored on a small evaluation set: against a baseline it beats,
 * the bundle is moved under bundles/, its score recorded in the manifest and its event produced with the digest, and
 * it carries codebooks of the served model's shape that encode its own descriptors.
 */
class RetrainRunTest {

    private static final CodebookShape SERVED_CODEBOOKS = new CodebookShape(16, true, 4, 16);

    @TempDir
    Path work;

    @Test
    void publishesACandidateThatBeatsTheBaseline() throws Exception {
        MockProducer<String, ModelPublished> producer =
                new MockProducer<>(true, null, new StringSerializer(), (topic, value) -> new byte[0]);
        RetrainSettings settings = new RetrainSettings(
                work.resolve("bundles"),
                work.resolve("candidates"),
                TrainingLevel.HEAD,
                1,
                SharedData.backboneOnnx(),
                SharedData.backboneTorchScript(),
                2);
        Path evalImages = Files.createDirectories(work.resolve("eval/images"));
        Path evalGt = Files.createDirectories(work.resolve("eval/gt"));
        List<String> training = names(List.of("paris_defense", "paris_eiffel"), 12);
        for (String name : names(List.of("paris_defense", "paris_eiffel", "paris_louvre"), 16)) {
            Files.createSymbolicLink(evalImages.resolve(name + ".jpg"), SharedData.parisImage(name));
        }
        try (Stream<Path> gt = Files.list(SharedData.parisGroundTruth())) {
            for (Path f : gt.filter(f -> f.getFileName().toString().matches("(louvre_4|defense_4|triomphe_5)_.*"))
                    .toList()) {
                Files.copy(f, evalGt.resolve(f.getFileName()));
            }
        }
        for (String query : List.of("paris_defense_000056", "paris_defense_000038", "paris_louvre_000035")) {
            if (!Files.exists(evalImages.resolve(query + ".jpg"))) {
                Files.createSymbolicLink(evalImages.resolve(query + ".jpg"), SharedData.parisImage(query));
            }
        }
        HeldOutScore eval = new HeldOutScore(evalImages, evalGt, 2);
        RetrainRun run = new RetrainRun(
                settings,
                eval,
                new ModelPublisher(producer, "models.published", Clock.systemUTC()),
                new TrainingListener() {},
                Clock.systemUTC());

        try (ImageFetcher fetcher = new ImageFetcher(ImageLimits.defaults())) {
            CuratedFolder folder = new CuratedFolder(work.resolve("curated"), fetcher);
            for (String name : training) {
                folder.apply(
                        name,
                        LabelledImage.newBuilder()
                                .setImageId(name)
                                .setSource(ByteBuffer.wrap(Files.readAllBytes(SharedData.parisImage(name))))
                                .setLabel(name.replaceFirst("_\\d+$", ""))
                                .build());
            }
            assertTrue(training.contains("paris_defense_000038"), "the triomphe_5 query image is a training image");
            RunOutcome outcome = run.run(folder, fixed(0.0, SERVED_CODEBOOKS));

            assertEquals(2, outcome.candidate().queries(), "triomphe_5's query image was trained on: not scored");
            assertTrue(
                    outcome.candidate().mAP() > 0,
                    "candidate mAP " + outcome.candidate().mAP());
            assertTrue(outcome.published());
            assertEquals(List.of(), Files.list(settings.candidates()).toList());
            Path dir = outcome.bundleDir();
            assertEquals(settings.bundles().resolve(outcome.version()), dir);
            ModelBundle bundle = ModelBundle.read(dir).verifyBackbone();
            assertEquals(outcome.candidate().mAP(), bundle.manifest().figures().get(HeldOutScore.MAP), 1e-12);
            assertEquals(1, producer.history().size());
            ModelPublished event = producer.history().getFirst().value();
            assertEquals(outcome.version(), event.getVersion());
            assertEquals(dir.toAbsolutePath().normalize(), Path.of(URI.create(event.getBundleUri())));
            assertEquals(BundleDigest.sha256(dir), event.getSha256());
            assertEquals(bundle.manifest().dimension(), event.getDim());

            // Codebooks of the served shape, learned on the candidate's descriptors: each photo's PQ code decodes
            // closer to its own descriptor than to any other photo's.
            Quantizers quantizers = BundleQuantizers.of(bundle).orElseThrow();
            assertEquals(Optional.of(SERVED_CODEBOOKS), CodebookShape.of(quantizers));
            assertEquals(
                    Optional.of(SERVED_CODEBOOKS), Baseline.servedBundle(dir, 2).codebooks());
            try (BundleModel.Opened opened = BundleModel.open(bundle, 2, Map.of())) {
                List<float[]> vectors = new ArrayList<>();
                for (String name : training.subList(0, 6)) {
                    vectors.add(opened.extractor()
                            .extract(ImageIO.read(SharedData.parisImage(name).toFile())));
                }
                for (int i = 0; i < vectors.size(); i++) {
                    float[] decoded = quantizers.pq().decode(quantizers.pq().encode(vectors.get(i)));
                    int nearest = 0;
                    for (int j = 1; j < vectors.size(); j++) {
                        if (dot(decoded, vectors.get(j)) > dot(decoded, vectors.get(nearest))) {
                            nearest = j;
                        }
                    }
                    assertEquals(i, nearest, "the decoded code of " + training.get(i) + " is nearest another photo");
                }
            }

            // A served bundle with a recorded figure is compared on that figure, without measuring it again.
            HeldOutScore.Score recorded = Baseline.servedBundle(dir, 2).score(eval, Set.of());
            assertEquals(outcome.candidate().mAP(), recorded.mAP(), 1e-12);
            assertFalse(RunOutcome.beats(outcome.candidate(), recorded), "equal is not better");
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static Baseline fixed(double mAP, CodebookShape codebooks) {
        return new Baseline() {
            @Override
            public Optional<CodebookShape> codebooks() {
                return Optional.of(codebooks);
            }

            @Override
            public HeldOutScore.Score score(HeldOutScore eval, Set<String> trainingImages) {
                return new HeldOutScore.Score(mAP, 0);
            }

            @Override
            public String describe() {
                return "fixed " + mAP;
            }
        };
    }

    private static List<String> names(List<String> prefixes, int each) throws Exception {
        try (Stream<Path> files = Files.list(SharedData.parisImages())) {
            List<String> all = files.map(p -> p.getFileName().toString().replace(".jpg", ""))
                    .sorted()
                    .toList();
            return prefixes.stream()
                    .flatMap(p -> all.stream().filter(n -> n.startsWith(p)).limit(each))
                    .toList();
        }
    }
}
