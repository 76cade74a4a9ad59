package io.sightline.image;

import java.awt.image.BufferedImage;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libjpeg-turbo's TurboJPEG Java API, when the machine has it (Debian's {@code libturbojpeg-java} and
 * {@code libturbojpeg0-dev}): about three times faster than ImageIO's JPEG reader, and it can decode straight at
 * 1/2, 1/4 or 1/8 scale in the DCT domain, which is where most of the saving is when the backbone only needs 512
 * pixels of a 1024-pixel photo. It is not on Maven Central, so it is loaded from its jar at run time through
 * method handles; without it {@link ImageDecoder} uses ImageIO alone. It also encodes (the thumbnails of ingest),
 * about three times faster than ImageIO's JPEG writer. Thread-safe: every call opens its own decompressor or
 * compressor.
 */
public final class TurboJpeg {
    private static final Logger log = LoggerFactory.getLogger(TurboJpeg.class);
    /**
     * One binding per jar for the whole JVM. A JNI library can be bound to one class loader only, so a second
     * {@code URLClassLoader} for the same jar fails ("already loaded in another classloader") and, before this
     * cache, silently left every decoder after the first (a new model generation, a second extraction stack) on
     * ImageIO. The only static state here: it mirrors the JVM's own native-library table.
     */
    private static final java.util.concurrent.ConcurrentMap<Path, Optional<TurboJpeg>> LOADED =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Where Debian's libturbojpeg-java puts the jar. */
    public static final Path DEBIAN_JAR = Path.of("/usr/share/java/turbojpeg.jar");

    /** TurboJPEG's colour spaces that cannot be decoded to RGB (TJ.CS_CMYK, TJ.CS_YCCK). */
    private static final int CS_CMYK = 3;

    private static final int CS_YCCK = 4;
    /** TurboJPEG's TJ.SAMP_420: the chroma subsampling ImageIO's JPEG writer uses for RGB by default. */
    private static final int SAMP_420 = 2;

    /** What the header says, before anything is allocated for pixels. */
    public record Header(int width, int height, int colorspace) {
        boolean rgbDecodable() {
            return colorspace != CS_CMYK && colorspace != CS_YCCK;
        }
    }

    private final MethodHandle create;
    private final MethodHandle setSource;
    private final MethodHandle width;
    private final MethodHandle height;
    private final MethodHandle colorspace;
    private final MethodHandle decompress;
    private final MethodHandle close;
    private final MethodHandle createCompressor;
    private final MethodHandle setQuality;
    private final MethodHandle setSubsampling;
    private final MethodHandle compress;
    private final MethodHandle compressedSize;
    private final MethodHandle closeCompressor;

    private TurboJpeg(Class<?> decompressor, Class<?> compressor) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        create = lookup.findConstructor(decompressor, MethodType.methodType(void.class));
        setSource = lookup.findVirtual(
                decompressor, "setSourceImage", MethodType.methodType(void.class, byte[].class, int.class));
        width = lookup.findVirtual(decompressor, "getWidth", MethodType.methodType(int.class));
        height = lookup.findVirtual(decompressor, "getHeight", MethodType.methodType(int.class));
        colorspace = lookup.findVirtual(decompressor, "getColorspace", MethodType.methodType(int.class));
        decompress = lookup.findVirtual(
                decompressor,
                "decompress",
                MethodType.methodType(BufferedImage.class, int.class, int.class, int.class, int.class));
        close = lookup.findVirtual(decompressor, "close", MethodType.methodType(void.class));
        createCompressor = lookup.findConstructor(
                compressor,
                MethodType.methodType(void.class, BufferedImage.class, int.class, int.class, int.class, int.class));
        setQuality = lookup.findVirtual(compressor, "setJPEGQuality", MethodType.methodType(void.class, int.class));
        setSubsampling = lookup.findVirtual(compressor, "setSubsamp", MethodType.methodType(void.class, int.class));
        compress = lookup.findVirtual(compressor, "compress", MethodType.methodType(byte[].class, int.class));
        compressedSize = lookup.findVirtual(compressor, "getCompressedSize", MethodType.methodType(int.class));
        closeCompressor = lookup.findVirtual(compressor, "close", MethodType.methodType(void.class));
    }

    /**
     * TurboJPEG from {@code jar}, or empty (with one log line saying why) when the jar or its native library is
     * missing: decoding then stays on ImageIO.
     */
    public static Optional<TurboJpeg> load(Path jar) {
        if (jar == null || !Files.isRegularFile(jar)) {
            return loadUncached(jar);
        }
        return LOADED.computeIfAbsent(jar.toAbsolutePath().normalize(), TurboJpeg::loadUncached);
    }

    private static Optional<TurboJpeg> loadUncached(Path jar) {
        if (jar == null || !Files.isRegularFile(jar)) {
            log.info(
                    "TurboJPEG not found jar={}; JPEGs are decoded with ImageIO (slower; on Debian: apt-get install "
                            + "libturbojpeg-java libturbojpeg0-dev)",
                    jar);
            return Optional.empty();
        }
        try {
            // Its own class loader: the JNI library binds to the loader of the classes that declare the natives.
            URLClassLoader loader =
                    new URLClassLoader(new URL[] {jar.toUri().toURL()}, TurboJpeg.class.getClassLoader());
            TurboJpeg turbo = new TurboJpeg(
                    Class.forName("org.libjpegturbo.turbojpeg.TJDecompressor", true, loader),
                    Class.forName("org.libjpegturbo.turbojpeg.TJCompressor", true, loader));
            turbo.probe();
            log.info("TurboJPEG loaded jar={}; JPEGs are decoded with libjpeg-turbo, scaled in the DCT domain", jar);
            return Optional.of(turbo);
        } catch (ReflectiveOperationException | LinkageError | java.io.IOException | RuntimeException e) {
            log.warn("TurboJPEG unusable jar={} reason={}; JPEGs are decoded with ImageIO", jar, e.toString());
            return Optional.empty();
        }
    }

    /** Loads the native library now (the decompressor's static initialiser), not on the first upload. */
    private void probe() {
        try {
            close.invoke(create.invoke());
        } catch (Throwable t) {
            throw new IllegalStateException("TurboJPEG native library: " + t, t);
        }
    }

    /** The header of a JPEG; throws for anything TurboJPEG cannot read (the caller falls back to ImageIO). */
    public Header header(byte[] jpeg) throws Exception {
        Object d = open(jpeg);
        try {
            return new Header((int) width.invoke(d), (int) height.invoke(d), (int) colorspace.invoke(d));
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            closeQuietly(d);
        }
    }

    /**
     * The image decoded at {@code 1/denominator} of its size ({@code denominator} 1, 2, 4 or 8: the DCT scalings
     * libjpeg-turbo does fastest), as {@link BufferedImage#TYPE_INT_RGB}. Warnings (truncated data) throw too.
     */
    public BufferedImage decode(byte[] jpeg, Header header, int denominator) throws Exception {
        if (denominator != 1 && denominator != 2 && denominator != 4 && denominator != 8) {
            throw new IllegalArgumentException("denominator must be 1, 2, 4 or 8: " + denominator);
        }
        Object d = open(jpeg);
        try {
            return (BufferedImage) decompress.invoke(
                    d,
                    scaled(header.width(), denominator),
                    scaled(header.height(), denominator),
                    BufferedImage.TYPE_INT_RGB,
                    0);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            closeQuietly(d);
        }
    }

    /**
     * The baseline JPEG (4:2:0, as ImageIO's writer makes by default) of an RGB image at {@code quality} (1-100).
     * Throws for what TurboJPEG cannot take (the caller falls back to ImageIO).
     */
    public byte[] encode(BufferedImage image, int quality) throws Exception {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality must be 1-100: " + quality);
        }
        Object c;
        try {
            c = createCompressor.invoke(image, 0, 0, image.getWidth(), image.getHeight());
        } catch (Throwable t) {
            throw rethrow(t);
        }
        try {
            setQuality.invoke(c, quality);
            setSubsampling.invoke(c, SAMP_420);
            // The returned buffer is the compressor's worst-case size: only its first getCompressedSize bytes are
            // the JPEG.
            byte[] buffer = (byte[]) compress.invoke(c, 0);
            return Arrays.copyOf(buffer, (int) compressedSize.invoke(c));
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            try {
                closeCompressor.invoke(c);
            } catch (Throwable t) {
                log.debug("closing a TurboJPEG compressor: {}", t.toString());
            }
        }
    }

    /** TurboJPEG's TJSCALED: the side of a scaled decode, rounded up. */
    static int scaled(int side, int denominator) {
        return (side + denominator - 1) / denominator;
    }

    /**
     * The largest DCT denominator whose decode keeps the longest side at least {@code minLongestSide} (and at most
     * {@code maxLongestSide} when that is possible): decoding at 1/2 for a 512-pixel backbone input from a
     * 1024-pixel photo, at full size when the photo is already small.
     */
    static int denominator(int width, int height, int minLongestSide, int maxLongestSide) {
        int longest = Math.max(width, height);
        int best = 1;
        for (int d = 2; d <= 8; d *= 2) {
            if (scaled(longest, d) >= minLongestSide) {
                best = d;
            }
        }
        while (best < 8 && scaled(longest, best) > maxLongestSide) {
            best *= 2;
        }
        return best;
    }

    private Object open(byte[] jpeg) throws Exception {
        Object d;
        try {
            d = create.invoke();
        } catch (Throwable t) {
            throw rethrow(t);
        }
        try {
            setSource.invoke(d, jpeg, jpeg.length);
            return d;
        } catch (Throwable t) {
            closeQuietly(d);
            throw rethrow(t);
        }
    }

    private void closeQuietly(Object d) {
        try {
            close.invoke(d);
        } catch (Throwable t) {
            log.debug("closing a TurboJPEG decompressor: {}", t.toString());
        }
    }

    private static Exception rethrow(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return (Exception) t;
    }
}
