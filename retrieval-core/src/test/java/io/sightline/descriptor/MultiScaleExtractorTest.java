package io.sightline.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sightline.backbone.Backbone;
import io.sightline.backbone.FeatureMap;
import io.sightline.pooling.GlobalHead;
import io.sightline.pooling.Mac;
import io.sightline.pooling.Vectors;
import io.sightline.whitening.Whitening;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class MultiScaleExtractorTest {

    /** A backbone whose 2-channel map is (width, height) of the image it saw, so scales are visible in the output. */
    private static final class SizeBackbone implements Backbone {
        final List<Integer> widths = new CopyOnWriteArrayList<>();

        @Override
        public List<String> layers() {
            return List.of("a", "b");
        }

        @Override
        public Map<String, FeatureMap> extract(BufferedImage rgb) {
            widths.add(rgb.getWidth());
            float[] v = {rgb.getWidth(), rgb.getHeight()};
            return Map.of("a", new FeatureMap("a", 2, 1, 1, v), "b", new FeatureMap("b", 2, 1, 1, new float[] {1, 0}));
        }

        @Override
        public String id() {
            return "size";
        }

        @Override
        public void close() {}
    }

    @Test
    void describesEveryScaleCombinesAndWhitens() throws Exception {
        SizeBackbone bb = new SizeBackbone();
        MultiScale scales = new MultiScale(List.of(1.0, 0.5), 1);
        // Swap the two coordinates so the whitening is visible.
        Whitening swap = new Whitening(new float[2], new float[] {0, 1, 1, 0}, 2, "swap");
        try (DescriptorExtractor ex =
                new DescriptorExtractor(bb, GlobalHead.of("a", new Mac()), 100, scales, Optional.of(swap), 1)) {
            bb.widths.clear();
            float[] v = ex.extract(new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB));
            assertThat(bb.widths).containsExactly(100, 50);
            // Both scales give the unit vector of (2, 1); the sum normalised is the same; the swap gives (1, 2)/sqrt5.
            float[] expected = Vectors.l2normalize(new float[] {1, 2});
            assertThat(v).containsExactly(expected, within(1e-5f));
            assertThat(ex.dimension()).isEqualTo(2);
            assertThat(ex.modelVersion()).isEqualTo("size/a/mac/s100/ms1.000,0.500/swap");
            bb.widths.clear();
            ex.extractScaled(new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB), 0.25);
            assertThat(bb.widths).containsExactly(50, 25);
        }
    }
}
