package io.sightline.bundle;

import io.sightline.index.Quantizers;
import io.sightline.pq.IvfPq;
import io.sightline.pq.IvfQuantizer;
import io.sightline.pq.KMeansParams;
import io.sightline.pq.Opq;
import io.sightline.pq.ProductQuantizer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PQ and IVF-PQ codebooks of a bundle, stored as three of its learned arrays: {@value #PQ_CODEBOOKS}
 * ({@code m x 256 x dim/m}), {@value #IVF_CENTROIDS} ({@code nlist x dim}) and {@value #IVF_CODEBOOKS} (the residual
 * PQ, {@code m x 256 x dim/m}), and {@value #PQ_ROTATION} ({@code dim x dim}) when the flat PQ is OPQ. The shapes say
 * everything needed to rebuild the quantizers, so the manifest needs no
 * field of its own; the arrays are files of the bundle like the whitening, so the bundle digest covers them and a
 * different codebook is a different bundle (docs/decisions/017).
 */
public final class BundleQuantizers {
    public static final String PQ_CODEBOOKS = "pq.codebooks";
    public static final String IVF_CENTROIDS = "ivf.centroids";
    public static final String IVF_CODEBOOKS = "ivf.codebooks";
    /** The flat PQ's OPQ rotation ({@code dim x dim}), when it has one. */
    public static final String PQ_ROTATION = "pq.rotation";

    private static final List<String> NAMES = List.of(PQ_CODEBOOKS, PQ_ROTATION, IVF_CENTROIDS, IVF_CODEBOOKS);

    private BundleQuantizers() {}

    /** The bundle's quantizers; empty when it has no codebooks. */
    public static Optional<Quantizers> of(ModelBundle bundle) {
        BundleManifest m = bundle.manifest();
        Map<String, BundleManifest.ArraySpec> arrays = m.arrays();
        if (NAMES.stream().noneMatch(arrays::containsKey)) {
            return Optional.empty();
        }
        if (arrays.containsKey(IVF_CENTROIDS) != arrays.containsKey(IVF_CODEBOOKS)) {
            throw new BundleException("bundle " + m.version() + ": IVF-PQ needs both '" + IVF_CENTROIDS + "' and '"
                    + IVF_CODEBOOKS + "', it has only one of them");
        }
        if (arrays.containsKey(PQ_ROTATION) && !arrays.containsKey(PQ_CODEBOOKS)) {
            throw new BundleException(
                    "bundle " + m.version() + ": '" + PQ_ROTATION + "' without '" + PQ_CODEBOOKS + "'");
        }
        ProductQuantizer pq = arrays.containsKey(PQ_CODEBOOKS) ? productQuantizer(bundle, PQ_CODEBOOKS) : null;
        if (pq != null && arrays.containsKey(PQ_ROTATION)) {
            List<Integer> shape = arrays.get(PQ_ROTATION).shape();
            if (!shape.equals(List.of(m.dimension(), m.dimension()))) {
                throw new BundleException("bundle " + m.version() + ": '" + PQ_ROTATION + "' has shape " + shape
                        + ", expected [" + m.dimension() + ", " + m.dimension() + "]");
            }
            pq = new ProductQuantizer(pq.dimension(), pq.subQuantizers(), pq.codebooks(), bundle.array(PQ_ROTATION));
        }
        IvfPq ivfPq = null;
        if (arrays.containsKey(IVF_CENTROIDS)) {
            List<Integer> shape = arrays.get(IVF_CENTROIDS).shape();
            if (shape.size() != 2 || shape.get(1) != m.dimension()) {
                throw new BundleException("bundle " + m.version() + ": '" + IVF_CENTROIDS + "' has shape " + shape
                        + ", expected [nlist, " + m.dimension() + "]");
            }
            ivfPq = new IvfPq(
                    new IvfQuantizer(shape.get(0), m.dimension(), bundle.array(IVF_CENTROIDS)),
                    productQuantizer(bundle, IVF_CODEBOOKS));
        }
        return Optional.of(new Quantizers(pq, ivfPq));
    }

    private static ProductQuantizer productQuantizer(ModelBundle bundle, String name) {
        BundleManifest m = bundle.manifest();
        List<Integer> shape = m.arrays().get(name).shape();
        if (shape.size() != 3
                || shape.get(1) != ProductQuantizer.CENTROIDS
                || shape.get(0) * shape.get(2) != m.dimension()) {
            throw new BundleException("bundle " + m.version() + ": '" + name + "' has shape " + shape
                    + ", expected [m, " + ProductQuantizer.CENTROIDS + ", " + m.dimension() + "/m]");
        }
        return new ProductQuantizer(m.dimension(), shape.get(0), bundle.array(name));
    }

    /**
     * The same bundle with these codebooks (replacing any it had), under {@code version}: codebooks are part of
     * what a bundle's version names.
     */
    public static ModelBundle with(ModelBundle bundle, Quantizers quantizers, String version) {
        BundleManifest m = bundle.manifest();
        Map<String, BundleManifest.ArraySpec> specs = new HashMap<>(m.arrays());
        Map<String, float[]> values = new HashMap<>();
        specs.keySet().removeAll(NAMES);
        specs.keySet().forEach(name -> values.put(name, bundle.array(name)));
        if (quantizers.pq() != null) {
            put(specs, values, PQ_CODEBOOKS, "pq-codebooks.f32", quantizers.pq());
            float[] rotation = quantizers.pq().rotation();
            if (rotation != null) {
                int d = quantizers.pq().dimension();
                specs.put(PQ_ROTATION, new BundleManifest.ArraySpec("pq-rotation.f32", List.of(d, d)));
                values.put(PQ_ROTATION, rotation);
            }
        }
        if (quantizers.ivfPq() != null) {
            IvfQuantizer coarse = quantizers.ivfPq().coarse();
            specs.put(
                    IVF_CENTROIDS,
                    new BundleManifest.ArraySpec("ivf-centroids.f32", List.of(coarse.cells(), coarse.dimension())));
            values.put(IVF_CENTROIDS, coarse.centroids());
            put(
                    specs,
                    values,
                    IVF_CODEBOOKS,
                    "ivf-codebooks.f32",
                    quantizers.ivfPq().residual());
        }
        BundleManifest manifest = new BundleManifest(
                m.format(),
                version,
                m.backbone(),
                m.scales(),
                m.scaleAggregation(),
                m.head(),
                m.whitening(),
                m.dimension(),
                specs,
                m.figures(),
                m.learnedFrom(),
                m.createdAt(),
                // Codebooks leave the float descriptors, and so the raw similarities the thresholds read, unchanged.
                m.matchThresholds());
        return new ModelBundle(manifest, values, bundle.backboneFile());
    }

    private static void put(
            Map<String, BundleManifest.ArraySpec> specs,
            Map<String, float[]> values,
            String name,
            String file,
            ProductQuantizer pq) {
        int m = pq.subQuantizers();
        specs.put(name, new BundleManifest.ArraySpec(file, List.of(m, ProductQuantizer.CENTROIDS, pq.dimension() / m)));
        values.put(name, pq.codebooks());
    }

    /**
     * Learns the codebooks from {@code vectors} (at least 256, and at least {@code ivfCells}); deterministic for a
     * given seed in {@code params}.
     *
     * @param pqM      sub-quantizers of the flat PQ (code bytes); 0 for no flat PQ
     * @param ivfCells IVF cells; 0 for no IVF-PQ
     * @param ivfM     sub-quantizers of the IVF residual PQ
     */
    public static Quantizers train(List<float[]> vectors, int pqM, int ivfCells, int ivfM, KMeansParams params) {
        return train(vectors, pqM, 0, ivfCells, ivfM, params);
    }

    /**
     * As {@link #train(List, int, int, int, KMeansParams)}, the flat PQ with an OPQ rotation learned in
     * {@code opqIterations} alternations ({@link Opq}; 0 for plain PQ).
     */
    public static Quantizers train(
            List<float[]> vectors, int pqM, int opqIterations, int ivfCells, int ivfM, KMeansParams params) {
        if (vectors.size() < ProductQuantizer.CENTROIDS) {
            throw new IllegalArgumentException("codebooks need at least " + ProductQuantizer.CENTROIDS
                    + " training vectors, got " + vectors.size());
        }
        float[][] rows = vectors.toArray(float[][]::new);
        ProductQuantizer pq = pqM <= 0
                ? null
                : opqIterations > 0
                        ? Opq.train(rows, pqM, params, opqIterations)
                        : ProductQuantizer.train(rows, pqM, params);
        IvfPq ivfPq = ivfCells > 0 ? IvfPq.train(rows, ivfCells, ivfM, params) : null;
        return new Quantizers(pq, ivfPq);
    }

    /** First 8 hex digits of the sha256 of the codebooks, to put in a bundle's version. */
    public static String fingerprint(Quantizers quantizers) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            if (quantizers.pq() != null) {
                digest.update(ModelBundle.floatBytes(quantizers.pq().codebooks()));
                if (quantizers.pq().rotation() != null) {
                    digest.update(ModelBundle.floatBytes(quantizers.pq().rotation()));
                }
            }
            if (quantizers.ivfPq() != null) {
                digest.update(ModelBundle.floatBytes(quantizers.ivfPq().coarse().centroids()));
                digest.update(
                        ModelBundle.floatBytes(quantizers.ivfPq().residual().codebooks()));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
