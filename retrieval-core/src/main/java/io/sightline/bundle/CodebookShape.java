package io.sightline.bundle;

import io.sightline.index.Quantizers;
import io.sightline.pq.KMeansParams;
import io.sightline.pq.Opq;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which codebooks a bundle carries, without their values: flat PQ sub-quantizers, IVF cells and the IVF residual
 * sub-quantizers. {@code fit} learns a shape the user names; the trainer learns the shape of the bundle it replaces,
 * so a retrained generation serves the same pq / ivfpq modes as the one before it (decision 017).
 *
 * @param pqM      flat PQ sub-quantizers (code bytes), 0 for none
 * @param opq      whether the flat PQ learns an OPQ rotation ({@link Opq})
 * @param ivfNlist IVF cells, 0 for none
 * @param ivfM     sub-quantizers of the IVF residual PQ (ignored without cells)
 */
public record CodebookShape(int pqM, boolean opq, int ivfNlist, int ivfM) {
    /** OPQ alternations, as Faiss's {@code OPQMatrix} would run at most a few dozen; 10 is where it settles. */
    public static final int OPQ_ITERATIONS = 10;

    public CodebookShape {
        if (pqM < 0 || ivfNlist < 0 || ivfM < 1) {
            throw new IllegalArgumentException("PQ sub-quantizers and IVF cells must be >= 0 and IVF sub-quantizers"
                    + " >= 1, got pq " + pqM + ", ivf " + ivfNlist + " x " + ivfM);
        }
        if (opq && pqM == 0) {
            throw new IllegalArgumentException("OPQ rotates the flat PQ: give it sub-quantizers");
        }
    }

    /** The shape of these quantizers; empty when there are none. */
    public static Optional<CodebookShape> of(Quantizers quantizers) {
        if (quantizers.pq() == null && quantizers.ivfPq() == null) {
            return Optional.empty();
        }
        int pqM = quantizers.pq() == null ? 0 : quantizers.pq().subQuantizers();
        boolean opq = quantizers.pq() != null && quantizers.pq().rotation() != null;
        return Optional.of(
                quantizers.ivfPq() == null
                        ? new CodebookShape(pqM, opq, 0, 1)
                        : new CodebookShape(
                                pqM,
                                opq,
                                quantizers.ivfPq().coarse().cells(),
                                quantizers.ivfPq().residual().subQuantizers()));
    }

    /** The shape of the bundle's codebooks; empty when it has none. */
    public static Optional<CodebookShape> of(ModelBundle bundle) {
        return BundleQuantizers.of(bundle).flatMap(CodebookShape::of);
    }

    /** Fails early, before any image is read, when the sub-quantizers do not divide the dimension. */
    public void check(int dimension) {
        for (int m : ivfNlist > 0 ? List.of(pqM, ivfM) : List.of(pqM)) {
            if (m > 0 && dimension % m != 0) {
                throw new IllegalArgumentException("the bundle's descriptors have " + dimension + " dimensions, which "
                        + m + " sub-quantizers do not divide; pick a divisor of " + dimension);
            }
        }
    }

    /** {@code pq32-ivf16x32}-like, for a bundle's version and for logs. */
    public String name() {
        List<String> parts = new ArrayList<>();
        if (pqM > 0) {
            parts.add((opq ? "opq" : "pq") + pqM);
        }
        if (ivfNlist > 0) {
            parts.add("ivf" + ivfNlist + "x" + ivfM);
        }
        return String.join("-", parts);
    }

    /** Codebooks of this shape learned from {@code vectors} (at least 256 and at least the cells). */
    public Quantizers learn(List<float[]> vectors, long seed) {
        return BundleQuantizers.train(
                vectors, pqM, opq ? OPQ_ITERATIONS : 0, ivfNlist, ivfM, KMeansParams.defaults(seed));
    }
}
