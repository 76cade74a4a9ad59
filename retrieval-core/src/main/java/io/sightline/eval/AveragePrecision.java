package io.sightline.eval;

import java.util.List;
import java.util.Set;

/** Average precision as defined by the Oxford buildings {@code compute_ap.cpp}. */
public final class AveragePrecision {

    private AveragePrecision() {}

    /**
     * Trapezoidal AP over the ranking with junk images removed: each retrieved image adds
     * {@code (recall_j - recall_{j-1}) * (precision_{j-1} + precision_j) / 2}, with precision 1 before the
     * first image. Positives never retrieved count as missed. Zero when there are no positives.
     */
    public static double oxford(List<String> ranking, Set<String> positives, Set<String> junk) {
        if (positives.isEmpty()) {
            return 0;
        }
        double oldRecall = 0;
        double oldPrecision = 1;
        double ap = 0;
        int intersect = 0;
        int j = 0;
        for (String id : ranking) {
            if (junk.contains(id)) {
                continue;
            }
            if (positives.contains(id)) {
                intersect++;
            }
            double recall = (double) intersect / positives.size();
            double precision = (double) intersect / (j + 1);
            ap += (recall - oldRecall) * ((oldPrecision + precision) / 2.0);
            oldRecall = recall;
            oldPrecision = precision;
            j++;
        }
        return ap;
    }
}
