package io.sightline.verify;

import boofcv.abst.feature.detdesc.DetectDescribePoint;
import boofcv.abst.feature.detect.interest.ConfigFastHessian;
import boofcv.factory.feature.detdesc.FactoryDetectDescribe;
import boofcv.io.image.ConvertBufferedImage;
import boofcv.struct.feature.TupleDesc_F64;
import boofcv.struct.image.GrayF32;
import georegression.struct.point.Point2D_F64;
import io.sightline.backbone.ExtractionException;
import io.sightline.image.Images;
import java.awt.image.BufferedImage;

/**
 * BoofCV SURF (the stable variant, as the trainer's cleaning uses; docs/decisions/008) on a grey copy downscaled to
 * at most {@code longestSide}, the {@code maxKeypoints} strongest points. Thread-safe: each call builds its own
 * detector, because BoofCV detectors keep per-image buffers.
 */
public final class SurfLocalFeatures implements LocalFeatureExtractor {

    private final int longestSide;
    private final int maxKeypoints;

    public SurfLocalFeatures(int longestSide, int maxKeypoints) {
        if (longestSide <= 0 || maxKeypoints <= 0) {
            throw new IllegalArgumentException(
                    "longestSide and maxKeypoints must be positive: " + longestSide + ", " + maxKeypoints);
        }
        this.longestSide = longestSide;
        this.maxKeypoints = maxKeypoints;
    }

    @Override
    public String name() {
        return "surf-" + longestSide + "-n" + maxKeypoints;
    }

    @Override
    public LocalFeatures extract(BufferedImage decoded) throws ExtractionException {
        int w = decoded.getWidth();
        int h = decoded.getHeight();
        BufferedImage small = Math.max(w, h) > longestSide ? Images.resizeLongestSide(decoded, longestSide) : decoded;
        double sx = (double) w / small.getWidth();
        double sy = (double) h / small.getHeight();
        DetectDescribePoint<GrayF32, TupleDesc_F64> surf;
        int n;
        try {
            GrayF32 gray = ConvertBufferedImage.convertFrom(small, (GrayF32) null);
            ConfigFastHessian hessian = new ConfigFastHessian();
            hessian.maxFeaturesAll = maxKeypoints;
            surf = FactoryDetectDescribe.surfStable(hessian, null, null, GrayF32.class);
            surf.detect(gray);
            n = Math.min(surf.getNumberOfFeatures(), maxKeypoints);
        } catch (RuntimeException e) {
            throw new ExtractionException("SURF failed on a " + w + "x" + h + " image (" + name() + ")", e);
        }
        int dim = surf.createDescription().size();
        float[] xy = new float[2 * n];
        float[] scales = new float[n];
        byte[] codes = new byte[n * dim];
        for (int i = 0; i < n; i++) {
            Point2D_F64 p = surf.getLocation(i);
            xy[2 * i] = (float) ((p.x + 0.5) * sx - 0.5);
            xy[2 * i + 1] = (float) ((p.y + 0.5) * sy - 0.5);
            scales[i] = (float) (surf.getRadius(i) * 0.5 * (sx + sy));
            DescriptorCodes.encode(surf.getDescription(i).data, codes, i * dim);
        }
        return new LocalFeatures(w, h, dim, xy, scales, codes);
    }
}
