package io.sightline.streams;

import io.sightline.schemas.ImageUploaded;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;

/** Upload events piped into a TopologyTestDriver's uploads topic, serialized as the pipeline's producers do. */
final class TestUploads {
    private final TestInputTopic<String, byte[]> topic;
    private final RecordSerdes serdes;
    private final Topics topics;
    private final Clock clock;

    TestUploads(TestInputTopic<String, byte[]> topic, RecordSerdes serdes, Topics topics, Clock clock) {
        this.topic = topic;
        this.serdes = serdes;
        this.topics = topics;
        this.clock = clock;
    }

    /** An upload of {@code source} (a URI string or inline bytes) with the attribute album=test. */
    void publish(String id, Object source) {
        ImageUploaded event = ImageUploaded.newBuilder().setImageId(id).setSource(source).setContentType(null)
                .setAttributes(Map.of("album", "test")).setUploadedAt(clock.instant()).build();
        topic.pipeInput(id, serdes.uploads().serializer().serialize(topics.uploaded(), event));
    }
}
