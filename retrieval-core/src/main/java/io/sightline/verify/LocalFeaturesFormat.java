package io.sightline.verify;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Binary layout of {@link LocalFeatures}, big-endian: magic {@code 'L'}, version 1, flags (bit 0: scales present),
 * image width and height (int32 each), dimension (uint16), keypoint count n (int32), then n float32 x/y pairs,
 * n float32 scales when flagged, and n * dimension int8 codes. 17 header bytes + n * (8 [+ 4] + dimension).
 */
final class LocalFeaturesFormat {

    private static final byte MAGIC = 'L';
    private static final byte VERSION = 1;
    private static final int HEADER = 17;

    private LocalFeaturesFormat() {}

    static byte[] write(LocalFeatures f) {
        int n = f.size();
        boolean scales = f.hasScales();
        ByteBuffer buf = ByteBuffer.allocate(HEADER + n * (8 + (scales ? 4 : 0) + f.dimension()));
        buf.put(MAGIC).put(VERSION).put((byte) (scales ? 1 : 0));
        buf.putInt(f.imageWidth())
                .putInt(f.imageHeight())
                .putShort((short) f.dimension())
                .putInt(n);
        buf.asFloatBuffer().put(f.xy());
        buf.position(buf.position() + 8 * n);
        if (scales) {
            buf.asFloatBuffer().put(f.scales());
            buf.position(buf.position() + 4 * n);
        }
        buf.put(f.codes());
        return buf.array();
    }

    static LocalFeatures read(byte[] bytes) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            byte magic = buf.get();
            byte version = buf.get();
            if (magic != MAGIC || version != VERSION) {
                throw new IllegalArgumentException("not local features v" + VERSION + ": magic " + magic + ", version "
                        + version + " (" + bytes.length + " bytes)");
            }
            boolean scales = (buf.get() & 1) != 0;
            int width = buf.getInt();
            int height = buf.getInt();
            int dimension = Short.toUnsignedInt(buf.getShort());
            int n = buf.getInt();
            long expected = HEADER + (long) n * (8 + (scales ? 4 : 0) + dimension);
            if (n < 0 || expected != bytes.length) {
                throw new IllegalArgumentException("local features of " + n + " keypoints, dimension " + dimension
                        + " need " + expected + " bytes, got " + bytes.length);
            }
            float[] xy = new float[2 * n];
            buf.asFloatBuffer().get(xy);
            buf.position(buf.position() + 8 * n);
            float[] s = new float[scales ? n : 0];
            buf.asFloatBuffer().get(s);
            buf.position(buf.position() + 4 * s.length);
            byte[] codes = new byte[n * dimension];
            buf.get(codes);
            return new LocalFeatures(width, height, dimension, xy, s, codes);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated local features: " + bytes.length + " bytes", e);
        }
    }
}
