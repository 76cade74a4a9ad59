package io.sightline.search;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the query image of a request, either the raw body or the multipart field {@value #FIELD}, and enforces the
 * upload limit without ever buffering more than {@code maxBytes + 1} bytes of image.
 */
final class QueryImageReader {

    /** Name of the multipart form field holding the query image. */
    static final String FIELD = "image";

    /** Room for multipart boundaries, part headers and small extra fields on top of the image itself. */
    static final long MULTIPART_OVERHEAD_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(QueryImageReader.class);

    private final long maxBytes;

    QueryImageReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Upper bound of a whole multipart request body. */
    long maxMultipartRequestBytes() {
        return maxBytes + MULTIPART_OVERHEAD_BYTES;
    }

    /**
     * @return the image bytes, never empty
     * @throws ApiProblem 400 (empty, missing field, malformed), 413 (too large), 415 (not an image content type)
     */
    byte[] read(Context ctx) {
        byte[] image = ctx.isMultipartFormData() ? readMultipart(ctx) : readRaw(ctx);
        if (image.length == 0) {
            throw ApiProblem.badRequest("empty-image", "The query image is empty");
        }
        return image;
    }

    private byte[] readRaw(Context ctx) {
        String contentType = ctx.contentType();
        if (contentType != null && !isRawImageType(contentType)) {
            throw new ApiProblem(
                    415,
                    "unsupported-media-type",
                    "Send the query image as image/*, "
                            + "application/octet-stream or multipart/form-data with a field '" + FIELD + "'");
        }
        rejectDeclaredLength(ctx, maxBytes);
        try (InputStream in = ctx.req().getInputStream()) {
            return readAtMost(in, maxBytes);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private byte[] readMultipart(Context ctx) {
        rejectDeclaredLength(ctx, maxMultipartRequestBytes());
        UploadedFile file;
        try {
            file = ctx.uploadedFile(FIELD);
        } catch (Exception e) { // Jetty's multipart parser surfaces ServletException undeclared

            if (isSizeLimitFailure(e)) {
                throw ApiProblem.tooLarge(maxBytes);
            }
            LOG.debug("Malformed multipart request on {}", ctx.path(), e);
            throw ApiProblem.bodyNotConsumed(
                    400, "malformed-multipart", "The multipart/form-data body could not be parsed", e);
        }
        if (file == null) {
            throw ApiProblem.badRequest("missing-image", "The multipart/form-data body has no field '" + FIELD + "'");
        }
        if (file.size() > maxBytes) {
            throw ApiProblem.tooLarge(maxBytes);
        }
        try (InputStream in = file.content()) {
            return readAtMost(in, maxBytes);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private void rejectDeclaredLength(Context ctx, long limit) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw ApiProblem.tooLarge(maxBytes);
        }
    }

    private byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 64 * 1024));
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > limit) {
                throw ApiProblem.tooLarge(maxBytes);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static ApiProblem unreadable(IOException e) {
        LOG.debug("Could not read request body", e);
        return ApiProblem.bodyNotConsumed(400, "unreadable-body", "The request body could not be read", e);
    }

    static boolean isRawImageType(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.isEmpty() || mediaType.startsWith("image/") || mediaType.equals("application/octet-stream");
    }

    /** Jetty reports multipart size limits as exceptions whose messages mention the exceeded size. */
    private static boolean isSizeLimitFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null) {
                String m = message.toLowerCase(Locale.ROOT);
                if ((m.contains("size") || m.contains("too large")) && (m.contains("exceed") || m.contains("max"))) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
