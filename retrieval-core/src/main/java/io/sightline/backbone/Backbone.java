package io.sightline.backbone;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * A CNN that turns an RGB image into feature maps of one or more named layers. Implementations are
 * thread-safe and reuse their inference sessions.
 */
public interface Backbone extends AutoCloseable {

    /** Layer names this backbone returns, e.g. {@code features_17}. */
    List<String> layers();

    /** Feature maps of every configured layer for one image (already resized by the caller). */
    Map<String, FeatureMap> extract(BufferedImage rgb) throws ExtractionException;

    /**
     * Feature maps of several images, in order. Engines that can run a batch in one inference do so when the
     * images have the same size; the default runs them one by one.
     */
    default List<Map<String, FeatureMap>> extractBatch(List<BufferedImage> rgb) throws ExtractionException {
        List<Map<String, FeatureMap>> out = new java.util.ArrayList<>(rgb.size());
        for (BufferedImage image : rgb) {
            out.add(extract(image));
        }
        return out;
    }

    /** A short stable identifier of the weights (file name and checksum prefix), part of the model version. */
    String id();

    /**
     * Makes every inference that has not started yet fail with {@link BackboneClosedException}, without freeing
     * anything: the first step of a stop. The default does nothing (a backbone without native sessions).
     */
    default void refuseNew() {}

    /**
     * Frees the inference sessions once the inferences in flight are done (bounded); later calls throw
     * {@link BackboneClosedException}.
     */
    @Override
    void close();
}
