package io.sightline.index;

import io.sightline.pq.IvfPq;
import io.sightline.pq.ProductQuantizer;

/**
 * The trained quantizers a shard encodes with (either may be null: that mode is then unavailable). They must be
 * the same every time the shard is opened, since the codes on disk were made with them.
 */
public record Quantizers(ProductQuantizer pq, IvfPq ivfPq) {
    public static Quantizers none() {
        return new Quantizers(null, null);
    }

    /** Codes of one vector with these quantizers. */
    public EncodedVector encode(float[] vector) {
        byte[] pqCode = pq == null ? null : pq.encode(vector);
        if (ivfPq == null) {
            return new EncodedVector(pqCode, -1, null);
        }
        IvfPq.Code c = ivfPq.encode(vector);
        return new EncodedVector(pqCode, c.cell(), c.code());
    }
}
