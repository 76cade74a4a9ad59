package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.kafka.EmbeddedPlatform;
import io.sightline.app.kafka.TopicSetup;
import io.sightline.registry.RegistryClientConfig;
import io.sightline.registry.RestSchemaRegistryClient;
import io.sightline.schemas.LabelledImage;
import io.sightline.serde.AvroSerdes;
import io.sightline.testing.SharedData;
import io.sightline.trainer.cleaning.RawLandmarks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clean --from-topic} on a real broker and registry: landmarks.raw in, landmarks.curated out. */
class CleanFromTopicTest {

    @Test
    void curatesTheRawTopic(@TempDir Path work) throws Exception {
        List<String> invalides = List.of("paris_invalides_000360", "paris_invalides_000376", "paris_invalides_000106");
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(work, 0, 0)) {
            Serde<LabelledImage> serde = AvroSerdes.value(
                    LabelledImage.class, new RestSchemaRegistryClient(RegistryClientConfig.of(platform.registryUrl())));
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()))) {
                new TopicSetup(admin)
                        .ensure(List.of(new TopicSetup.TopicSpec("landmarks.raw", 2, (short) 1, Map.of())));
            }
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
            try (var producer = new KafkaProducer<>(props, new StringSerializer(), serde.serializer())) {
                for (String id : List.of(invalides.get(0), "paris_eiffel_000266", invalides.get(1), invalides.get(2))) {
                    producer.send(new ProducerRecord<>(
                            "landmarks.raw",
                            id,
                            LabelledImage.newBuilder()
                                    .setImageId(id)
                                    .setLabel("invalides")
                                    .setSource(SharedData.parisImage(id).toUri().toString())
                                    .setBox(null)
                                    .build()));
                }
            }

            String out = CliRun.of(
                            "clean",
                            "--from-topic",
                            "--threads",
                            "2",
                            "-D",
                            "bootstrap.servers=" + platform.bootstrapServers(),
                            "-D",
                            "schema.registry.url=" + platform.registryUrl(),
                            "-D",
                            "topic.partitions=2",
                            "-D",
                            "fetch.file.roots=" + SharedData.parisImages())
                    .succeeded();

            assertThat(out).contains("published 3 curated images to landmarks.curated (1 removed)");
            Properties consumerProps = new Properties();
            consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
            try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), serde.deserializer())) {
                List<LabelledImage> curated =
                        RawLandmarks.readToEnd(consumer, "landmarks.curated", Duration.ofSeconds(30));
                assertThat(curated)
                        .extracting(LabelledImage::getImageId)
                        .containsExactlyInAnyOrderElementsOf(invalides);
                assertThat(curated).allSatisfy(image -> {
                    assertThat(image.getLabel()).isEqualTo("invalides");
                    assertThat(image.getBox()).isNotNull();
                });
            }
        }
    }
}
