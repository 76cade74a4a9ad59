package io.sightline.search;

import java.util.Map;

/** Readiness and ingest progress of the instance, for {@code /v1/ready}, {@code /v1/status} and the web page. */
public interface SystemStatus {

    /** Ready to answer searches over complete shards. */
    Readiness readiness();

    /** How far ingestion has come. */
    IngestStatus ingest();

    /**
     * @param ready   true when searches see every owned partition fully indexed
     * @param state   the index application's state, e.g. RUNNING
     * @param details what was checked, e.g. per-partition restore lags
     */
    record Readiness(boolean ready, String state, Map<String, Object> details) {
        public Readiness {
            details = Map.copyOf(details);
        }
    }

    /**
     * @param indexedImages images searchable on this instance
     * @param deadLetters   uploads rejected so far (distinct image ids on the dead-letter topic)
     * @param extractLag    uploads not yet extracted (consumer lag of the extraction application), -1 if unknown
     * @param indexLag      descriptors not yet indexed (consumer lag of the index application), -1 if unknown
     */
    record IngestStatus(long indexedImages, long deadLetters, long extractLag, long indexLag) {}

    /** Always ready, nothing pending: for a server over a fixed index. */
    static SystemStatus fixed(SearchBackend backend) {
        return new SystemStatus() {
            @Override
            public Readiness readiness() {
                return new Readiness(true, "FIXED", Map.of());
            }

            @Override
            public IngestStatus ingest() {
                return new IngestStatus(backend.indexSize(), 0, 0, 0);
            }
        };
    }
}
