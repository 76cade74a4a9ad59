package io.sightline.image;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes untrusted encoded images into upright {@link BufferedImage#TYPE_INT_RGB} images.
 *
 * <p>Formats are whatever ImageIO readers are on the class path; with TwelveMonkeys that covers JPEG (also
 * CMYK/YCCK and progressive), PNG, GIF (first frame), BMP, WebP and TIFF. The pixel count is read from the
 * header and checked against {@link ImageLimits#maxPixels()} before the raster is allocated, so a small
 * file declaring a huge canvas is rejected cheaply. Thread-safe: every call creates its own reader.
 *
 * <p>With {@link TurboJpeg} (optional), JPEGs are decoded by libjpeg-turbo instead, and
 * {@link #decode(byte[], int)} decodes them straight at the smallest DCT scale that still gives the size the caller
 * needs. Anything TurboJPEG cannot or will not decode (CMYK, corrupt, truncated, over a cap) goes the ImageIO way,
 * so errors and their messages are the same with or without it (docs/decisions/019).
 */
public final class ImageDecoder {

    private static final Logger log = LoggerFactory.getLogger(ImageDecoder.class);

    private final ImageLimits limits;
    private final Optional<TurboJpeg> turbo;
    private final boolean dctScaling;
    private final JpegIcc icc = new JpegIcc();

    /** A decoded upright image, and the upright size of the source it came from (larger after a scaled decode). */
    public record Decoded(BufferedImage image, int sourceWidth, int sourceHeight) {}

    public ImageDecoder(ImageLimits limits) {
        this(limits, Optional.empty(), false);
    }

    /**
     * @param dctScaling let {@link #decode(byte[], int)} decode JPEGs at 1/2, 1/4 or 1/8 scale (TurboJPEG only),
     *                   the largest that still gives the asked side: 27% less decoding CPU; the DCT's downscale is
     *                   not the resize the descriptors were measured with, but the default model's leave-one-out
     *                   mAP moves only from 0.9840 to 0.9832 (image.decode.dct.scaling, docs/decisions/032)
     */
    public ImageDecoder(ImageLimits limits, Optional<TurboJpeg> turbo, boolean dctScaling) {
        this.limits = limits;
        this.turbo = turbo;
        this.dctScaling = dctScaling;
    }

    /** The libjpeg-turbo binding this decoder uses, if the machine has one: ingest encodes thumbnails with it. */
    public Optional<TurboJpeg> turbo() {
        return turbo;
    }

    /** The whole image (subsampled only beyond {@link ImageLimits#decodeMaxSide()}). */
    public BufferedImage decode(byte[] bytes) throws ImageLoadException {
        return decode(bytes, Integer.MAX_VALUE).image();
    }

    /**
     * The image at a size whose longest side is at least {@code minLongestSide} when the source has that many
     * pixels: with DCT scaling on, a JPEG may be decoded at 1/2, 1/4 or 1/8 scale (TurboJPEG only), which costs a
     * fraction of a full decode. The caller resizes the result to exactly what it needs.
     */
    public Decoded decode(byte[] bytes, int minLongestSide) throws ImageLoadException {
        if (bytes == null || bytes.length == 0) {
            throw decodeError("empty image (0 bytes)", null);
        }
        if (bytes.length > limits.maxBytes()) {
            throw decodeError(
                    "image of " + bytes.length + " bytes exceeds the cap of " + limits.maxBytes() + " bytes", null);
        }
        int orientation = exifOrientation(bytes);
        if (turbo.isPresent() && isJpeg(bytes)) {
            Optional<Decoded> fast = decodeTurbo(turbo.get(), bytes, minLongestSide, orientation);
            if (fast.isPresent()) {
                return fast.get();
            }
        }
        BufferedImage upright = Orientation.apply(toIntRgb(read(bytes)), orientation);
        return new Decoded(upright, upright.getWidth(), upright.getHeight());
    }

    private static boolean isJpeg(byte[] bytes) {
        return bytes.length > 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF;
    }

    /** Empty when TurboJPEG should not or cannot decode it; ImageIO then decodes or rejects it with its reason. */
    private Optional<Decoded> decodeTurbo(TurboJpeg tj, byte[] bytes, int minLongestSide, int orientation) {
        try {
            TurboJpeg.Header header = tj.header(bytes);
            long pixels = (long) header.width() * header.height();
            if (!header.rgbDecodable() || header.width() <= 0 || header.height() <= 0 || pixels > limits.maxPixels()) {
                return Optional.empty();
            }
            int wanted = dctScaling ? Math.min(minLongestSide, limits.decodeMaxSide()) : limits.decodeMaxSide();
            int denominator = TurboJpeg.denominator(header.width(), header.height(), wanted, limits.decodeMaxSide());
            BufferedImage upright =
                    Orientation.apply(icc.toSrgb(tj.decode(bytes, header, denominator), bytes), orientation);
            boolean swapped = orientation >= 5 && orientation <= 8;
            log.debug(
                    "decoded format=jpeg decoder=turbojpeg width={} height={} scale=1/{}",
                    header.width(),
                    header.height(),
                    denominator);
            return Optional.of(new Decoded(
                    upright, swapped ? header.height() : header.width(), swapped ? header.width() : header.height()));
        } catch (Exception e) {
            log.debug("TurboJPEG declined, trying ImageIO: {}", e.toString());
            return Optional.empty();
        }
    }

    private BufferedImage read(byte[] bytes) throws ImageLoadException {
        try (ImageInputStream in = new EndBoundedInputStream(bytes)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw decodeError(
                        "not a recognised image format (" + bytes.length + " bytes, starts with "
                                + HexFormat.of().formatHex(bytes, 0, Math.min(8, bytes.length)) + ")",
                        null);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                int width;
                int height;
                try {
                    width = reader.getWidth(0);
                    height = reader.getHeight(0);
                } catch (IOException | RuntimeException e) {
                    throw decodeError("cannot read the " + format + " header: " + e.getMessage(), e);
                }
                long pixels = (long) width * height;
                if (width <= 0 || height <= 0) {
                    throw decodeError(format + " header declares an empty canvas " + width + "x" + height, null);
                }
                if (pixels > limits.maxPixels()) {
                    throw decodeError(
                            format + " image is " + width + "x" + height + " = " + pixels + " pixels, above the cap of "
                                    + limits.maxPixels() + " pixels",
                            null);
                }
                if (format.equals("webp") && pixels > limits.maxWebpPixels()) {
                    throw decodeError(
                            "webp image is " + width + "x" + height + " = " + pixels + " pixels, above the WebP cap of "
                                    + limits.maxWebpPixels() + " pixels",
                            null);
                }
                List<String> fatal = new ArrayList<>();
                reader.addIIOReadWarningListener(truncationListener(fatal));
                ImageReadParam param = reader.getDefaultReadParam();
                int step = subsampling(width, height, limits.decodeMaxSide());
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                    log.debug("subsampling format={} width={} height={} step={}", format, width, height, step);
                }
                BufferedImage image;
                try {
                    image = reader.read(0, param);
                } catch (IOException | RuntimeException e) {
                    throw decodeError("corrupt or truncated " + format + " data: " + e.getMessage(), e);
                }
                if (!fatal.isEmpty()) {
                    throw decodeError("truncated or corrupt " + format + " data: " + fatal.getFirst(), null);
                }
                log.debug("decoded format={} width={} height={} type={}", format, width, height, image.getType());
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw decodeError("cannot read image stream: " + e.getMessage(), e);
        }
    }

    /** The smallest n such that every n-th pixel of the longest side fits in {@code maxSide}. */
    static int subsampling(int width, int height, int maxSide) {
        int longest = Math.max(width, height);
        return (longest + maxSide - 1) / maxSide;
    }

    /** Readers report a premature end of data as a warning and fill the rest with grey; that is a failure here. */
    private static IIOReadWarningListener truncationListener(List<String> fatal) {
        return (source, warning) -> {
            String w = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
            if (w.contains("premature end") || w.contains("truncat") || w.contains("unexpected end")) {
                fatal.add(warning);
            } else {
                log.debug("image reader warning: {}", warning);
            }
        };
    }

    private static int exifOrientation(byte[] bytes) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length);
            ExifIFD0Directory dir = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (dir != null && dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                return dir.getInt(ExifIFD0Directory.TAG_ORIENTATION);
            }
        } catch (Exception e) {
            // Metadata is optional: a broken EXIF block must not reject a decodable image.
            log.debug("no usable EXIF orientation: {}", e.toString());
        }
        return 1;
    }

    private static BufferedImage toIntRgb(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) {
            return src;
        }
        BufferedImage dst = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        try {
            // Transparent pixels become white, the usual background of logos and cut-outs, not black.
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, dst.getWidth(), dst.getHeight());
            g.drawImage(src, 0, 0, null);
        } finally {
            g.dispose();
        }
        return dst;
    }

    private static ImageLoadException decodeError(String message, Throwable cause) {
        return new ImageLoadException(ImageLoadException.Stage.DECODE, message, cause);
    }
}
