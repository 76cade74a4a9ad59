package io.sightline.benchmarks.study;

import io.sightline.verify.RerankParams;
import io.sightline.verify.Reranker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shortlist mAP before and after {@link Reranker#order}, from the per-pair files {@link VerificationStudy} writes
 * ({@code target/verification-pairs-<config>.tsv}); a measurement tool, not a test. Each image's shortlist is its
 * top-20 global neighbours (pairs of undecided label left out); relevant = same landmark. Only images whose shortlist
 * mixes relevant and irrelevant photos count. Parameters are a small fixed grid, chosen on the same data: an upper
 * bound for the eval harness, which should pick them leave-one-out. Run with the test class path and the TSV files
 * as arguments.
 */
public final class ShortlistRerankStudy {

    private record Row(String a, String b, double global, boolean same, int inliers) {}

    private static final List<RerankParams> RULES = List.of(
            new RerankParams(0, 1, 0.0),
            new RerankParams(8, 30, 0.1),
            new RerankParams(8, 30, 2.0),
            new RerankParams(8, 100, 0.5),
            new RerankParams(30, 100, 0.1));

    public static void main(String[] args) throws Exception {
        StringBuilder header = new StringBuilder("| config | images |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (RerankParams p : RULES) {
            header.append(
                    String.format(Locale.ROOT, " min %d cap %d w %.1f |", p.minInliers(), p.inlierCap(), p.weight()));
            rule.append("---|");
        }
        System.out.println(header);
        System.out.println(rule);
        for (String file : args) {
            List<Row> rows = read(Path.of(file));
            Map<String, List<Row>> byImage = new HashMap<>();
            for (Row r : rows) {
                byImage.computeIfAbsent(r.a(), k -> new ArrayList<>()).add(r);
                byImage.computeIfAbsent(r.b(), k -> new ArrayList<>()).add(r);
            }
            StringBuilder line = new StringBuilder();
            int images = 0;
            for (RerankParams p : RULES) {
                double sum = 0;
                images = 0;
                for (var e : byImage.entrySet()) {
                    long relevant = e.getValue().stream().filter(Row::same).count();
                    if (relevant == 0 || relevant == e.getValue().size()) {
                        continue;
                    }
                    Map<String, Boolean> label = new HashMap<>();
                    List<Reranker.Verified> shortlist = new ArrayList<>();
                    for (Row r : e.getValue()) {
                        String other = r.a().equals(e.getKey()) ? r.b() : r.a();
                        label.put(other, r.same());
                        shortlist.add(new Reranker.Verified(other, r.global(), r.inliers()));
                    }
                    sum += averagePrecision(Reranker.order(shortlist, p), label);
                    images++;
                }
                line.append(String.format(Locale.ROOT, " %.4f |", sum / images));
            }
            String name = Path.of(file)
                    .getFileName()
                    .toString()
                    .replace("verification-pairs-", "")
                    .replace(".tsv", "");
            System.out.println("| " + name + " | " + images + " |" + line);
        }
    }

    private static double averagePrecision(List<Reranker.Ranked> ranked, Map<String, Boolean> label) {
        int hits = 0;
        double sum = 0;
        for (int k = 0; k < ranked.size(); k++) {
            if (label.get(ranked.get(k).id())) {
                hits++;
                sum += (double) hits / (k + 1);
            }
        }
        return sum / hits;
    }

    private static List<Row> read(Path file) throws Exception {
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            rows.add(new Row(f[0], f[1], Double.parseDouble(f[2]), Boolean.parseBoolean(f[3]), Integer.parseInt(f[4])));
        }
        return rows;
    }
}
