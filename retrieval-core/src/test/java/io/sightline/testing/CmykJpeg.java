package io.sightline.testing;

import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * CMYK JPEGs as Photoshop writes them: four components plus an Adobe APP14 marker (transform 0). Adobe stores
 * inverted ink amounts, so a raster value of 255 means no ink.
 */
public final class CmykJpeg {
    private CmykJpeg() {}

    /** Encodes a four-band byte raster (inverted C, M, Y, K) as an Adobe CMYK JPEG. */
    public static byte[] encode(Raster inkRaster) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(inkRaster, null, null), writer.getDefaultWriteParam());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a CMYK JPEG", e);
        } finally {
            writer.dispose();
        }
        return withAdobeMarker(out.toByteArray());
    }

    /** Inserts an Adobe APP14 segment with colour transform 0 (CMYK, no YCC) right after SOI. */
    public static byte[] withAdobeMarker(byte[] jpeg) {
        byte[] app14 = {(byte) 0xff, (byte) 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(app14);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
