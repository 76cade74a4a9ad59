package io.sightline.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.backbone.OnnxBackbone;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.pooling.Gem;
import io.sightline.pooling.GlobalHead;
import io.sightline.pooling.RMac;
import io.sightline.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps preprocessing honest: the product's plain single-scale GeM (p = 3) and R-MAC (L = 3) descriptors on
 * {@code features_17} at longest side 512 must agree with those of an independent reference implementation.
 *
 * <p>The reference is a deliberately plain Node.js program ({@code /work/shared/tools/reference-baseline/baseline.mjs}:
 * jpeg-js decode, bilinear resize at pixel centres without antialiasing, ImageNet normalisation, onnxruntime-node,
 * cirtorch's R-MAC grid). It is kept outside this repository on purpose; only its output for six photos is committed,
 * in {@code reference-baseline/descriptors.json}, whose {@code producedBy} header gives the exact command, versions and
 * hashes. The product side goes through its own code path exactly as {@code OxfordEvaluation.extractDatabase} does:
 * {@link ImageDecoder#decode(byte[], int)} with {@link DescriptorExtractor#largestInputSide()}, then
 * {@link DescriptorExtractor#extract} with an {@link OnnxBackbone} and {@link MultiScale#single()}.
 *
 * <p><b>Tolerance {@value #TOLERANCE}.</b> Measured when the file was made, cosine(product, reference) over all 250
 * subset photos was GeM min 0.9896 / median 0.9939 and R-MAC min 0.9889 / median 0.9929; on the six photos here
 * min 0.9896 (GeM) and 0.9894 (R-MAC): they include two of the three worst GeM photos of the 250 and a portrait
 * among the three worst for R-MAC. The two pipelines cannot agree to 0.999 because the int8 model turns
 * sub-grey-level input differences into a cosine deficit of about 0.005, and there are two such differences,
 * measured separately on 25 photos (GeM): the JPEG decoder (jpeg-js vs ImageIO, mean |difference| about 0.5 grey
 * level, alone cosines of 0.991-0.996) and the resize (the product's halving + Java2D bilinear vs naive bilinear
 * sampling into the same target size, alone 0.992-0.996). Inference itself agrees exactly (cosine 1.00000 on
 * identical pixels, ONNX Runtime 1.29 in Java vs 1.30 in Node). The bar sits a little below the observed minimum,
 * leaving about 0.004 for platform float/kernel differences. What it catches: describing at longest side 448
 * instead of 512 gave 0.969-0.981 on these photos (fails). What it may not catch alone: swapping one reasonable
 * resize filter for another, whose cost (0.992-0.996 above) is of the order of the gap already there. Photos of
 * two different landmarks score at most about 0.89 against each other's reference, which
 * {@link #differentLandmarksDoNotPass} checks so this test can fail.
 *
 * <p>The reference descriptors belong to one model (SHA-256 {@value #MODEL_SHA256}); if
 * {@link SharedData#backboneOnnx()} points at another model, the test fails saying so: regenerate the resource with
 * the reference tool instead of loosening the bar.
 */
class ReferenceBaselineAgreementTest {

    /** Minimum cosine between a product descriptor and the reference's for the same photo; see the class comment. */
    static final double TOLERANCE = 0.985;

    static final String MODEL_SHA256 = "ac70de7d6bc5003b3001e4c3c8b0272ca6b6ddba934f8eac7bfd0ee5f1c6f8d4";
    private static final String LAYER = "features_17";
    private static final int LONGEST_SIDE = 512;
    private static final int DIMENSION = 320;
    private static final String RESOURCE = "/reference-baseline/descriptors.json";

    private record Pair(float[] gem, float[] rmac) {
        float[] of(String head) {
            return head.equals("gem") ? gem : rmac;
        }
    }

    private static final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
    private static OnnxBackbone backbone;
    private static DescriptorExtractor gem;
    private static DescriptorExtractor rmac;
    private static JsonNode resource;
    private static final Map<String, Pair> reference = new LinkedHashMap<>();
    private static final Map<String, Pair> product = new LinkedHashMap<>();

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = ReferenceBaselineAgreementTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in)
                    .as("test resource reference-baseline/descriptors.json")
                    .isNotNull();
            resource = new ObjectMapper().readTree(in);
        }
        resource.get("photos")
                .properties()
                .forEach(e -> reference.put(
                        e.getKey(),
                        new Pair(
                                floats(e.getValue().get("gem")),
                                floats(e.getValue().get("rmac")))));

        backbone = new OnnxBackbone(SharedData.backboneOnnx(), List.of(LAYER), 1);
        assertThat(backbone.id())
                .as(
                        "the reference descriptors were made with the model of SHA-256 %s; SharedData.backboneOnnx() "
                                + "now gives another one: regenerate %s with the reference tool",
                        MODEL_SHA256, RESOURCE)
                .endsWith("@" + MODEL_SHA256.substring(0, 8));
        gem = new DescriptorExtractor(
                backbone, GlobalHead.of(LAYER, new Gem(3)), LONGEST_SIDE, MultiScale.single(), Optional.empty(), 1);
        rmac = new DescriptorExtractor(
                backbone, GlobalHead.of(LAYER, new RMac(3)), LONGEST_SIDE, MultiScale.single(), Optional.empty(), 1);
        for (String name : reference.keySet()) {
            // As the pipeline decodes them (OxfordEvaluation.extractDatabase): only the pixels the backbone needs.
            BufferedImage image = decoder.decode(
                            Files.readAllBytes(SharedData.parisImage(name)), gem.largestInputSide())
                    .image();
            product.put(name, new Pair(gem.extract(image), rmac.extract(image)));
        }
    }

    @AfterAll
    static void close() {
        if (gem != null) {
            gem.close();
        }
        if (rmac != null) {
            rmac.close();
        }
        if (backbone != null) {
            backbone.close();
        }
    }

    /** The resource is what the class comment says: six photos, two landmarks, a portrait among them, unit vectors. */
    @Test
    void theResourceHoldsSixPhotosOfTwoLandmarks() {
        assertThat(resource.at("/producedBy/command").asText())
                .contains("baseline.mjs")
                .contains("--dump");
        assertThat(resource.at("/producedBy/modelSha256").asText()).isEqualTo(MODEL_SHA256);
        assertThat(resource.at("/settings/layer").asText()).isEqualTo(LAYER);
        assertThat(resource.at("/settings/longestSide").asInt()).isEqualTo(LONGEST_SIDE);
        assertThat(reference).hasSize(6);
        assertThat(reference.keySet().stream()
                        .map(ReferenceBaselineAgreementTest::landmark)
                        .distinct())
                .hasSize(2);
        assertThat(resource.get("photos").properties().stream()
                        .anyMatch(e -> e.getValue().get("height").asInt()
                                > e.getValue().get("width").asInt()))
                .as("a portrait photo")
                .isTrue();
        for (Pair p : reference.values()) {
            assertThat(p.gem()).hasSize(DIMENSION);
            assertThat(p.rmac()).hasSize(DIMENSION);
            assertThat(cosine(p.gem(), p.gem())).isCloseTo(1.0, within(1e-6));
        }
        assertThat(gem.dimension()).isEqualTo(DIMENSION);
        assertThat(rmac.dimension()).isEqualTo(DIMENSION);
    }

    @Test
    void productAgreesWithTheReferenceOnEveryPhoto() {
        SoftAssertions soft = new SoftAssertions();
        for (String name : reference.keySet()) {
            for (String head : List.of("gem", "rmac")) {
                double c =
                        cosine(product.get(name).of(head), reference.get(name).of(head));
                soft.assertThat(c)
                        .as("cosine(product, reference) %s %s", head, name)
                        .isGreaterThanOrEqualTo(TOLERANCE);
            }
        }
        soft.assertAll();
    }

    /**
     * The bar discriminates: a photo of one landmark never reaches it against the reference of a photo of the other
     * landmark, and each photo's own reference is its nearest among the six.
     */
    @Test
    void differentLandmarksDoNotPass() {
        SoftAssertions soft = new SoftAssertions();
        List<String> names = new ArrayList<>(reference.keySet());
        for (String head : List.of("gem", "rmac")) {
            for (String a : names) {
                double own = cosine(product.get(a).of(head), reference.get(a).of(head));
                for (String b : names) {
                    if (a.equals(b)) {
                        continue;
                    }
                    double c = cosine(product.get(a).of(head), reference.get(b).of(head));
                    soft.assertThat(c)
                            .as("%s: own reference %s beats %s", head, a, b)
                            .isLessThan(own);
                    if (!landmark(a).equals(landmark(b))) {
                        soft.assertThat(c)
                                .as("%s: product %s vs reference %s (another landmark)", head, a, b)
                                .isLessThan(TOLERANCE);
                    }
                }
            }
        }
        soft.assertAll();
    }

    private static String landmark(String photo) {
        return photo.substring(0, photo.lastIndexOf('_'));
    }

    private static float[] floats(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }

    private static double cosine(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
