package io.sightline.app.node.generation;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.kafka.KafkaClients;
import io.sightline.app.node.StreamsNode;
import io.sightline.registry.SchemaRegistry;
import io.sightline.schemas.ModelPublished;
import io.sightline.serde.AvroSerdes;
import io.sightline.streams.RecordSerdes;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;

/**
 * The generation machinery of one instance, wired: the manager (with the generation it serves, started) and the
 * listener that feeds it publications. What {@code LocalSystem} and {@code serve} start in place of a fixed
 * extraction stack and Streams node.
 */
public final class NodeGenerations implements AutoCloseable {
    private final GenerationManager manager;
    private final ModelPublishedListener listener;

    private NodeGenerations(GenerationManager manager, ModelPublishedListener listener) {
        this.manager = manager;
        this.listener = listener;
    }

    /** Starts the current generation (waiting until its applications run), then follows models.published. */
    public static NodeGenerations start(
            SightlineConfig config,
            StreamsNode.Role role,
            RecordSerdes serdes,
            SchemaRegistry registry,
            Clock clock,
            Duration startTimeout) {
        GenerationFactory factory = new GenerationFactory(config, role, serdes, clock, startTimeout);
        CatchUpCheck catchUp = new CatchUpCheck(Admin.create(KafkaClients.settings(config)));
        GenerationManager manager;
        try {
            manager = GenerationManager.start(config, factory, catchUp);
        } catch (RuntimeException e) {
            catchUp.close();
            throw e;
        }
        try {
            ModelPublishedListener listener = new ModelPublishedListener(
                    KafkaClients.settings(config),
                    config.getString(SightlineConfig.TOPIC_MODELS),
                    AvroSerdes.value(ModelPublished.class, registry).deserializer(),
                    manager::onPublished);
            return new NodeGenerations(manager, listener);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public GenerationManager manager() {
        return manager;
    }

    @Override
    public void close() {
        try {
            listener.close();
        } finally {
            manager.close();
        }
    }
}
