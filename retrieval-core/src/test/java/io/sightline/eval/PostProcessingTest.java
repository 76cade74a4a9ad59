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

    /** The configuration's defaults are written from best(): each spec parses back to the same setting. */
    @Test
    void specsParseBackToTheSameSetting() {
        for (String spec : new String[] {"none", "avg:3", "alpha:5:3.0", "avg:5:0.2", "alpha:2:1.5:0.4"}) {
            assertThat(PostProcessing.parseQueryExpansion(spec).spec()).isEqualTo(spec);
        }
        PostProcessing best = PostProcessing.best();
        assertThat(PostProcessing.parseQueryExpansion(best.queryExpansion().spec()))
                .isEqualTo(best.queryExpansion());
        assertThat(PostProcessing.parseAugmentation(best.augmentationSpec())).isEqualTo(best.augmentation());
        assertThat(io.sightline.expansion.SuperGlobalRerank.parse(best.superGlobalSpec()))
                .isEqualTo(best.superGlobal());
        PostProcessing previous = PostProcessing.previousDefault();
        assertThat(PostProcessing.parseAugmentation(previous.augmentationSpec()))
                .isEqualTo(previous.augmentation());
    }
}
