package io.sightline.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;

/**
 * Coverage-guided fuzzing of the decode path that every untrusted upload goes through. The contract under test:
 * whatever the bytes, {@link ImageDecoder#decode} returns an image or throws {@link ImageLoadException}; any other
 * exception, an {@link OutOfMemoryError} or a hang is a finding.
 *
 * <p>A plain {@code mvn test} runs only the committed seeds (small images derived from a Paris photo, in
 * {@code src/test/resources/io/sightline/image/ImageDecoderFuzzTestInputs/}) and any reproducers Jazzer saved
 * there. To fuzz for real:
 * <pre>
 *   JAZZER_FUZZ=1 mvn -B -o -pl retrieval-core -am test -Dtest=ImageDecoderFuzzTest \
 *       -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.hooks=true -Djazzer.max_duration=2m
 * </pre>
 * The generated corpus goes to {@code .cifuzz-corpus/} (ignored); a crashing input is saved next to the seeds
 * and replays in every later regression run.
 */
class ImageDecoderFuzzTest {

    /** Small caps keep every execution cheap; the caps are part of the contract, not hidden from it. */
    private final ImageDecoder decoder =
            new ImageDecoder(new ImageLimits(256 * 1024, 4_000_000, Duration.ofSeconds(1), Duration.ofSeconds(1)));

    @FuzzTest(maxDuration = "30s")
    void decodeThrowsOnlyImageLoadException(byte[] data) {
        try {
            decoder.decode(data);
        } catch (ImageLoadException expected) {
            // A clean rejection with a stage and a reason is the correct outcome for bad bytes.
        }
    }
}
