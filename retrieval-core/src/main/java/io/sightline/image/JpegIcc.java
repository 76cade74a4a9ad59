package io.sightline.image;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ICC profile embedded in a JPEG's APP2 segments, and the conversion of decoded RGB pixels from it to sRGB.
 * TurboJPEG ignores embedded profiles while ImageIO's readers honour them; without this, a photo tagged Adobe RGB
 * would come out visibly different (a mean of 8 levels per channel on one Paris photo) depending on the decoder.
 */
final class JpegIcc {
    private static final byte[] ICC_TAG = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private JpegIcc() {}

    /** {@code image} (TYPE_INT_RGB, in the JPEG's colour space) converted to sRGB when the JPEG carries a profile. */
    static BufferedImage toSrgb(BufferedImage image, byte[] jpeg) {
        Optional<ICC_Profile> profile = profile(jpeg);
        if (profile.isEmpty() || profile.get().getColorSpaceType() != ColorSpace.TYPE_RGB) {
            return image;
        }
        ColorSpace from = new ICC_ColorSpace(profile.get());
        ColorConvertOp op = new ColorConvertOp(from, ColorSpace.getInstance(ColorSpace.CS_sRGB), null);
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        op.filter(image.getRaster(), out.getRaster());
        return out;
    }

    /** The profile, reassembled from its numbered APP2 chunks; empty when there is none or it is unreadable. */
    static Optional<ICC_Profile> profile(byte[] jpeg) {
        TreeMap<Integer, byte[]> chunks = new TreeMap<>();
        int p = 2;
        while (p + 4 <= jpeg.length && (jpeg[p] & 0xFF) == 0xFF) {
            int marker = jpeg[p + 1] & 0xFF;
            if (marker == 0xDA || marker == 0xD9) {
                break; // start of scan: no more metadata segments
            }
            int length = ((jpeg[p + 2] & 0xFF) << 8) | (jpeg[p + 3] & 0xFF);
            int body = p + 4;
            int end = p + 2 + length;
            if (length < 2 || end > jpeg.length) {
                break;
            }
            if (marker == 0xE2 && end - body > ICC_TAG.length + 2 && startsWith(jpeg, body, ICC_TAG)) {
                int seq = jpeg[body + ICC_TAG.length] & 0xFF;
                int from = body + ICC_TAG.length + 2;
                chunks.put(seq, java.util.Arrays.copyOfRange(jpeg, from, end));
            }
            p = end;
        }
        if (chunks.isEmpty()) {
            return Optional.empty();
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        chunks.values().forEach(all::writeBytes);
        try {
            return Optional.of(ICC_Profile.getInstance(all.toByteArray()));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a broken profile: ImageIO's readers also decode such files without it
        }
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
