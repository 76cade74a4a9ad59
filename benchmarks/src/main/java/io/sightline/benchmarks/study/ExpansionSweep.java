package io.sightline.benchmarks.study;

import io.sightline.backbone.OnnxBackbone;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.descriptor.MultiScale;
import io.sightline.eval.EvalReport;
import io.sightline.eval.OxfordGroundTruth;
import io.sightline.eval.OxfordQuery;
import io.sightline.eval.VectorEvaluation;
import io.sightline.expansion.AlphaQueryExpansion;
import io.sightline.expansion.DatabaseAugmentation;
import io.sightline.expansion.QueryExpansion;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.image.Images;
import io.sightline.pooling.GlobalHead;
import io.sightline.pooling.RMac;
import io.sightline.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Sweeps DBA and alpha-QE settings for R-MAC L3 on features_17 through the production {@link DescriptorExtractor}
 * (so it also checks the library path against {@link DescriptorStudy}'s cached one); a measurement tool, not a
 * test. Argument {@code ms} uses the {1, 1/sqrt 2, sqrt 2} pyramid. Writes {@code target/expansion-sweep.md}.
 */
public final class ExpansionSweep {

    private ExpansionSweep() {}

    public static void main(String[] args) throws Exception {
        MultiScale scales = args.length > 0 && args[0].equals("ms") ? MultiScale.sqrt2(1) : MultiScale.single();
        ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
        List<OxfordQuery> queries = OxfordGroundTruth.load(SharedData.parisGroundTruth());
        List<Path> files;
        try (Stream<Path> st = Files.list(SharedData.parisImages())) {
            files = st.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        List<String> names = files.stream()
                .map(f -> f.getFileName().toString().replace(".jpg", ""))
                .toList();
        List<float[]> db;
        Map<String, float[]> qv = new LinkedHashMap<>();
        int threads = Runtime.getRuntime().availableProcessors();
        try (OnnxBackbone backbone = new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_17"), threads);
                DescriptorExtractor ex = new DescriptorExtractor(
                        backbone, GlobalHead.of("features_17", new RMac(3)), 512, scales, Optional.empty(), threads)) {
            List<BufferedImage> images = new ArrayList<>();
            for (Path f : files) {
                images.add(decoder.decode(Files.readAllBytes(f)));
            }
            long t = System.nanoTime();
            db = ex.extractAll(images);
            System.out.printf(
                    Locale.ROOT,
                    "%s: %d images in %.1f s (%d threads)%n",
                    ex.modelVersion(),
                    images.size(),
                    (System.nanoTime() - t) / 1e9,
                    threads);
            for (OxfordQuery q : queries) {
                BufferedImage full = decoder.decode(Files.readAllBytes(SharedData.parisImage(q.imageName())));
                BufferedImage crop = Images.crop(
                        full, (int) Math.round(q.x1()), (int) Math.round(q.y1()), (int) Math.round(q.x2()), (int)
                                Math.round(q.y2()));
                qv.put(q.name(), ex.extractScaled(crop, 512.0 / Math.max(full.getWidth(), full.getHeight())));
            }
        }
        StringBuilder out = new StringBuilder(
                "| DBA k | DBA alpha | QE k | QE alpha | mAP12 | mAP11 |\n|---|---|---|---|---|---|\n");
        int[] ks = {0, 1, 2, 3, 5, 7, 10, 15};
        double[] alphas = {0, 1, 3, 5};
        for (int dk : ks) {
            for (double da : dk == 0 ? new double[] {0} : alphas) {
                List<float[]> aug = dk == 0 ? db : new DatabaseAugmentation(dk, da).augment(db);
                for (int qk : ks) {
                    for (double qa : qk == 0 ? new double[] {0} : alphas) {
                        QueryExpansion qe = qk == 0 ? QueryExpansion.none() : new AlphaQueryExpansion(qk, qa);
                        EvalReport r = VectorEvaluation.evaluate(names, aug, qv, queries, qe);
                        out.append(String.format(
                                Locale.ROOT,
                                "| %d | %.0f | %d | %.0f | %.4f | %.4f |%n",
                                dk,
                                da,
                                qk,
                                qa,
                                r.mAP(),
                                r.mAPWithout("triomphe_5")));
                    }
                }
            }
        }
        Path file = Path.of("target", "expansion-sweep" + (scales.isSingle() ? "" : "-ms") + ".md");
        Files.writeString(file, out.toString());
        System.out.print(out);
        System.out.println("written " + file.toAbsolutePath());
    }
}
