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

    /**
     * Whether {@code codes} have exactly the shape these quantizers produce (a code for each quantizer present, of
     * its length, a cell in range, nothing else), i.e. can be stored as if encoded here. Codes made upstream with the
     * same bundle do; codes of another bundle usually do not (and then the caller encodes again).
     */
    public boolean fits(EncodedVector codes) {
        boolean pqFits =
                pq == null ? codes.pqCode() == null : codes.pqCode() != null && codes.pqCode().length == pq.codeSize();
        boolean ivfFits = ivfPq == null
                ? codes.ivfCode() == null
                : codes.ivfCode() != null
                        && codes.ivfCode().length == ivfPq.residual().codeSize()
                        && codes.cell() >= 0
                        && codes.cell() < ivfPq.coarse().cells();
        return pqFits && ivfFits;
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
