package io.sightline.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OxfordGroundTruthTest {

    @Test
    void loadsTheParisSubset() throws Exception {
        List<OxfordQuery> queries = OxfordGroundTruth.load(SharedData.parisGroundTruth());
        assertThat(queries).hasSize(12);
        OxfordQuery q = queries.getFirst();
        assertThat(q.name()).isEqualTo("defense_4");
        assertThat(q.imageName()).isEqualTo("paris_defense_000056");
        assertThat(List.of(q.x1(), q.y1(), q.x2(), q.y2())).containsExactly(8.0, 104.0, 707.0, 913.0);
        assertThat(q.positives()).hasSize(39).contains("paris_defense_000056");
        assertThat(q.junk()).hasSize(8);
        assertThat(queries).extracting(OxfordQuery::name).contains("triomphe_5", "moulinrouge_5");
    }

    @Test
    void mergesGoodAndOkAndStripsTheOxfordPrefix(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("all_souls_1_query.txt"), "oxc1_all_souls_000013 136.5 34.1 648.5 955.7\n");
        Files.writeString(dir.resolve("all_souls_1_good.txt"), "a\nb\n");
        Files.writeString(dir.resolve("all_souls_1_ok.txt"), "c\n\n");
        Files.writeString(dir.resolve("all_souls_1_junk.txt"), "d\n");
        OxfordQuery q = OxfordGroundTruth.load(dir).getFirst();
        assertThat(q.imageName()).isEqualTo("all_souls_000013");
        assertThat(q.x1()).isEqualTo(136.5);
        assertThat(q.positives()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(q.junk()).containsExactly("d");
    }
}
