package io.sightline.streams;

import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.ImageUploaded;
import io.sightline.schemas.Stage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Named inputs that an ingest topology must survive, each with what must become of it: a descriptor where it is
 * a legal image, otherwise a dead letter at a given stage. Built at test time from one real photo, so no binary
 * is committed and the corpus follows the decoders on the class path.
 */
final class BadInputCorpus {

    /** Where a record ends: a descriptor, or a dead letter at one of the stages. */
    enum Outcome {
        DESCRIPTOR,
        DESERIALIZE,
        VALIDATE,
        FETCH,
        DECODE,
        EXTRACT
    }

    /**
     * One record for the uploads topic.
     *
     * @param key       raw key bytes (the topology decodes them as strict UTF-8)
     * @param value     raw value bytes, usually a framed ImageUploaded
     * @param outputKey the key its descriptor or dead letter carries; null where the key itself is unreadable and
     *                  the dead letter is keyed by the record's coordinates ({@code topic/partition@offset})
     * @param expected  the outcomes that are correct for it
     */
    record Case(String name, byte[] key, byte[] value, String outputKey, Set<Outcome> expected) {}

    /** Serializers of the two record types the corpus writes, framed for the schema registry. */
    record Serializers(Function<ImageUploaded, byte[]> uploads, Function<DeadLetter, byte[]> deadLetters) {}

    private static final Set<Outcome> DECODED_OR_REJECTED = EnumSet.of(Outcome.DESCRIPTOR, Outcome.DECODE);

    private final BufferedImage photo;
    private final Path scratch;
    private final long maxBytes;
    private final Serializers serializers;
    private final Clock clock;
    private final List<Case> cases = new ArrayList<>();

    /**
     * @param photo    a real photo, already small (the corpus encodes it in every format)
     * @param scratch  a directory inside the fetcher's file roots, for cases that arrive as file URIs
     * @param maxBytes the byte cap of the topology under test; one case exceeds it
     */
    BadInputCorpus(BufferedImage photo, Path scratch, long maxBytes, Serializers serializers, Clock clock) {
        this.photo = photo;
        this.scratch = scratch;
        this.maxBytes = maxBytes;
        this.serializers = serializers;
        this.clock = clock;
    }

    List<Case> build() throws IOException {
        cases.clear();
        byte[] jpeg = CorpusImages.encode(photo, "jpeg");
        byte[] png = CorpusImages.encode(photo, "png");
        byte[] gif = CorpusImages.encode(photo, "gif");
        byte[] tiff = CorpusImages.encode(photo, "tiff");
        byte[] webp = CorpusImages.solidLosslessWebp(photo.getWidth(), photo.getHeight(), photo.getRGB(0, 0));

        inline("empty", new byte[0], null, Outcome.VALIDATE);
        inline("jpeg-truncated-half", CorpusImages.truncate(jpeg, 0.5), null, Outcome.DECODE);
        inline("jpeg-header-only", CorpusImages.truncate(jpeg, 0.1), null, Outcome.DECODE);
        inline(
                "jpeg-soi-eoi-only",
                new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xd9},
                null,
                Outcome.DECODE);
        inline("jpeg-bit-flips", CorpusImages.flipBits(jpeg, 4, 12, 1), null, DECODED_OR_REJECTED);
        inline("png-truncated", CorpusImages.truncate(png, 0.5), null, Outcome.DECODE);
        inline("png-bit-flips", CorpusImages.flipBits(png, 8, 12, 2), null, DECODED_OR_REJECTED);
        inline("png-signature-only", CorpusImages.truncate(png, 8.0 / png.length), null, Outcome.DECODE);
        inline("webp-truncated", CorpusImages.truncate(webp, 0.6), null, Outcome.DECODE);
        inline("webp-bit-flips", CorpusImages.flipBits(webp, 16, 6, 3), null, DECODED_OR_REJECTED);
        inline("gif-truncated", CorpusImages.truncate(gif, 0.5), null, Outcome.DECODE);
        inline("gif-bit-flips", CorpusImages.flipBits(gif, 6, 12, 4), null, DECODED_OR_REJECTED);
        inline("tiff-truncated", CorpusImages.truncate(tiff, 0.5), null, Outcome.DECODE);
        inline("tiff-bit-flips", CorpusImages.flipBits(tiff, 4, 12, 5), null, DECODED_OR_REJECTED);
        inline("png-sent-as-image-jpeg", png, "image/jpeg", Outcome.DESCRIPTOR);
        inline("webp-lossless-solid", webp, "image/webp", Outcome.DESCRIPTOR);
        inline("tiff-valid", tiff, "image/tiff", Outcome.DESCRIPTOR);
        inline("png-bomb-30000x30000", io.sightline.testing.BadImages.pngBomb(30_000, 30_000), null, Outcome.DECODE);
        inline("jpeg-sof-65500x65500", CorpusImages.jpegWithSofSize(jpeg, 65_500, 65_500), null, Outcome.DECODE);
        inline("gif-screen-65535x65535", CorpusImages.gifBomb(65_535, 65_535), null, Outcome.DECODE);
        // Legal and under the pixel cap: indexed, or refused by a later stage with a reason; never lost.
        inline(
                "png-1x100000",
                CorpusImages.encode(new BufferedImage(1, 100_000, BufferedImage.TYPE_INT_RGB), "png"),
                null,
                EnumSet.of(Outcome.DESCRIPTOR, Outcome.DECODE, Outcome.EXTRACT));
        inline(
                "png-100000x1",
                CorpusImages.encode(new BufferedImage(100_000, 1, BufferedImage.TYPE_INT_RGB), "png"),
                null,
                EnumSet.of(Outcome.DESCRIPTOR, Outcome.DECODE, Outcome.EXTRACT));
        inline("jpeg-cmyk-adobe", CorpusImages.cmykJpeg(photo), "image/jpeg", Outcome.DESCRIPTOR);
        inline("png-16-bit", CorpusImages.png16(photo), "image/png", Outcome.DESCRIPTOR);
        inline("gif-animated-2-frames", CorpusImages.animatedGif(photo), "image/gif", Outcome.DESCRIPTOR);
        inline("jpeg-garbage-exif", CorpusImages.withGarbageExif(jpeg, 6), "image/jpeg", Outcome.DESCRIPTOR);
        inline("svg-as-image", svg(), "image/svg+xml", Outcome.DECODE);
        inline("html-as-png", html(), "image/png", Outcome.DECODE);
        inline("plain-text", io.sightline.testing.BadImages.text(), null, Outcome.DECODE);
        inline("inline-over-the-cap", new byte[(int) maxBytes + 1], null, EnumSet.of(Outcome.FETCH, Outcome.VALIDATE));

        Path misnamed = Files.write(scratch.resolve("really-a-jpeg.png"), jpeg);
        byUri("jpeg-file-named-png", misnamed.toUri().toString(), Outcome.DESCRIPTOR);
        byUri(
                "huge-url-100k",
                "http://images.example.com/" + "a".repeat(100_000) + ".jpg",
                EnumSet.of(Outcome.FETCH, Outcome.VALIDATE));
        byUri("cloud-metadata-url", "http://169.254.169.254/latest/meta-data/iam/security-credentials/", Outcome.FETCH);
        byUri("loopback-url", "http://127.0.0.1:9092/", Outcome.FETCH);
        byUri("file-outside-roots", "file:///etc/passwd", Outcome.FETCH);
        byUri("file-dot-dot-escape", scratch.toUri() + "../../../../../../etc/passwd", Outcome.FETCH);
        byUri("file-missing", scratch.resolve("no-such.jpg").toUri().toString(), Outcome.FETCH);
        byUri("ftp-url", "ftp://example.org/a.jpg", Outcome.VALIDATE);

        ImageUploaded mislabelled = upload("non-utf8-key", ByteBuffer.wrap(jpeg), null);
        cases.add(new Case(
                "non-utf8-key",
                new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 'x'},
                serializers.uploads().apply(mislabelled),
                null,
                EnumSet.of(Outcome.DESERIALIZE)));
        raw("non-avro-bytes", "definitely not avro, just text".getBytes(StandardCharsets.UTF_8), Outcome.DESERIALIZE);
        raw("unknown-schema-id", new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 'x'}, Outcome.DESERIALIZE);
        raw("magic-byte-only", new byte[] {0}, Outcome.DESERIALIZE);
        DeadLetter letter = new DeadLetters(clock).of("misrouted", Stage.DECODE, "X", "a dead letter", null, jpeg);
        raw("dead-letter-on-uploads-topic", serializers.deadLetters().apply(letter), Outcome.DESERIALIZE);
        return List.copyOf(cases);
    }

    private ImageUploaded upload(String id, Object source, String contentType) {
        return ImageUploaded.newBuilder()
                .setImageId(id)
                .setSource(source)
                .setContentType(contentType)
                .setAttributes(Map.of("corpus", id))
                .setUploadedAt(clock.instant())
                .build();
    }

    private void inline(String name, byte[] bytes, String contentType, Outcome expected) {
        inline(name, bytes, contentType, EnumSet.of(expected));
    }

    private void inline(String name, byte[] bytes, String contentType, Set<Outcome> expected) {
        event(name, upload(name, ByteBuffer.wrap(bytes), contentType), expected);
    }

    private void byUri(String name, String uri, Outcome expected) {
        byUri(name, uri, EnumSet.of(expected));
    }

    private void byUri(String name, String uri, Set<Outcome> expected) {
        event(name, upload(name, uri, null), expected);
    }

    private void event(String name, ImageUploaded upload, Set<Outcome> expected) {
        cases.add(new Case(
                name,
                name.getBytes(StandardCharsets.UTF_8),
                serializers.uploads().apply(upload),
                name,
                expected));
    }

    private void raw(String name, byte[] value, Outcome expected) {
        cases.add(new Case(name, name.getBytes(StandardCharsets.UTF_8), value, name, EnumSet.of(expected)));
    }

    private static byte[] svg() {
        return ("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">"
                        + "<circle cx=\"50\" cy=\"50\" r=\"40\" fill=\"red\"/></svg>\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] html() {
        return "<!DOCTYPE html><html><body><img src=\"x\" onerror=\"alert(1)\"></body></html>\n"
                .getBytes(StandardCharsets.UTF_8);
    }
}
