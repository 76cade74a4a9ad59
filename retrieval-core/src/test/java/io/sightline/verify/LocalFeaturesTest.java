package io.sightline.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.backbone.FeatureMap;
import io.sightline.testing.SharedData;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class LocalFeaturesTest {

    @Test
    void surfFeaturesOfARealPhotoSurviveTheByteRoundTrip() throws Exception {
        BufferedImage photo =
                ImageIO.read(SharedData.parisImage("paris_louvre_000081").toFile());
        LocalFeatures f = new SurfLocalFeatures(640, 500).extract(photo);
        assertThat(f.size()).isEqualTo(500);
        assertThat(f.hasScales()).isTrue();

        byte[] bytes = f.toBytes();
        LocalFeatures back = LocalFeatures.fromBytes(bytes);

        assertThat(back).isEqualTo(f);
        assertThat(back.xy()).containsExactly(f.xy());
        assertThat(back.codes()).containsExactly(f.codes());
        assertThat(bytes).hasSize(17 + 500 * (8 + 4 + 64));
    }

    @Test
    void featuresWithoutScalesRoundTripToo() {
        LocalFeatures f = new LocalFeatures(
                100, 50, 3, new float[] {1.5f, 2.5f, 99f, 49f}, new float[0], new byte[] {1, -2, 127, 0, 0, -127});
        LocalFeatures back = LocalFeatures.fromBytes(f.toBytes());
        assertThat(back).isEqualTo(f);
        assertThat(back.hasScales()).isFalse();
        assertThat(LocalFeatures.fromBytes(LocalFeatures.empty(10, 10, 64).toBytes())
                        .size())
                .isZero();
    }

    @Test
    void truncatedOrForeignBytesAreRejectedWithTheirSize() {
        byte[] bytes = new LocalFeatures(100, 50, 3, new float[] {1, 2}, new float[0], new byte[] {1, 2, 3}).toBytes();
        assertThatThrownBy(() -> LocalFeatures.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got " + (bytes.length - 1));
        assertThatThrownBy(() -> LocalFeatures.fromBytes(new byte[] {'X', 1, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("magic");
        assertThatThrownBy(() -> LocalFeatures.fromBytes(new byte[] {'L', 1, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void arraysAreCopiedInAndOut() {
        float[] xy = {1, 2};
        byte[] codes = {5, 6};
        LocalFeatures f = new LocalFeatures(10, 10, 2, xy, new float[0], codes);
        xy[0] = 7;
        f.xy()[1] = 9;
        f.codes()[0] = 0;
        assertThat(f.x(0)).isEqualTo(1f);
        assertThat(f.y(0)).isEqualTo(2f);
        assertThat(f.codes()).containsExactly(5, 6);
    }

    @Test
    void decodedDescriptorsAreUnitVectorsInTheQuantisedDirection() {
        FeatureMap map = new FeatureMap("l", 2, 1, 1, new float[] {3f, -4f});
        LocalFeatures f = FeatureMapKeypoints.select(map, 16, 16, 16, 16, 10);
        float[] d = new float[2];
        f.descriptor(0, d);
        assertThat(d[0]).isCloseTo(0.6f, org.assertj.core.data.Offset.offset(0.01f));
        assertThat(d[1]).isCloseTo(-0.8f, org.assertj.core.data.Offset.offset(0.01f));
    }
}
