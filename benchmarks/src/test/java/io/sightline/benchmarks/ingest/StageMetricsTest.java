package io.sightline.benchmarks.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stage CPU per image is the difference of two metric snapshots over the images of the pass. */
class StageMetricsTest {

    @Test
    void perImageMillisecondsAreTheSnapshotsDifferenceOverTheImages() {
        Map<String, Double> before = Map.of("decode-cpu-ns-total", 1e9, "extract-cpu-ns-total", 2e9);
        Map<String, Double> after = Map.of(
                "decode-cpu-ns-total",
                1e9 + 10 * 5e6,
                "thumbnail-cpu-ns-total",
                10 * 0.7e6,
                "extract-cpu-ns-total",
                2e9 + 10 * 26e6,
                "images-total",
                10.0);

        Map<String, Double> perImage = StageMetrics.msPerImage(before, after, 10);

        assertThat(perImage.keySet()).containsExactly("decode", "thumbnail", "extract");
        assertThat(perImage.get("decode")).isCloseTo(5.0, within(1e-9));
        assertThat(perImage.get("thumbnail")).isCloseTo(0.7, within(1e-9)); // absent before: counted from zero
        assertThat(perImage.get("extract")).isCloseTo(26.0, within(1e-9));
    }
}
