package io.sightline.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RerankerTest {

    private static List<String> ids(List<Reranker.Ranked> ranked) {
        return ranked.stream().map(Reranker.Ranked::id).toList();
    }

    @Test
    void aLargeWeightPutsVerifiedCandidatesFirstByInliers() {
        List<Reranker.Verified> shortlist = List.of(
                new Reranker.Verified("wrong-building", 0.91, 3),
                new Reranker.Verified("right-few", 0.90, 12),
                new Reranker.Verified("right-many", 0.80, 60),
                new Reranker.Verified("unverified", 0.85, 0));
        List<Reranker.Ranked> ranked = Reranker.order(shortlist, new RerankParams(8, 50, 2.0));
        assertThat(ids(ranked)).containsExactly("right-many", "right-few", "wrong-building", "unverified");
        assertThat(ranked.getFirst().score()).isEqualTo(0.80 + 2.0);
        assertThat(ranked.get(1).score()).isEqualTo(0.90 + 2.0 * 12 / 50);
    }

    @Test
    void inliersBelowTheMinimumDoNotCountAndZeroWeightKeepsTheGlobalOrder() {
        List<Reranker.Verified> shortlist = List.of(
                new Reranker.Verified("a", 0.70, 7),
                new Reranker.Verified("b", 0.75, 0),
                new Reranker.Verified("c", 0.75, 0));
        assertThat(ids(Reranker.order(shortlist, new RerankParams(8, 20, 1.0)))).containsExactly("b", "c", "a");
        assertThat(ids(Reranker.order(shortlist, new RerankParams(0, 20, 0.0)))).containsExactly("b", "c", "a");
        assertThat(ids(Reranker.order(shortlist, new RerankParams(7, 20, 0.2)))).containsExactly("a", "b", "c");
    }

    @Test
    void theCapLimitsTheBonus() {
        RerankParams p = new RerankParams(8, 20, 0.5);
        assertThat(p.score(0.5, 200)).isEqualTo(p.score(0.5, 20)).isEqualTo(1.0);
        assertThatThrownBy(() -> new RerankParams(8, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
