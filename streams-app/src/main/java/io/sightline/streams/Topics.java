package io.sightline.streams;

/** Names of the topics the topologies read and write. */
public record Topics(String uploaded, String descriptors, String deadLetters) {
    public static Topics defaults() {
        return new Topics("images.uploaded", "images.descriptors", "images.dlq");
    }
}
