package io.sightline.streams;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/** Real photos from ../shared and the bad inputs the pipeline must reject. */
public final class TestImages {
    private TestImages() {
    }

    public static Path shared() {
        return Path.of(System.getProperty("sightline.shared", "../../shared")).toAbsolutePath().normalize();
    }

    public static Path parisImages() {
        return shared().resolve("data/paris6k_subset/images");
    }

    public static Path model() {
        return shared().resolve("models/mobilenetv2-12-int8-features.onnx");
    }

    /** {@code n} real photos, two per landmark first so that different places are represented. */
    public static List<Path> photos(int n) {
        try (var files = Files.list(parisImages())) {
            List<Path> all = files.sorted().toList();
            return java.util.stream.IntStream.range(0, n).mapToObj(i -> all.get((i * 50 + i / 5) % all.size())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first half of a real JPEG. */
    public static byte[] truncatedJpeg() {
        byte[] full = read(photos(1).get(0));
        return Arrays.copyOf(full, full.length / 2);
    }

    public static byte[] textFile() {
        return "this is not an image, just some text\n".repeat(20).getBytes(StandardCharsets.UTF_8);
    }

    /** A valid PNG that declares 30000 x 30000 RGB pixels (2.7 GB decoded) with almost no data: a decompression bomb. */
    public static byte[] pngBombHeader() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream data = new DataOutputStream(ihdr);
            data.writeInt(30000);
            data.writeInt(30000);
            data.writeByte(8); // bit depth
            data.writeByte(2); // RGB
            data.writeByte(0);
            data.writeByte(0);
            data.writeByte(0);
            chunk(out, "IHDR", ihdr.toByteArray());
            chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
            chunk(out, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] body) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(body.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        data.write(typeBytes);
        data.write(body);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(body);
        data.writeInt((int) crc.getValue());
    }
}
