package io.sightline.app.node.generation;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.ExtractionStack;
import io.sightline.app.node.StreamsNode;
import io.sightline.app.node.cluster.ClusterSearch;
import io.sightline.search.SearchSnapshot;
import io.sightline.streams.index.IndexShard;
import java.util.Optional;

/**
 * One running index generation: a model version with its extraction, its Streams applications and, where this
 * instance indexes, its shards and the search snapshot over them. Immutable; the manager swaps whole generations.
 *
 * @param spec         the publication it was built from; empty for the configured model
 * @param modelVersion the version its descriptors carry
 * @param config       the configuration its applications run with ({@link GenerationLayout#configFor})
 * @param shards       its local shards; empty for an extract-only instance
 * @param cluster      how it searches across instances (its own shards only without application.server); empty
 *                     where shards are
 * @param search       model version, query encoder and search backend of this generation; empty where shards are
 */
public record Generation(
        Optional<GenerationSpec> spec,
        String modelVersion,
        SightlineConfig config,
        ExtractionStack extraction,
        StreamsNode node,
        Optional<IndexShard> shards,
        Optional<ClusterSearch> cluster,
        Optional<SearchSnapshot> search)
        implements AutoCloseable {

    /** Human-readable: the version and, for published ones, the slug its topic and groups carry. */
    public String describe() {
        return modelVersion + spec.map(s -> " [" + s.slug() + "]").orElse(" [configured]");
    }

    @Override
    public void close() {
        // Stream threads first, model sessions last. Refusing new inferences before closing the applications lets
        // a stream thread in the middle of a micro-batch stop after one inference (its records are not committed and
        // are redone after a restart) rather than extract the whole batch while the stop waits; the sessions are freed
        // only once the inferences in flight are done (DjlModelRunner drains them).
        extraction.refuseNew();
        try {
            cluster.ifPresent(ClusterSearch::close);
            node.close();
        } finally {
            extraction.close();
        }
    }
}
