package io.sightline.app.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Why a result matched, as a picture: the query and the result side by side at one height, each inlier of the
 * verification drawn as a point in both and a line between them. Points come in each image's original pixels; the
 * result is often only its thumbnail, so its points are scaled by the thumbnail's size over the original's.
 */
public final class MatchPicture {

    /** One inlier: a point of the query and its match in the result, each in its original image's pixels. */
    public record Match(double queryX, double queryY, double resultX, double resultY) {}

    private static final int HEIGHT = 480;
    private static final int GAP = 16;
    private static final int CAPTION = 28;

    private MatchPicture() {}

    /**
     * @param resultWidth  width of the result's original image (the frame of the matches' result points)
     * @param resultHeight height of the result's original image
     */
    public static BufferedImage draw(
            BufferedImage query,
            BufferedImage result,
            int resultWidth,
            int resultHeight,
            List<Match> matches,
            String caption) {
        double qs = (double) HEIGHT / query.getHeight();
        double rs = (double) HEIGHT / result.getHeight();
        int qw = (int) Math.round(query.getWidth() * qs);
        int rw = (int) Math.round(result.getWidth() * rs);
        BufferedImage out = new BufferedImage(qw + GAP + rw, HEIGHT + CAPTION, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(query, 0, 0, qw, HEIGHT, null);
            g.drawImage(result, qw + GAP, 0, rw, HEIGHT, null);
            // Result points: original pixels -> displayed result (whatever size the result image we have is).
            double rx = (double) rw / resultWidth;
            double ry = (double) HEIGHT / resultHeight;
            g.setStroke(new BasicStroke(1.5f));
            int i = 0;
            for (Match m : matches) {
                g.setColor(Color.getHSBColor((i++ * 0.137f) % 1f, 0.9f, 1f));
                int x1 = (int) Math.round((m.queryX() + 0.5) * qs);
                int y1 = (int) Math.round((m.queryY() + 0.5) * qs);
                int x2 = qw + GAP + (int) Math.round((m.resultX() + 0.5) * rx);
                int y2 = (int) Math.round((m.resultY() + 0.5) * ry);
                g.drawLine(x1, y1, x2, y2);
                g.fillOval(x1 - 3, y1 - 3, 7, 7);
                g.fillOval(x2 - 3, y2 - 3, 7, 7);
            }
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
            g.drawString(caption, 6, HEIGHT + 20);
        } finally {
            g.dispose();
        }
        return out;
    }
}
