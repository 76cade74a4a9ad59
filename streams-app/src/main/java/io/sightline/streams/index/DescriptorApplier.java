package io.sightline.streams.index;

import io.sightline.index.ImageMeta;
import io.sightline.schemas.ImageDescriptor;
import io.sightline.streams.DescriptorCodes;
import io.sightline.streams.VectorBytes;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Applies one record of {@code images.descriptors} to a shard: a descriptor is upserted, a tombstone deletes.
 * The same code serves live processing and restoration from the topic, so a rebuilt shard equals a live one, PQ /
 * IVF-PQ codes included: they are taken from the record, where ingest put them.
 */
public final class DescriptorApplier {
    private final String topic;
    private final Deserializer<ImageDescriptor> descriptors;

    public DescriptorApplier(String topic, Deserializer<ImageDescriptor> descriptors) {
        this.topic = topic;
        this.descriptors = descriptors;
    }

    /**
     * @return the image id the record was about
     * @throws IllegalArgumentException  for a record this shard cannot hold (wrong dimension, bad vector bytes)
     * @throws org.apache.kafka.common.errors.SerializationException for bytes that are not a descriptor
     */
    public String apply(LuceneShardStore shard, String key, byte[] value) {
        if (value == null) {
            if (key != null) {
                shard.delete(key);
            }
            return key;
        }
        ImageDescriptor descriptor = descriptors.deserialize(topic, value);
        String imageId = descriptor.getImageId();
        if (descriptor.getDim() != shard.dimension()) {
            throw new IllegalArgumentException(
                    "image " + imageId + ": descriptor of model " + descriptor.getModelVersion() + " has "
                            + descriptor.getDim() + " dimensions, the index holds " + shard.dimension());
        }
        shard.upsert(
                imageId,
                VectorBytes.decode(descriptor.getVector(), descriptor.getDim()),
                descriptor.getAttributes(),
                meta(descriptor),
                DescriptorCodes.of(descriptor));
        return imageId;
    }

    private static ImageMeta meta(ImageDescriptor descriptor) {
        ByteBuffer thumbnail = descriptor.getThumbnail();
        byte[] jpeg = null;
        if (thumbnail != null) {
            jpeg = new byte[thumbnail.remaining()];
            thumbnail.duplicate().get(jpeg);
        }
        ByteBuffer local = descriptor.getLocalFeatures();
        byte[] localBytes = null;
        if (local != null) {
            localBytes = new byte[local.remaining()];
            local.duplicate().get(localBytes);
        }
        return new ImageMeta(
                descriptor.getModelVersion(),
                descriptor.getWidth(),
                descriptor.getHeight(),
                descriptor.getExtractedAt().toEpochMilli(),
                jpeg,
                localBytes);
    }
}
