package io.sightline.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.testing.SharedData;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Closing a real ONNX Runtime backbone while inferences on a real photo run: close waits for them (freeing the
 * session under {@code OrtSession.run} crashed the JVM), later calls fail with {@link BackboneClosedException},
 * and the wait is bounded. The latches put close() and an inference in flight at the same time deterministically.
 */
class BackboneCloseTest {
    private static BufferedImage photo;

    @BeforeAll
    static void readPhoto() throws Exception {
        BufferedImage full =
                ImageIO.read(SharedData.parisImage("paris_eiffel_000266").toFile());
        photo = new BufferedImage(512, 384, BufferedImage.TYPE_INT_RGB);
        photo.createGraphics().drawImage(full, 0, 0, 512, 384, null);
    }

    /** One inference through the runner whose input writer holds it, slot taken, until {@code go} opens. */
    private static FeatureMap inferHeld(
            OnnxBackbone backbone, CountDownLatch holding, CountDownLatch go, AtomicLong finishedAt) throws Exception {
        return backbone.runner.run(
                1,
                photo.getHeight(),
                photo.getWidth(),
                "input",
                chw -> {
                    ImageNetNormalizer.imagenet().toChw(photo, chw);
                    holding.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                outputs -> {
                    FeatureMap map = backbone.runner.toFeatureMap("features_17", outputs.get("features_17"));
                    finishedAt.set(System.nanoTime());
                    return map;
                });
    }

    @Test
    void closeWaitsForTheInferenceInFlightAndThenRefusesNewOnes() throws Exception {
        OnnxBackbone backbone = new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_17"), 1);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch closing = new CountDownLatch(1);
        AtomicLong inferenceFinished = new AtomicLong();
        try (ExecutorService threads = Executors.newFixedThreadPool(3)) {
            Future<FeatureMap> inFlight =
                    threads.submit(() -> inferHeld(backbone, holding, closing, inferenceFinished));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            // A second caller waits for the only predictor: it must be turned away, not run on a freed session.
            Future<?> waiting = threads.submit(() -> backbone.extract(photo));
            Future<Long> closed = threads.submit(() -> {
                closing.countDown(); // lets the held inference run into OrtSession.run while close() starts
                backbone.close();
                return System.nanoTime();
            });

            assertThat(inFlight.get(30, TimeUnit.SECONDS).channels()).isEqualTo(320);
            long closeReturned = closed.get(30, TimeUnit.SECONDS);
            assertThat(inferenceFinished.get())
                    .as("close returned only after the inference in flight finished")
                    .isLessThan(closeReturned);
            assertThatThrownBy(() -> waiting.get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(BackboneClosedException.class);
        }
        assertThatThrownBy(() -> backbone.extract(photo))
                .isInstanceOf(BackboneClosedException.class)
                .hasMessageContaining("mobilenetv2-12-int8-features.onnx@ac70de7d is closed");
        backbone.close(); // a second close is harmless
    }

    @Test
    void closeGivesUpWaitingAfterTheBoundAndLeavesTheSessionToTheInferenceStillRunning() throws Exception {
        OnnxBackbone backbone = new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_17"), 1);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newSingleThreadExecutor()) {
            Future<FeatureMap> stuck = threads.submit(() -> inferHeld(backbone, holding, release, new AtomicLong()));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();
            boolean freed;
            try {
                freed = backbone.runner.close(200);
            } finally {
                release.countDown(); // never leave the inference thread parked, whatever close() did
            }
            assertThat(freed)
                    .as("not freed: an inference still holds the session")
                    .isFalse();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                    .isLessThan(5_000);
            // The session was left alive, so the late inference still completes instead of crashing the JVM.
            assertThat(stuck.get(30, TimeUnit.SECONDS).channels()).isEqualTo(320);
        }
        assertThatThrownBy(() -> backbone.extract(photo)).isInstanceOf(BackboneClosedException.class);
    }

    @Test
    void closingUnderManyThreadsOfInferencesEndsEachWithAResultOrAClosedBackbone() throws Exception {
        OnnxBackbone backbone = new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_17"), 2);
        int threadCount = 4;
        CountDownLatch eachRanOnce = new CountDownLatch(threadCount);
        List<CompletableFuture<Integer>> loops = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(threadCount)) {
            for (int t = 0; t < threadCount; t++) {
                loops.add(CompletableFuture.supplyAsync(
                        () -> {
                            int done = 0;
                            while (true) {
                                try {
                                    assertThat(backbone.extract(photo)
                                                    .get("features_17")
                                                    .channels())
                                            .isEqualTo(320);
                                } catch (BackboneClosedException e) {
                                    return done;
                                } catch (ExtractionException e) {
                                    throw new AssertionError(
                                            "an inference failed instead of finishing or being refused", e);
                                }
                                if (++done == 1) {
                                    eachRanOnce.countDown();
                                }
                            }
                        },
                        threads));
            }
            assertThat(eachRanOnce.await(60, TimeUnit.SECONDS)).isTrue();
            backbone.close();
            for (CompletableFuture<Integer> loop : loops) {
                assertThat(loop.get(30, TimeUnit.SECONDS)).isPositive();
            }
        }
    }

    @Test
    void refusingNewInferencesFailsThemFastAndStillFreesTheSessionOnClose() throws Exception {
        OnnxBackbone backbone = new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_17"), 1);
        assertThat(backbone.extract(photo).get("features_17").channels()).isEqualTo(320);
        backbone.refuseNew();
        assertThatThrownBy(() -> backbone.extract(photo)).isInstanceOf(BackboneClosedException.class);
        assertThat(backbone.runner.close(1_000)).as("nothing in flight: freed").isTrue();
    }
}
