package io.sightline.trainer.cleaning;

/** An image that cleaning dropped, and why (not in the largest verified component, or unreadable). */
public record RemovedImage(String imageId, String label, String reason) {}
