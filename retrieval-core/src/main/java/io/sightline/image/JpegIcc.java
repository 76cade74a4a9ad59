package io.sightline.image;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ICC profile embedded in a JPEG's APP2 segments, and the conversion of decoded RGB pixels from it to sRGB.
 * TurboJPEG ignores embedded profiles while ImageIO's readers honour them; without this, a photo tagged Adobe RGB
 * would come out visibly different (a mean of 8 levels per channel on one Paris photo) depending on the decoder.
 *
 * <p>Most photos carry an sRGB profile, for which the conversion (LittleCMS through ColorConvertOp, the largest
 * Java cost of ingest in a JFR profile) changes no pixel by more than a level. So each distinct profile is first
 * probed once on a grid of colours: when none moves by more than one level, images with that profile are left as
 * decoded. The verdicts are kept per profile (bounded; thread-safe).
 */
final class JpegIcc {
    private static final byte[] ICC_TAG = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int PROBE_LEVELS = 18;
    private static final int MAX_PROFILES = 256;

    private final Map<String, Boolean> nearSrgb = new ConcurrentHashMap<>();

    /** {@code image} (TYPE_INT_RGB, in the JPEG's colour space) converted to sRGB when the JPEG carries a profile. */
    BufferedImage toSrgb(BufferedImage image, byte[] jpeg) {
        Optional<byte[]> data = profileBytes(jpeg);
        Optional<ICC_Profile> profile = data.flatMap(JpegIcc::parse);
        if (profile.isEmpty() || profile.get().getColorSpaceType() != ColorSpace.TYPE_RGB) {
            return image;
        }
        ColorSpace from = new ICC_ColorSpace(profile.get());
        ColorConvertOp op = new ColorConvertOp(from, ColorSpace.getInstance(ColorSpace.CS_sRGB), null);
        if (nearSrgb.size() > MAX_PROFILES) {
            nearSrgb.clear();
        }
        if (nearSrgb.computeIfAbsent(digest(data.get()), k -> isNearIdentity(op))) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        op.filter(image.getRaster(), out.getRaster());
        return out;
    }

    /** Whether {@code op} moves no colour of an 18-level RGB grid by more than one level in any channel. */
    static boolean isNearIdentity(ColorConvertOp op) {
        int n = PROBE_LEVELS * PROBE_LEVELS * PROBE_LEVELS;
        BufferedImage probe = new BufferedImage(n, 1, BufferedImage.TYPE_INT_RGB);
        int i = 0;
        for (int r = 0; r < PROBE_LEVELS; r++) {
            for (int g = 0; g < PROBE_LEVELS; g++) {
                for (int b = 0; b < PROBE_LEVELS; b++) {
                    probe.setRGB(i++, 0, (level(r) << 16) | (level(g) << 8) | level(b));
                }
            }
        }
        BufferedImage converted = new BufferedImage(n, 1, BufferedImage.TYPE_INT_RGB);
        op.filter(probe.getRaster(), converted.getRaster());
        for (int x = 0; x < n; x++) {
            int a = probe.getRGB(x, 0);
            int b = converted.getRGB(x, 0);
            for (int shift = 0; shift <= 16; shift += 8) {
                if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 1) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int level(int i) {
        return Math.round(i * 255f / (PROBE_LEVELS - 1));
    }

    private static String digest(byte[] data) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The profile, reassembled from its numbered APP2 chunks; empty when there is none or it is unreadable. */
    static Optional<ICC_Profile> profile(byte[] jpeg) {
        return profileBytes(jpeg).flatMap(JpegIcc::parse);
    }

    private static Optional<ICC_Profile> parse(byte[] data) {
        try {
            return Optional.of(ICC_Profile.getInstance(data));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a broken profile: ImageIO's readers also decode such files without it
        }
    }

    /** The profile's bytes, reassembled from its numbered APP2 chunks; empty when there is none. */
    static Optional<byte[]> profileBytes(byte[] jpeg) {
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
        return Optional.of(all.toByteArray());
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
