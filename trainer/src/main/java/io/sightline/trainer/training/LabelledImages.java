package io.sightline.trainer.training;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Training images (names without extension, in a fixed order) and their labels; images of one label match.
 */
public record LabelledImages(List<String> names, List<String> labels) {

    public LabelledImages {
        if (names.size() != labels.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + labels.size() + " labels");
        }
        names = List.copyOf(names);
        labels = List.copyOf(labels);
    }

    public int size() {
        return names.size();
    }

    /** Images per label, sorted by label. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        labels.forEach(l -> counts.merge(l, 1L, Long::sum));
        return counts;
    }
}
