package io.sightline.index;

import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.StoredFieldVisitor;

/** Reads attributes and metadata of one document, skipping the thumbnail unless it is wanted. */
final class StoredImageVisitor extends StoredFieldVisitor {
    private final boolean withThumbnail;
    private final Map<String, String> attributes = new HashMap<>();
    private String model;
    private int width;
    private int height;
    private long extractedAt;
    private byte[] thumbnail;
    private boolean hasMeta;

    StoredImageVisitor(boolean withThumbnail) {
        this.withThumbnail = withThumbnail;
    }

    @Override
    public Status needsField(FieldInfo field) {
        String name = field.name;
        if (name.equals(ShardSchema.THUMBNAIL)) {
            return withThumbnail ? Status.YES : Status.NO;
        }
        return name.startsWith(ShardSchema.ATTRIBUTE_PREFIX) || name.startsWith("meta.") ? Status.YES : Status.NO;
    }

    @Override
    public void stringField(FieldInfo field, String value) {
        if (field.name.startsWith(ShardSchema.ATTRIBUTE_PREFIX)) {
            attributes.put(field.name.substring(ShardSchema.ATTRIBUTE_PREFIX.length()), value);
        } else if (field.name.equals(ShardSchema.META_MODEL)) {
            model = value;
        }
    }

    @Override
    public void intField(FieldInfo field, int value) {
        hasMeta = true;
        if (field.name.equals(ShardSchema.META_WIDTH)) {
            width = value;
        } else if (field.name.equals(ShardSchema.META_HEIGHT)) {
            height = value;
        }
    }

    @Override
    public void longField(FieldInfo field, long value) {
        if (field.name.equals(ShardSchema.META_EXTRACTED_AT)) {
            extractedAt = value;
        }
    }

    @Override
    public void binaryField(FieldInfo field, byte[] value) {
        if (field.name.equals(ShardSchema.THUMBNAIL)) {
            thumbnail = value;
        }
    }

    StoredImage image(String imageId) {
        ImageMeta meta = hasMeta ? new ImageMeta(model, width, height, extractedAt, thumbnail) : null;
        return new StoredImage(imageId, attributes, meta);
    }
}
