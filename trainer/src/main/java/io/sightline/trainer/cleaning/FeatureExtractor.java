package io.sightline.trainer.cleaning;

import boofcv.abst.feature.detdesc.ConfigCompleteSift;
import boofcv.abst.feature.detdesc.DetectDescribePoint;
import boofcv.abst.feature.detect.interest.ConfigFastHessian;
import boofcv.factory.feature.detdesc.FactoryDetectDescribe;
import boofcv.io.image.ConvertBufferedImage;
import boofcv.struct.feature.TupleDesc_F64;
import boofcv.struct.image.GrayF32;
import georegression.struct.point.Point2D_F64;
import io.sightline.image.Images;
import java.awt.image.BufferedImage;
import org.ddogleg.struct.FastArray;

/**
 * Detects and describes SIFT or SURF points (BoofCV) on a downscaled grey copy of an image. Thread-safe:
 * each call builds its own detector, because BoofCV detectors keep per-image buffers.
 */
public final class FeatureExtractor {
    private final int longestSide;
    private final int maxFeatures;
    private final CleaningParams.Detector kind;

    public FeatureExtractor(CleaningParams params) {
        this.longestSide = params.longestSide();
        this.maxFeatures = params.maxFeatures();
        this.kind = params.detector();
    }

    private DetectDescribePoint<GrayF32, TupleDesc_F64> detector() {
        if (kind == CleaningParams.Detector.SIFT) {
            ConfigCompleteSift sift = new ConfigCompleteSift();
            sift.detector.maxFeaturesAll = maxFeatures;
            return FactoryDetectDescribe.sift(sift, GrayF32.class);
        }
        ConfigFastHessian hessian = new ConfigFastHessian();
        hessian.maxFeaturesAll = maxFeatures;
        return FactoryDetectDescribe.surfStable(hessian, null, null, GrayF32.class);
    }

    public LocalFeatures extract(BufferedImage image) {
        int side = Math.max(image.getWidth(), image.getHeight());
        BufferedImage small = side > longestSide ? Images.resizeLongestSide(image, longestSide) : image;
        double toSource = (double) image.getWidth() / small.getWidth();
        GrayF32 gray = ConvertBufferedImage.convertFrom(small, (GrayF32) null);

        DetectDescribePoint<GrayF32, TupleDesc_F64> points = detector();
        points.detect(gray);

        int n = points.getNumberOfFeatures();
        double[] xy = new double[2 * n];
        FastArray<TupleDesc_F64> descriptors = new FastArray<>(TupleDesc_F64.class, n);
        for (int i = 0; i < n; i++) {
            Point2D_F64 p = points.getLocation(i);
            xy[2 * i] = p.x;
            xy[2 * i + 1] = p.y;
            // The detector reuses its descriptor objects on the next image: keep copies.
            descriptors.add(points.getDescription(i).copy());
        }
        return new LocalFeatures(image.getWidth(), image.getHeight(), toSource, xy, descriptors);
    }
}
