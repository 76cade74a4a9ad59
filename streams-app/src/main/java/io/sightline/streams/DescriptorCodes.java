package io.sightline.streams;

import io.sightline.index.EncodedVector;
import io.sightline.index.Quantizers;
import io.sightline.schemas.ImageDescriptor;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Puts the served bundle's PQ / IVF-PQ codes of a descriptor into its record ({@code pqCodes}, {@code ivfCell},
 * {@code ivfCode}), so each vector is encoded once, at ingest, and every shard built from the topic (live or
 * restored) stores the same codes. Without codebooks in the bundle the record is left without codes.
 */
public final class DescriptorCodes {
    private final Quantizers quantizers;

    public DescriptorCodes(Quantizers quantizers) {
        this.quantizers = Objects.requireNonNull(quantizers, "quantizers");
    }

    /** Sets the codes of {@code vector} on {@code builder}; returns the builder. */
    public ImageDescriptor.Builder addTo(ImageDescriptor.Builder builder, float[] vector) {
        if (quantizers.pq() == null && quantizers.ivfPq() == null) {
            return builder;
        }
        EncodedVector codes = quantizers.encode(vector);
        if (codes.pqCode() != null) {
            builder.setPqCodes(ByteBuffer.wrap(codes.pqCode()));
        }
        if (codes.ivfCode() != null) {
            builder.setIvfCell(codes.cell()).setIvfCode(ByteBuffer.wrap(codes.ivfCode()));
        }
        return builder;
    }

    /** The codes a record carries, or null when it carries none. */
    public static EncodedVector of(ImageDescriptor descriptor) {
        byte[] pq = bytes(descriptor.getPqCodes());
        byte[] ivf = bytes(descriptor.getIvfCode());
        Integer cell = descriptor.getIvfCell();
        if (pq == null && (ivf == null || cell == null)) {
            return null;
        }
        return ivf == null || cell == null ? new EncodedVector(pq, -1, null) : new EncodedVector(pq, cell, ivf);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
