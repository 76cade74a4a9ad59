package io.sightline.streams.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.schemas.ImageUploaded;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

/** What the batch buffer stores comes back whole after a restore: event, payload head, timestamp, headers, origin. */
class PendingUploadTest {
    @Test
    void roundTripsThroughTheBufferEncoding() {
        ImageUploaded upload = ImageUploaded.newBuilder()
                .setImageId("img-1")
                .setSource(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setContentType("image/jpeg")
                .setAttributes(Map.of("album", "x"))
                .setUploadedAt(Instant.parse("2026-11-23T00:00:00Z"))
                .build();
        PendingUpload p = new PendingUpload(
                "img-1",
                upload,
                new byte[] {9, 8},
                42L,
                List.of(new RecordHeader("trace", new byte[] {7}), new RecordHeader("empty", null)),
                new PendingUpload.Origin("images.uploaded", 3, 1234L));
        PendingUpload back = PendingUpload.decode(p.encode());
        assertThat(back.key()).isEqualTo("img-1");
        assertThat(back.upload()).isEqualTo(upload);
        assertThat(back.payloadHead()).containsExactly(9, 8);
        assertThat(back.timestamp()).isEqualTo(42L);
        assertThat(back.headers()).hasSize(2);
        assertThat(back.headers().get(0).key()).isEqualTo("trace");
        assertThat(back.headers().get(0).value()).containsExactly(7);
        assertThat(back.headers().get(1).value()).isNull();
        assertThat(back.origin()).isEqualTo(p.origin());
    }
}
