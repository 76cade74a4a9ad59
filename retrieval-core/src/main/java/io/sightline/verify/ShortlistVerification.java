package io.sightline.verify;

/**
 * How a search verifies its shortlist: the first {@code k} hits of each round are verified geometrically against
 * the query and re-ordered by {@link RerankParams#score}; query expansion then reads only hits whose inliers reach
 * {@code rule.minInliers()} (verified neighbours), so expansion cannot spread a confusion of the global descriptor.
 * {@code k = 0} is off.
 *
 * @param k        how many of each round's best hits are verified
 * @param rule     how inliers join the global score
 * @param verifier matching and RANSAC settings (for backbone cells: {@link VerifierParams#cells})
 */
public record ShortlistVerification(int k, RerankParams rule, VerifierParams verifier) {

    public ShortlistVerification {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0 (0: off), got " + k);
        }
    }

    /**
     * The default of search and eval: backbone cells of stride 16 at 512 px, affine RANSAC within one cell
     * (docs/decisions/028); k 50 and the rule (inliers from 8, capped at 60, weight 0.5) chosen on the
     * leave-one-out protocol, leave-one-landmark-out (docs/decisions/030).
     */
    public static ShortlistVerification defaults() {
        return new ShortlistVerification(50, new RerankParams(8, 60, 0.5), VerifierParams.cells(16, 512));
    }

    /** No verification. */
    public static ShortlistVerification off() {
        return new ShortlistVerification(0, new RerankParams(0, 1, 0), VerifierParams.cells(16, 512));
    }

    public boolean enabled() {
        return k > 0;
    }

    public ShortlistVerification withK(int newK) {
        return new ShortlistVerification(newK, rule, verifier);
    }

    public ShortlistVerification withRule(RerankParams newRule) {
        return new ShortlistVerification(k, newRule, verifier);
    }

    /** E.g. {@code verify25min8cap30w0.5}, for reports. */
    public String name() {
        return enabled()
                ? "verify" + k + "min" + rule.minInliers() + "cap" + rule.inlierCap() + "w" + rule.weight()
                : "noverify";
    }
}
