package io.sightline.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.expansion.AlphaQueryExpansion;
import io.sightline.expansion.AverageQueryExpansion;
import io.sightline.expansion.DatabaseAugmentation;
import org.junit.jupiter.api.Test;

class PostProcessingTest {
    @Test
    void parsesEverySpelling() {
        assertThat(PostProcessing.parseQueryExpansion("alpha:5:3")).isEqualTo(new AlphaQueryExpansion(5, 3));
        assertThat(PostProcessing.parseQueryExpansion("avg:10")).isEqualTo(new AverageQueryExpansion(10));
        assertThat(PostProcessing.parseQueryExpansion("NONE").name()).isEqualTo("noqe");
        assertThat(PostProcessing.parseAugmentation("5:3")).contains(new DatabaseAugmentation(5, 3));
        assertThat(PostProcessing.parseAugmentation("none")).isEmpty();
    }

    @Test
    void rejectsMalformedSpecsNamingThem() {
        assertThatThrownBy(() -> PostProcessing.parseQueryExpansion("alpha:5")).hasMessageContaining("alpha:5");
        assertThatThrownBy(() -> PostProcessing.parseQueryExpansion("magic")).hasMessageContaining("magic");
        assertThatThrownBy(() -> PostProcessing.parseAugmentation("5")).hasMessageContaining("K:ALPHA");
    }
}
