package io.sightline.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Inputs the pipeline must reject, made at test time from real photos or by hand. */
public final class BadImages {
    private BadImages() {}

    /** The first half of a real Paris JPEG: decodes partly, then runs out of data. */
    public static byte[] truncatedJpeg() {
        try {
            byte[] full = Files.readAllBytes(SharedData.photos(1).get(0));
            return Arrays.copyOf(full, full.length / 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Plain text, not an image at all. */
    public static byte[] text() {
        return "this is not an image, just some text\n".repeat(20).getBytes(StandardCharsets.UTF_8);
    }

    /** A valid PNG whose header declares {@code width x height} RGB pixels but whose data covers one row. */
    public static byte[] pngBomb(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(out);
        data.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 2, 0, 0, 0}); // 8-bit, truecolour, deflate, no filter, no interlace
        chunk(data, "IHDR", ihdr.toByteArray());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[1 + 3 * 16]);
        deflater.finish();
        byte[] buf = new byte[256];
        int n = deflater.deflate(buf);
        deflater.end();
        byte[] idat = new byte[n];
        System.arraycopy(buf, 0, idat, 0, n);
        chunk(data, "IDAT", idat);
        chunk(data, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] payload) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(payload.length);
        out.write(t);
        out.write(payload);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(payload);
        out.writeInt((int) crc.getValue());
    }
}
