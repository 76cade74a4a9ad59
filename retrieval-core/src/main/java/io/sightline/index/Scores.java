package io.sightline.index;

/**
 * Maps inner products to Lucene scores and back. Lucene needs non-negative scores; ADC estimates can fall outside
 * [-1, 1], so this uses Lucene's own monotone max-inner-product scaling ({@code s + 1} for s >= 0,
 * {@code 1 / (1 - s)} below) rather than {@code (1 + s) / 2}.
 */
final class Scores {
    private Scores() {}

    static float toLucene(float similarity) {
        return similarity >= 0 ? similarity + 1 : 1 / (1 - similarity);
    }

    static float fromLucene(float score) {
        return score >= 1 ? score - 1 : 1 - 1 / score;
    }
}
