package io.sightline.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SearchServerConfigTest {

    @Test
    void acceptsSaneValues() {
        SearchServerConfig c = new SearchServerConfig("0.0.0.0", 8080, 1024, 10, 100);
        assertThat(c.defaultK()).isEqualTo(10);
        assertThat(SearchServerConfig.defaults().port()).isZero();
    }

    @Test
    void rejectsInconsistentValues() {
        assertThatThrownBy(() -> new SearchServerConfig(" ", 0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SearchServerConfig("h", -1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SearchServerConfig("h", 0, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SearchServerConfig("h", 0, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SearchServerConfig("h", 0, 1, 3, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queryRejectionMustBeAClientError() {
        assertThat(new QueryRejectedException("bad", 422).httpStatus()).isEqualTo(422);
        assertThatThrownBy(() -> new QueryRejectedException("bad", 500)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @Test
    void lifecycleIsGuarded() {
        try (ApiFixture fixture = new ApiFixture(dir, SearchServerConfig.defaults(), java.util.Map.of(), null)) {
            SearchServer server = fixture.server;
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
            server.close();
            server.close();
            assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
        }
    }
}
