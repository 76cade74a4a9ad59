package io.sightline.whitening;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns PCA-whitening from unlabelled vectors: {@code P = diag(lambda_i + eps)^(-power) V^T} over the
 * {@code outputDimension} leading eigenvectors of the covariance. {@code power = 0.5} is full whitening;
 * smaller powers shrink the boost of weak components (Jégou and Chum's remedy for noisy tail directions); 0 is
 * plain PCA rotation. The ridge keeps the inverse finite when there are fewer vectors than dimensions, which is
 * the normal case for global vectors of a small collection.
 *
 * @param outputDimension number of leading components kept (dimensionality reduction); at most the input dimension
 * @param power           shrinkage power in [0, 0.5]
 * @param ridge           relative diagonal loading (fraction of the mean eigenvalue), e.g. 1e-3
 */
public record PcaWhiteningLearner(int outputDimension, double power, double ridge) {

    private static final Logger log = LoggerFactory.getLogger(PcaWhiteningLearner.class);

    public PcaWhiteningLearner {
        if (outputDimension <= 0 || power < 0 || power > 1 || ridge < 0) {
            throw new IllegalArgumentException(
                    "bad PCA-whitening settings: dim=" + outputDimension + " power=" + power + " ridge=" + ridge);
        }
    }

    /** Full whitening to {@code outputDimension} with a small ridge. */
    public static PcaWhiteningLearner full(int outputDimension) {
        return new PcaWhiteningLearner(outputDimension, 0.5, 1e-3);
    }

    public Whitening learn(List<float[]> vectors) {
        long started = System.nanoTime();
        Whitening w = PcaBasis.fit(vectors, ridge).whitening(outputDimension, power, name());
        log.debug(
                "pca whitening learned from {} vectors {}->{} power={} ms={}",
                vectors.size(),
                w.inputDimension(),
                outputDimension,
                power,
                (System.nanoTime() - started) / 1_000_000);
        return w;
    }

    public String name() {
        return "pcaw" + outputDimension + (power == 0.5 ? "" : "p" + power);
    }
}
