package io.sightline.search;

import java.util.Map;

/** Where {@code POST /v1/images} and {@code DELETE /v1/images/{id}} go: upload events on the uploads topic. */
public interface UploadSink {

    /** Publishes an upload of inline image bytes; returns once the event is durably accepted. */
    void publishBytes(String imageId, byte[] image, String contentType, Map<String, String> attributes);

    /** Publishes an upload whose image the pipeline fetches from {@code url} (under its fetch policy). */
    void publishUrl(String imageId, String url, Map<String, String> attributes);

    /** Publishes a tombstone: the image is removed from the index. */
    void delete(String imageId);
}
