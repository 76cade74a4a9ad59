import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Makes data/paris-sample from the 250-photo Paris 6k subset: 8 photos per landmark (the query photos of the
 * queries below, then the first positives of those queries by name), downscaled to 800 px on the longest side,
 * and the Oxford-format ground truth of those queries restricted to the sample, query boxes rescaled.
 * Run: java data/paris-sample/MakeSample.java ../shared/data/paris6k_subset data/paris-sample
 */
public class MakeSample {
    static final int LONGEST = 800;
    static final int PER_LANDMARK = 8;
    static final List<String> LANDMARKS = List.of("defense", "eiffel", "invalides", "louvre", "moulinrouge");
    // Two queries per landmark where the subset has them (eiffel has one); triomphe_5 is left out (3 positives).
    static final List<String> QUERIES = List.of("defense_4", "defense_5", "eiffel_3", "invalides_2", "invalides_5",
            "louvre_1", "louvre_2", "moulinrouge_2", "moulinrouge_5");

    public static void main(String[] args) throws IOException {
        Path src = Path.of(args[0]);
        Path dst = Path.of(args[1]);
        Files.createDirectories(dst.resolve("images"));
        Files.createDirectories(dst.resolve("gt"));
        Set<String> chosen = new LinkedHashSet<>();
        for (String landmark : LANDMARKS) {
            List<String> queries = QUERIES.stream().filter(q -> q.startsWith(landmark + "_")).toList();
            Set<String> mine = new LinkedHashSet<>();
            for (String q : queries) {
                mine.add(queryLine(src, q)[0]);
            }
            List<String> positives = new ArrayList<>();
            for (String q : queries) {
                positives.addAll(lines(src.resolve("gt/" + q + "_good.txt")));
                positives.addAll(lines(src.resolve("gt/" + q + "_ok.txt")));
            }
            positives.stream().filter(n -> n.startsWith("paris_" + landmark + "_")).sorted().distinct()
                    .forEach(n -> {
                        if (mine.size() < PER_LANDMARK) {
                            mine.add(n);
                        }
                    });
            chosen.addAll(mine);
        }
        java.util.Map<String, double[]> scale = new java.util.HashMap<>();
        for (String name : chosen) {
            BufferedImage in = ImageIO.read(src.resolve("images/" + name + ".jpg").toFile());
            double f = (double) LONGEST / Math.max(in.getWidth(), in.getHeight());
            int w = (int) Math.round(in.getWidth() * f);
            int h = (int) Math.round(in.getHeight() * f);
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(in, 0, 0, w, h, null);
            g.dispose();
            writeJpeg(out, dst.resolve("images/" + name + ".jpg"));
            scale.put(name, new double[] {(double) w / in.getWidth(), (double) h / in.getHeight()});
        }
        for (String q : QUERIES) {
            String[] query = queryLine(src, q);
            double[] s = scale.get(query[0]);
            Files.writeString(dst.resolve("gt/" + q + "_query.txt"), String.format(Locale.ROOT,
                    "%s %f %f %f %f%n", query[0], Double.parseDouble(query[1]) * s[0],
                    Double.parseDouble(query[2]) * s[1], Double.parseDouble(query[3]) * s[0],
                    Double.parseDouble(query[4]) * s[1]));
            for (String kind : List.of("good", "ok", "junk")) {
                List<String> kept = lines(src.resolve("gt/" + q + "_" + kind + ".txt")).stream()
                        .filter(chosen::contains).toList();
                Files.writeString(dst.resolve("gt/" + q + "_" + kind + ".txt"),
                        kept.stream().map(n -> n + "\n").reduce("", String::concat));
            }
        }
        System.out.println(chosen.size() + " images, " + QUERIES.size() + " queries");
    }

    static String[] queryLine(Path src, String q) throws IOException {
        return lines(src.resolve("gt/" + q + "_query.txt")).getFirst().split("\\s+");
    }

    static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    static void writeJpeg(BufferedImage image, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
