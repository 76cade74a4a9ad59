package io.sightline.trainer.cleaning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComponentsTest {

    @Test
    void largestComponentFollowsChainsOfEdges() {
        Components graph = new Components(7);
        graph.connect(5, 1);
        graph.connect(1, 3);
        graph.connect(3, 6);
        graph.connect(0, 2);

        assertThat(graph.largest()).containsExactly(1, 3, 5, 6);
    }

    @Test
    void withoutEdgesEveryNodeIsAlone() {
        assertThat(new Components(3).largest()).hasSize(1);
    }
}
