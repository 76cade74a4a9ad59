package io.sightline.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import org.junit.jupiter.api.Test;

/**
 * The shortcut of {@link JpegIcc}: a profile whose conversion to sRGB moves no probed colour by more than a level is
 * skipped, any other is applied. Its check must say yes for sRGB itself and no for a profile that changes colours.
 */
class JpegIccTest {

    private static ColorConvertOp toSrgb(ICC_Profile from) {
        return new ColorConvertOp(new ICC_ColorSpace(from), ColorSpace.getInstance(ColorSpace.CS_sRGB), null);
    }

    @Test
    void srgbToSrgbIsNearIdentity() {
        assertThat(JpegIcc.isNearIdentity(toSrgb(ICC_Profile.getInstance(ColorSpace.CS_sRGB))))
                .isTrue();
    }

    @Test
    void linearRgbIsNotAndWouldVisiblyChangeAPhoto() {
        ColorConvertOp op = toSrgb(ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB));
        assertThat(JpegIcc.isNearIdentity(op)).isFalse();
        // The probe is not too coarse: a mid grey moves by far more than a level under this profile.
        BufferedImage grey = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        grey.setRGB(0, 0, 0x808080);
        BufferedImage out = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        op.filter(grey.getRaster(), out.getRaster());
        assertThat(Math.abs((out.getRGB(0, 0) & 0xff) - 0x80)).isGreaterThan(20);
    }
}
