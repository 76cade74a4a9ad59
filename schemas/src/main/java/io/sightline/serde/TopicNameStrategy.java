package io.sightline.serde;

/** Confluent's default subject naming: {@code <topic>-value} or {@code <topic>-key}. */
public final class TopicNameStrategy {

    private TopicNameStrategy() {}

    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
