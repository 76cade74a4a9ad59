package io.sightline.app;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

/** Paths to ../shared and bad inputs made at test time. */
final class TestData {
    private TestData() {
    }

    static Path root() {
        return Path.of(System.getProperty("sightline.root", "..")).toAbsolutePath().normalize();
    }

    static Path shared() {
        return Path.of(System.getProperty("sightline.shared", "../../shared")).toAbsolutePath().normalize();
    }

    static Path model() {
        return shared().resolve("models/mobilenetv2-12-int8-features.onnx");
    }

    /** {@code n} real Paris photos spread over the five landmarks. */
    static List<Path> photos(int n) {
        try (var files = Files.list(shared().resolve("data/paris6k_subset/images"))) {
            List<Path> all = files.sorted().toList();
            return IntStream.range(0, n).mapToObj(i -> all.get((i * 50 + i / 5) % all.size())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] truncatedJpeg() {
        try {
            byte[] full = Files.readAllBytes(photos(1).get(0));
            return Arrays.copyOf(full, full.length / 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] textFile() {
        return "not an image\n".repeat(50).getBytes(StandardCharsets.UTF_8);
    }

    /** A valid PNG header declaring 30000 x 30000 pixels: a decompression bomb. */
    static byte[] pngBombHeader() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(ihdr);
            d.writeInt(30000);
            d.writeInt(30000);
            d.write(new byte[] {8, 2, 0, 0, 0});
            chunk(out, "IHDR", ihdr.toByteArray());
            chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
            chunk(out, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] body) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(body.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.write(t);
        d.write(body);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(body);
        d.writeInt((int) crc.getValue());
    }
}
