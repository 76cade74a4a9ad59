package io.sightline.streams;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The wire encoding of descriptor vectors: float32, little-endian (as in DESIGN.md). */
public final class VectorBytes {
    private VectorBytes() {}

    public static ByteBuffer encode(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer;
    }

    /** Decodes {@code dim} floats; fails if the buffer holds a different number of bytes. */
    public static float[] decode(ByteBuffer bytes, int dim) {
        ByteBuffer le = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (le.remaining() != dim * Float.BYTES) {
            throw new IllegalArgumentException(
                    "vector holds " + le.remaining() + " bytes, expected " + dim + " floats");
        }
        float[] vector = new float[dim];
        le.asFloatBuffer().get(vector);
        return vector;
    }
}
