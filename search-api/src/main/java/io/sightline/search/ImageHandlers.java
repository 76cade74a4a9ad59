package io.sightline.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.sightline.index.ImageMeta;
import io.sightline.index.StoredImage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/** {@code /v1/images}: publish an upload, delete (tombstone), read metadata and thumbnails. */
final class ImageHandlers {
    private final QueryImageReader reader;
    private final JsonBody json;
    private final UploadSink uploads;
    private final Supplier<SearchBackend> backends;

    /** @param backends the serving generation's backend, read per request */
    ImageHandlers(QueryImageReader reader, JsonBody json, UploadSink uploads, Supplier<SearchBackend> backends) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.json = Objects.requireNonNull(json, "json");
        this.uploads = Objects.requireNonNull(uploads, "uploads");
        this.backends = Objects.requireNonNull(backends, "backends");
    }

    /** {@code POST /v1/images}: the image as body/multipart (id and attributes in the query) or JSON with a url. */
    void publish(Context ctx) {
        String imageId;
        if (JsonBody.isJson(ctx)) {
            JsonNode body = json.read(ctx);
            String url = JsonBody.text(body, "url");
            if (url == null) {
                throw ApiProblem.badRequest("invalid-upload", "A JSON upload needs 'url' (or send the image itself)");
            }
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw ApiProblem.badRequest("invalid-url", "'url' must be an http or https URL");
            }
            String given = JsonBody.text(body, "imageId");
            imageId = given == null ? ImageIds.generate() : ImageIds.require(given);
            uploads.publishUrl(imageId, url, attributes(body.get("attributes")));
        } else {
            String given = ctx.queryParam("imageId");
            imageId = given == null ? ImageIds.generate() : ImageIds.require(given);
            Map<String, String> attributes = SearchParams.attributes(ctx.queryParams("attribute"), "attribute");
            byte[] image = reader.read(ctx);
            uploads.publishBytes(imageId, image, ctx.isMultipartFormData() ? null : ctx.contentType(), attributes);
        }
        ctx.status(202)
                .header("Location", "/v1/images/" + imageId)
                .json(Map.of("imageId", imageId, "status", "accepted"));
    }

    private static Map<String, String> attributes(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        return SearchParams.attributes(SearchParams.pairs(node, "attribute"), "attribute");
    }

    /** {@code DELETE /v1/images/{id}}: publishes a tombstone; the image leaves the index shortly after. */
    void delete(Context ctx) {
        String imageId = ImageIds.require(ctx.pathParam("id"));
        uploads.delete(imageId);
        ctx.status(202).json(Map.of("imageId", imageId, "status", "deleting"));
    }

    /** {@code GET /v1/images/{id}}. */
    void metadata(Context ctx) {
        String imageId = ImageIds.require(ctx.pathParam("id"));
        StoredImage image = backends.get().image(imageId).orElseThrow(() -> notFound(imageId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("imageId", image.imageId());
        body.put("attributes", image.attributes());
        ImageMeta meta = image.meta();
        if (meta != null) {
            body.put("modelVersion", meta.modelVersion());
            body.put("width", meta.width());
            body.put("height", meta.height());
            body.put(
                    "extractedAt",
                    Instant.ofEpochMilli(meta.extractedAtMillis()).toString());
        }
        body.put("thumbnailUrl", ImageIds.thumbnailUrl(imageId));
        ctx.json(body);
    }

    /** {@code GET /v1/images/{id}/thumbnail}: the JPEG made at ingest. */
    void thumbnail(Context ctx) {
        String imageId = ImageIds.require(ctx.pathParam("id"));
        byte[] jpeg = backends.get()
                .thumbnail(imageId)
                .orElseThrow(() -> new ApiProblem(
                        404, "thumbnail-not-found", "Image '" + imageId + "' is not indexed or has no thumbnail"));
        ctx.contentType("image/jpeg")
                .header("Cache-Control", "private, max-age=300")
                .result(jpeg);
    }

    static ApiProblem notFound(String imageId) {
        return new ApiProblem(404, "image-not-found", "Image '" + imageId + "' is not indexed");
    }
}
