package io.sightline.eval;

import java.util.Set;

/**
 * One query of an Oxford-format ground truth.
 *
 * @param name      query name, e.g. {@code defense_4}
 * @param imageName query image name without extension
 * @param x1        left of the query box, in pixels of the stored image
 * @param positives {@code good ∪ ok}
 * @param junk      images removed from the ranking before scoring
 */
public record OxfordQuery(
        String name,
        String imageName,
        double x1,
        double y1,
        double x2,
        double y2,
        Set<String> positives,
        Set<String> junk) {
    public OxfordQuery {
        positives = Set.copyOf(positives);
        junk = Set.copyOf(junk);
    }
}
