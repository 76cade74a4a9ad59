package io.sightline.search.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.index.SearchMode;
import io.sightline.index.SearchRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fan-out's wire format carries rerank and nprobe, and reads a peer that sends neither. */
class ShardQueryJsonTest {
    private final ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void rerankAndNprobeSurviveTheWire() throws Exception {
        ShardQuery sent = new ShardQuery(
                new float[] {0.6f, 0.8f}, 5, SearchMode.IVFPQ, Map.of("city", "paris"), List.of(1, 3), 2, 100, 7);
        ShardQuery read = mapper.readValue(mapper.writeValueAsBytes(sent), ShardQuery.class);
        assertThat(read.rerank()).isEqualTo(100);
        assertThat(read.nprobe()).isEqualTo(7);
        assertThat(read.mode()).isEqualTo(SearchMode.IVFPQ);
        assertThat(read.vector()).containsExactly(0.6f, 0.8f);
    }

    @Test
    void aPeerThatSendsNeitherGetsNoRerankingAndTheDefaultNprobe() throws Exception {
        String older =
                "{\"vector\":[1.0,0.0],\"k\":3,\"mode\":\"PQ\",\"filters\":{},\"partitions\":[0],\"withVectors\":0}";
        ShardQuery read = mapper.readValue(older, ShardQuery.class);
        assertThat(read.rerank()).isZero();
        assertThat(read.nprobe()).isEqualTo(SearchRequest.DEFAULT_NPROBE);
    }
}
