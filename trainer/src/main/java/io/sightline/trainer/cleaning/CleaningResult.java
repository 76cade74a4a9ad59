package io.sightline.trainer.cleaning;

import java.util.List;

/** The curated images, the removed ones, one summary per label, and the feature-extraction wall time. */
public record CleaningResult(
        List<CuratedImage> kept, List<RemovedImage> removed, List<LabelSummary> labels, long featureMillis) {
    public CleaningResult {
        kept = List.copyOf(kept);
        removed = List.copyOf(removed);
        labels = List.copyOf(labels);
    }

    public int pairs() {
        return labels.stream().mapToInt(LabelSummary::pairs).sum();
    }

    public long matchMillis() {
        return labels.stream().mapToLong(LabelSummary::matchMillis).sum();
    }
}
