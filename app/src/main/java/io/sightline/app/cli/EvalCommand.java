package io.sightline.app.cli;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.ExtractionStack;
import io.sightline.eval.EvalReport;
import io.sightline.eval.OxfordEvaluation;
import io.sightline.eval.QueryResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The Oxford retrieval protocol on a folder of photos with Oxford-format ground truth. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Oxford protocol (queries cropped to their box, junk ignored, Oxford AP) with the pipeline's",
                "own extraction code. Prints one line per query and a last line 'mAP 0.xxxx'."})
public final class EvalCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--images", paramLabel = "DIR", description = "Database photos (default: ../shared/data/paris6k_subset/images).")
    Path images;

    @Option(names = "--gt", paramLabel = "DIR", description = "Ground truth (default: ../shared/data/paris6k_subset/gt).")
    Path gt;

    @Option(names = "--max-side", paramLabel = "S", description = "Longest side images are resized to (default: extract.longest.side).")
    Integer maxSide;

    @Override
    public Integer call() throws Exception {
        SightlineConfig config = options.load(maxSide == null ? Map.of()
                : Map.of(SightlineConfig.LONGEST_SIDE, String.valueOf(maxSide)));
        Path data = config.root().resolve("../shared/data/paris6k_subset").normalize();
        Path imagesDir = images != null ? images : data.resolve("images");
        Path gtDir = gt != null ? gt : data.resolve("gt");
        PrintWriter out = spec.commandLine().getOut();
        try (ExtractionStack extraction = ExtractionStack.fromConfig(config)) {
            long started = System.nanoTime();
            EvalReport report = new OxfordEvaluation(extraction.decoder(), extraction.extractor()).run(imagesDir, gtDir);
            for (QueryResult result : report.results()) {
                out.printf("%-16s AP %.4f%n", result.name(), result.ap());
            }
            out.printf("model %s, %.1f s%n", extraction.extractor().modelVersion(), (System.nanoTime() - started) / 1e9);
            out.printf("mAP %.4f%n", report.mAP());
        }
        return 0;
    }
}
