package io.sightline.trainer.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sightline.image.FetchPolicy;
import io.sightline.image.ImageFetcher;
import io.sightline.image.ImageLimits;
import io.sightline.schemas.LabelledImage;
import io.sightline.testing.SharedData;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CuratedFolderTest {

    @TempDir
    Path dir;

    private static LabelledImage bytes(String id, Path photo, String label) throws Exception {
        return LabelledImage.newBuilder()
                .setImageId(id)
                .setSource(ByteBuffer.wrap(Files.readAllBytes(photo)))
                .setLabel(label)
                .build();
    }

    @Test
    void latestEventWinsAndTombstonesDelete() throws Exception {
        List<Path> photos = SharedData.photos(3);
        try (ImageFetcher fetcher = new ImageFetcher(ImageLimits.defaults())) {
            CuratedFolder folder = new CuratedFolder(dir, fetcher);
            assertTrue(folder.apply("a", bytes("a", photos.get(0), "eiffel")));
            assertTrue(folder.apply("b", bytes("b", photos.get(1), "defense")));
            assertTrue(folder.apply("a", bytes("a", photos.get(2), "louvre")));
            assertTrue(folder.apply("b", null));
            assertTrue(folder.apply("never-seen", null));

            assertEquals(Map.of("a", "louvre"), folder.labels());
            assertArrayEquals(
                    Files.readAllBytes(photos.get(2)),
                    Files.readAllBytes(folder.imagesDir().resolve("a.jpg")));
            assertFalse(Files.exists(folder.imagesDir().resolve("b.jpg")));
            assertEquals("a\tlouvre\n", Files.readString(folder.writeLabels()));
            assertEquals(1, folder.changes(), "nothing trained yet: the one live image is new");
            folder.markTrained();
            assertEquals(0, folder.changes());
            assertTrue(folder.apply("a", bytes("a", photos.get(2), "louvre")));
            assertEquals(0, folder.changes(), "the same label and bytes again are no change");
            assertTrue(folder.apply("a", bytes("a", photos.get(2), "eiffel")));
            assertEquals(1, folder.changes(), "a new label is");
            assertTrue(folder.apply("a", null));
            assertEquals(1, folder.changes(), "so is a deletion of a trained image");
        }
    }

    @Test
    void aRestartReplayingTheSameEventsSeesNoChange() throws Exception {
        List<Path> photos = SharedData.photos(2);
        try (ImageFetcher fetcher = new ImageFetcher(ImageLimits.defaults())) {
            CuratedFolder first = new CuratedFolder(dir, fetcher);
            first.apply("a", bytes("a", photos.get(0), "eiffel"));
            first.apply("b", bytes("b", photos.get(1), "defense"));
            first.markTrained();
            assertTrue(first.lastTrained().isPresent());

            CuratedFolder restarted = new CuratedFolder(dir, fetcher);
            assertEquals(2, restarted.changes(), "before the replay both trained images look deleted");
            restarted.apply("a", bytes("a", photos.get(0), "eiffel"));
            restarted.apply("b", bytes("b", photos.get(1), "defense"));
            assertEquals(0, restarted.changes());
        }
    }

    @Test
    void fileSourcesGoThroughTheFetchPolicy() throws Exception {
        Path photo = SharedData.photos(1).getFirst();
        try (ImageFetcher allowed = new ImageFetcher(
                        ImageLimits.defaults(), FetchPolicy.defaults().withFileRoots(List.of(photo.getParent())));
                ImageFetcher refused = new ImageFetcher(ImageLimits.defaults(), FetchPolicy.defaults())) {
            LabelledImage event = LabelledImage.newBuilder()
                    .setImageId("x")
                    .setSource(photo.toUri().toString())
                    .setLabel("eiffel")
                    .build();
            CuratedFolder strict = new CuratedFolder(dir.resolve("strict"), refused);
            assertFalse(strict.apply("x", event));
            assertTrue(strict.labels().isEmpty());

            CuratedFolder folder = new CuratedFolder(dir.resolve("ok"), allowed);
            assertTrue(folder.apply("x", event));
            assertArrayEquals(
                    Files.readAllBytes(photo),
                    Files.readAllBytes(folder.imagesDir().resolve("x.jpg")));
        }
    }

    @Test
    void unsafeIdsBecomeDigestNames() {
        assertEquals("paris_eiffel_000001", CuratedFolder.fileName("paris_eiffel_000001.jpg"));
        String name = CuratedFolder.fileName("../../etc/passwd");
        assertTrue(name.matches("id-[0-9a-f]{32}"), name);
    }
}
