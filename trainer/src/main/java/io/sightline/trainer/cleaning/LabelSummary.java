package io.sightline.trainer.cleaning;

/** What cleaning did to one label: images in and kept, pairs matched and verified, matching wall time. */
public record LabelSummary(String label, int images, int kept, int pairs, int verifiedPairs, long matchMillis) {}
