package io.sightline.streams;

/** Names of the topics the topologies read and write. */
public record Topics(String uploaded, String descriptors, String deadLetters, String matches) {

    /** With the default copy-detection topic. */
    public Topics(String uploaded, String descriptors, String deadLetters) {
        this(uploaded, descriptors, deadLetters, "images.matches");
    }

    public static Topics defaults() {
        return new Topics("images.uploaded", "images.descriptors", "images.dlq", "images.matches");
    }
}
