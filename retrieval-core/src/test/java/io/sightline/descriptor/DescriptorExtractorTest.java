package io.sightline.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sightline.backbone.OnnxBackbone;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.image.Images;
import io.sightline.pooling.RMac;
import io.sightline.pooling.Vectors;
import io.sightline.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DescriptorExtractorTest {

    /** One photo of each landmark plus a second Louvre photo as a hard negative. */
    private static final List<String> PHOTOS = List.of(
            "paris_defense_000056",
            "paris_eiffel_000266",
            "paris_invalides_000072",
            "paris_louvre_000081",
            "paris_louvre_000135",
            "paris_moulinrouge_000868");

    private static OnnxBackbone backbone;
    private static DescriptorExtractor extractor;
    private static final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

    @BeforeAll
    static void load() {
        backbone = new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_17"), 2);
        extractor = new DescriptorExtractor(backbone, "features_17", new RMac(3), 512, 2);
    }

    @AfterAll
    static void close() {
        extractor.close();
        backbone.close();
    }

    private static BufferedImage photo(String name) throws Exception {
        return decoder.decode(Files.readAllBytes(SharedData.parisImage(name)));
    }

    /**
     * Invariant: a micro-batch gives every image the descriptor it gets alone (up to float rounding), whatever the
     * mix of sizes (same-size images share one inference) and in input order.
     */
    @Test
    void aBatchGivesEachImageItsOwnDescriptor() throws Exception {
        List<BufferedImage> images = new java.util.ArrayList<>();
        for (String name : PHOTOS) {
            images.add(photo(name));
        }
        images.add(images.get(1)); // a duplicate: the batch holds at least two images of one size
        List<DescriptorExtractor.Extracted> batch = extractor.extractBatch(images);
        assertThat(batch).hasSize(images.size());
        for (int i = 0; i < images.size(); i++) {
            float[] alone = extractor.extract(images.get(i));
            assertThat(batch.get(i).ok()).as("image %d", i).isTrue();
            for (int d = 0; d < alone.length; d++) {
                assertThat(batch.get(i).vector()[d]).as("image %d dim %d", i, d).isCloseTo(alone[d], within(1e-4f));
            }
        }
    }

    @Test
    void describesTheConfiguration() {
        assertThat(extractor.dimension()).isEqualTo(320);
        assertThat(extractor.modelVersion())
                .isEqualTo("mobilenetv2-12-int8-features.onnx@ac70de7d/features_17/rmac-l3/s512");
    }

    @Test
    void descriptorsAreUnitVectorsWithTheSourceSize() throws Exception {
        BufferedImage img = photo("paris_eiffel_000266");
        Descriptor d = extractor.describe(img);
        assertThat(d.vector()).hasSize(320);
        assertThat(Vectors.norm(d.vector())).isCloseTo(1.0, within(1e-5));
        assertThat(d.width()).isEqualTo(img.getWidth());
        assertThat(d.height()).isEqualTo(img.getHeight());
    }

    @Test
    void explicitScaleOfTheLongestSideEqualsPlainExtraction() throws Exception {
        BufferedImage img = photo("paris_defense_000056");
        double scale = 512.0 / Math.max(img.getWidth(), img.getHeight());
        assertThat(extractor.extractScaled(img, scale)).containsExactly(extractor.extract(img), within(1e-6f));
    }

    @Test
    void aResizedRecompressedCopyFindsItsOriginalFirst() throws Exception {
        List<BufferedImage> originals = new ArrayList<>();
        for (String p : PHOTOS) {
            originals.add(photo(p));
        }
        List<float[]> database = extractor.extractAll(originals);
        for (int i = 0; i < originals.size(); i++) {
            BufferedImage copy = Images.resizeLongestSide(originals.get(i), 700);
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            ImageIO.write(copy, "jpeg", jpeg);
            float[] q = extractor.extract(decoder.decode(jpeg.toByteArray()));
            int best = -1;
            double bestScore = -2;
            for (int j = 0; j < database.size(); j++) {
                double s = Vectors.dot(q, database.get(j));
                if (s > bestScore) {
                    bestScore = s;
                    best = j;
                }
            }
            assertThat(PHOTOS.get(best))
                    .as("nearest neighbour of a copy of %s", PHOTOS.get(i))
                    .isEqualTo(PHOTOS.get(i));
            assertThat(bestScore).isGreaterThan(0.9);
        }
    }

    @Test
    void rejectsALayerTheBackboneDoesNotReturn() {
        assertThatThrownBy(() -> new DescriptorExtractor(backbone, "features_13", new RMac(3), 512))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("features_13");
    }
}
