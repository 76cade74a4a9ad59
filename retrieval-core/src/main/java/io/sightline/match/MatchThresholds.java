package io.sightline.match;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Raw-similarity thresholds of the {@link MatchLevel}s, calibrated on the leave-one-out protocol for one model
 * (io.sightline.eval.MatchCalibration) and carried with it: {@code duplicate} is the lowest similarity at which
 * at least 99% of pairs are copies of one photo, {@code nearDuplicate} the same at 90%, {@code samePlace} the lowest
 * at which 90% of pairs show the same landmark. They only mean something for the descriptors they were learned on.
 */
public record MatchThresholds(double duplicate, double nearDuplicate, double samePlace) {

    public MatchThresholds {
        if (!(duplicate >= nearDuplicate && nearDuplicate >= samePlace)) {
            throw new IllegalArgumentException("need duplicate >= nearDuplicate >= samePlace: " + duplicate + ", "
                    + nearDuplicate + ", " + samePlace);
        }
    }

    /** No levels at all: every similarity is {@link MatchLevel#NONE}, and nothing is moved to the top. */
    public static MatchThresholds none() {
        return new MatchThresholds(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    public MatchLevel level(double similarity) {
        if (Double.isNaN(similarity)) {
            return MatchLevel.NONE;
        }
        if (similarity >= duplicate) {
            return MatchLevel.DUPLICATE;
        }
        if (similarity >= nearDuplicate) {
            return MatchLevel.NEAR_DUPLICATE;
        }
        return similarity >= samePlace ? MatchLevel.SAME_PLACE : MatchLevel.NONE;
    }

    /** A copy of the query, exact or edited: at least {@link #nearDuplicate}. */
    public boolean isCopy(double similarity) {
        return similarity >= nearDuplicate;
    }

    /**
     * Copies first: the items whose raw similarity reaches {@link #nearDuplicate} (duplicates and near-duplicates),
     * by similarity, then the others in their given (rank) order. Expansion and augmentation rank by what a photo's
     * neighbourhood shows, which can put another photo ahead of a copy; a user who uploads a copy expects to see it
     * first.
     */
    public <T> List<T> copiesFirst(List<T> ranked, ToDoubleFunction<T> similarity) {
        List<T> copies = new ArrayList<>();
        List<T> rest = new ArrayList<>(ranked.size());
        for (T item : ranked) {
            (isCopy(similarity.applyAsDouble(item)) ? copies : rest).add(item);
        }
        if (copies.isEmpty()) {
            return ranked;
        }
        copies.sort(Comparator.comparingDouble(similarity).reversed());
        copies.addAll(rest);
        return copies;
    }
}
