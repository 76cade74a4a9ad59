package io.sightline.match;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * Raw-similarity thresholds of the {@link MatchLevel}s, calibrated on the leave-one-out protocol for one model
 * (io.sightline.eval.MatchCalibration) and carried with it: {@code duplicate} is the lowest similarity at which
 * at least 99% of pairs are copies of one photo, {@code nearDuplicate} the same at 90%, {@code samePlace} the lowest
 * at which 90% of pairs show the same landmark. They only mean something for the descriptors they were learned on.
 *
 * <p>{@code copyInliers} is the second way to recognise a copy: geometric verification's inlier count with the query,
 * at or above which (nearly) every verified pair is a photo and its own copy. A grayscale copy keeps its local
 * structure but loses much of its global similarity (a median of 264 inliers with its original while the
 * similarity falls as low as 0.57 on the Paris photos), so the similarity alone misses it. {@link Integer#MAX_VALUE}
 * turns the rule off.
 */
public record MatchThresholds(double duplicate, double nearDuplicate, double samePlace, int copyInliers) {

    public MatchThresholds {
        if (!(duplicate >= nearDuplicate && nearDuplicate >= samePlace)) {
            throw new IllegalArgumentException("need duplicate >= nearDuplicate >= samePlace: " + duplicate + ", "
                    + nearDuplicate + ", " + samePlace);
        }
        if (copyInliers < 1) {
            throw new IllegalArgumentException("copyInliers must be positive: " + copyInliers);
        }
    }

    /** Levels by similarity alone: no inlier count makes a copy. */
    public MatchThresholds(double duplicate, double nearDuplicate, double samePlace) {
        this(duplicate, nearDuplicate, samePlace, Integer.MAX_VALUE);
    }

    /** The same similarity thresholds, with {@code inliers} verified inliers also making a copy. */
    public MatchThresholds withCopyInliers(int inliers) {
        return new MatchThresholds(duplicate, nearDuplicate, samePlace, inliers);
    }

    /** No levels at all: every similarity is {@link MatchLevel#NONE}, and nothing is moved to the top. */
    public static MatchThresholds none() {
        return new MatchThresholds(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * The level of a result with {@code inliers} verified inliers (negative when it was not verified): a copy by
     * its inliers is at least {@link MatchLevel#NEAR_DUPLICATE}, whatever its similarity.
     */
    public MatchLevel level(double similarity, int inliers) {
        MatchLevel bySimilarity = level(similarity);
        return inliers >= copyInliers && bySimilarity.compareTo(MatchLevel.NEAR_DUPLICATE) > 0
                ? MatchLevel.NEAR_DUPLICATE
                : bySimilarity;
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

    /** A copy by its similarity or by its verified inliers ({@code inliers} negative: not verified). */
    public boolean isCopy(double similarity, int inliers) {
        return isCopy(similarity) || inliers >= copyInliers;
    }

    /** {@link #copiesFirst(List, ToDoubleFunction, ToIntFunction)} for results that were not verified. */
    public <T> List<T> copiesFirst(List<T> ranked, ToDoubleFunction<T> similarity) {
        return copiesFirst(ranked, similarity, item -> -1);
    }

    /**
     * Copies first: the items that are copies by similarity or by verified inliers ({@link #isCopy(double, int)}),
     * then the others in their given (rank) order. Expansion and augmentation rank by what a photo's neighbourhood
     * shows, which can put another photo ahead of a copy; a user who uploads a copy expects to see it first. Copies
     * are ordered by inliers, then similarity: a photo shares more verified cells with its own crop or grayscale copy
     * than with another photo of the place, while another photo can be the more similar globally (on the Paris
     * photos, 9 of the 11 copies the similarity order missed shared more inliers with their own photo than with the
     * photo ranked first).
     *
     * @param inliers each item's verified inlier count, negative when it was not verified
     */
    public <T> List<T> copiesFirst(List<T> ranked, ToDoubleFunction<T> similarity, ToIntFunction<T> inliers) {
        List<T> copies = new ArrayList<>();
        List<T> rest = new ArrayList<>(ranked.size());
        for (T item : ranked) {
            (isCopy(similarity.applyAsDouble(item), inliers.applyAsInt(item)) ? copies : rest).add(item);
        }
        if (copies.isEmpty()) {
            return ranked;
        }
        copies.sort(
                Comparator.comparingInt(inliers).thenComparingDouble(similarity).reversed());
        copies.addAll(rest);
        return copies;
    }
}
