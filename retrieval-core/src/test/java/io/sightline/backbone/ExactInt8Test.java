package io.sightline.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backbone's int8 arithmetic is exact on every x86 CPU. The default backbone is a QOperator int8 network (u8
 * activations, s8 weights). On CPUs without VNNI, ONNX Runtime's fast u8s8 kernels add each pair of byte products in
 * a saturating 16-bit register, so such a CPU computed another descriptor for the same photo (decision 041).
 *
 * <p>The model here is one 1x1 {@code QLinearConv} built so that a pair of products overflows 16 bits: a white
 * pixel quantises to 255 in all three channels, every weight is 127, so the exact sum is 3 * 255 * 127 = 97155 and
 * the output, requantised with scale 0.5 against the input's 0.001, is round(97.155 / 0.5) = 194, which dequantises
 * to 97.0. A saturating kernel sums the first pair to 32767 instead of 64770: 65152, output 130, 65.0. On a VNNI CPU
 * the default kernel is exact too, so there the test passes with or without the setting; on an AVX2-only CPU it fails
 * without it.
 */
class ExactInt8Test {

    @Test
    void aProductPairThatOverflowsSixteenBitsIsSummedExactly(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("saturating-conv.onnx");
        Files.write(model, saturatingConv());
        BufferedImage white = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        white.setRGB(0, 0, Color.WHITE.getRGB());

        try (OnnxBackbone backbone = new OnnxBackbone(
                model, List.of("features"), 1, ImageNetNormalizer.imagenet(), Map.of("intraOpNumThreads", "1"))) {
            FeatureMap out = backbone.extract(white).get("features");

            assertThat(out.channels()).isEqualTo(1);
            assertThat(out.get(0, 0, 0)).isEqualTo(97.0f);
        }
    }

    /** input float [1,3,1,1] -> QuantizeLinear -> QLinearConv (1x1, 3 -> 1, weights 127) -> DequantizeLinear. */
    private static byte[] saturatingConv() {
        Proto graph = new Proto()
                .message(1, node("QuantizeLinear", List.of("input", "x_scale", "x_zero"), "x_q"))
                .message(
                        1,
                        node(
                                "QLinearConv",
                                List.of("x_q", "x_scale", "x_zero", "w", "w_scale", "w_zero", "y_scale", "y_zero"),
                                "y_q"))
                .message(1, node("DequantizeLinear", List.of("y_q", "y_scale", "y_zero"), "features"))
                .string(2, "saturating-conv")
                .message(5, floatScalar("x_scale", 0.001f))
                .message(5, byteTensor("x_zero", UINT8, new long[0], new byte[] {0}))
                .message(5, byteTensor("w", INT8, new long[] {1, 3, 1, 1}, new byte[] {127, 127, 127}))
                .message(5, floatScalar("w_scale", 1f))
                .message(5, byteTensor("w_zero", INT8, new long[0], new byte[] {0}))
                .message(5, floatScalar("y_scale", 0.5f))
                .message(5, byteTensor("y_zero", UINT8, new long[0], new byte[] {0}))
                .message(11, floatValue("input", 1, 3, 1, 1))
                .message(12, floatValue("features", 1, 1, 1, 1));
        return new Proto()
                .varint(1, 7) // ir_version
                .message(7, graph)
                .message(8, new Proto().string(1, "").varint(2, 13)) // opset 13
                .bytes();
    }

    private static final int FLOAT = 1;
    private static final int UINT8 = 2;
    private static final int INT8 = 3;

    private static Proto node(String op, List<String> inputs, String output) {
        Proto node = new Proto();
        inputs.forEach(in -> node.string(1, in));
        return node.string(2, output).string(3, op + "-" + output).string(4, op);
    }

    private static Proto floatScalar(String name, float value) {
        byte[] raw = ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(value)
                .array();
        return byteTensor(name, FLOAT, new long[0], raw);
    }

    private static Proto byteTensor(String name, int type, long[] dims, byte[] raw) {
        Proto tensor = new Proto();
        for (long d : dims) {
            tensor.varint(1, d);
        }
        return tensor.varint(2, type).string(8, name).raw(9, raw);
    }

    private static Proto floatValue(String name, long... dims) {
        Proto shape = new Proto();
        for (long d : dims) {
            shape.message(1, new Proto().varint(1, d));
        }
        Proto tensorType = new Proto().varint(1, FLOAT).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    /** The protobuf wire format, just what an ONNX model needs: varints and length-delimited fields. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            writeVarint((long) field << 3);
            writeVarint(value);
            return this;
        }

        Proto raw(int field, byte[] value) {
            writeVarint(((long) field << 3) | 2);
            writeVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return raw(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto value) {
            return raw(field, value.bytes());
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void writeVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
