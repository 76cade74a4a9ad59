package io.sightline.image;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * An image input stream whose end-of-data signal is cheap.
 *
 * <p>Why: TwelveMonkeys' lossless WebP (VP8L) bit reader refills from {@link #readByte()} on nearly every symbol
 * once it is near the end, and swallows the {@link EOFException} of each refill. A VP8L whose prefix codes all
 * have one symbol needs zero bits per pixel, so after the header every pixel costs one EOFException, whose stack
 * trace dominated: a 40-byte file that a bit flip turned into 4256x119 took 33 s, and one declaring a canvas just
 * under the pixel cap would have held a stream thread for most of an hour. Without the stack trace the same end
 * costs nanoseconds, so decoding time is again proportional to the (capped) pixel count, as for any image.
 */
final class EndBoundedInputStream extends MemoryCacheImageInputStream {

    EndBoundedInputStream(byte[] bytes) {
        super(new ByteArrayInputStream(bytes));
    }

    @Override
    public byte readByte() throws IOException {
        int b = read();
        if (b < 0) {
            throw new EndOfData();
        }
        return (byte) b;
    }

    @Override
    public int readUnsignedByte() throws IOException {
        int b = read();
        if (b < 0) {
            throw new EndOfData();
        }
        return b;
    }

    /** No stack trace: nobody inspects it, and filling it in was the whole cost. */
    private static final class EndOfData extends EOFException {
        EndOfData() {
            super("end of image data");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
