package io.sightline.app.cli;

import io.sightline.app.config.SightlineConfig;
import io.sightline.eval.RevisitedGroundTruth;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Public evaluation data sets. */
@Command(
        name = "datasets",
        mixinStandardHelpOptions = true,
        description = "Public evaluation data sets (./sightline datasets get roxford5k).",
        subcommands = DatasetsCommand.Get.class)
public final class DatasetsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Downloads one revisited data set. */
    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = {
                "Download the revisited Oxford 5k or Paris 6k (Radenovic et al. 2018) as revisitop's "
                        + "download.py does: the image tarballs from the Oxford VGG site, extracted flat into DIR/NAME/jpg, "
                        + "and the ground truth gnd_NAME.pkl from cmp.felk.cvut.cz/revisitop into DIR/NAME. Then:",
                "  ./sightline eval --protocol revisited --gt DIR/NAME/gnd_NAME.pkl",
                "Each file downloads to FILE.part and a later run resumes it (HTTP Range). Verified: the size the "
                        + "server announces, and the sha256 in a checksum file served next to the file (FILE.sha256, as a "
                        + "mirror can serve); the original hosts publish none, so from them only the size is checked "
                        + "(the sha256 of each file is printed). Last, the ground truth is read and its images counted in jpg."
            })
    static final class Get implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "roxford5k or rparis6k.")
        String name;

        @Option(
                names = "--dir",
                paramLabel = "D",
                description = "Where the data sets go (default: WORK_DIR/datasets, work.dir).")
        Path dir;

        @Option(
                names = "--mirror",
                paramLabel = "URL",
                description = {
                    "Fetch every file from URL/FILE instead (the",
                    "tarballs, gnd_NAME.pkl and any FILE.sha256 in one folder)."
                })
        URI mirror;

        @Option(
                names = "--keep-archives",
                description = "Keep the tarballs after extracting them (default: removed, as download.py does).")
        boolean keepArchives;

        @Option(names = "--no-progress", description = "No progress bars.")
        boolean noProgress;

        @Option(
                names = "--timeout",
                defaultValue = "60",
                paramLabel = "S",
                description =
                        "Seconds to connect, and without data before a transfer counts as stalled (default ${DEFAULT-VALUE}; run again to resume).")
        int timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            DatasetDownload.Dataset dataset = DatasetDownload.Dataset.of(name);
            Path base = dir != null
                    ? dir
                    : options.load().path(SightlineConfig.WORK_DIR).resolve("datasets");
            Path root = base.resolve(dataset.id);
            Path jpg = root.resolve("jpg");
            Optional<URI> from =
                    Optional.ofNullable(mirror).map(m -> m.toString().endsWith("/") ? m : URI.create(m + "/"));
            PrintWriter out = spec.commandLine().getOut();
            DatasetDownload download = new DatasetDownload(
                    noProgress ? DatasetDownload.ProgressFactory.NONE : DatasetsCommand::bar, timeoutSeconds * 1000);

            for (String archive : dataset.archives) {
                Path done = jpg.resolve("." + archive + ".extracted");
                if (Files.exists(done)) {
                    out.printf("%s: already extracted into %s%n", archive, jpg);
                    continue;
                }
                URI source = dataset.archiveUri(archive, from);
                DatasetDownload.Fetched fetched = download.fetch(source, root.resolve(archive));
                report(out, source, fetched);
                int files = DatasetDownload.extractFlat(fetched.file(), jpg);
                Files.writeString(done, fetched.sha256Checked().orElse("") + "\n");
                out.printf("%s: %d files extracted into %s%n", archive, files, jpg);
                if (!keepArchives) {
                    Files.delete(fetched.file());
                }
                out.flush();
            }
            URI gndSource = dataset.groundTruthUri(from);
            Path gnd = root.resolve(dataset.groundTruthFile());
            report(out, gndSource, download.fetch(gndSource, gnd));

            RevisitedGroundTruth truth = RevisitedGroundTruth.load(gnd);
            List<String> missing = new ArrayList<>();
            List<String> all = new ArrayList<>(truth.images());
            all.addAll(truth.queryImages());
            for (String image : all) {
                if (!Files.exists(jpg.resolve(image + ".jpg"))) {
                    missing.add(image);
                }
            }
            out.printf(
                    "%s: %d database images, %d queries; %s%n",
                    dataset.id,
                    truth.images().size(),
                    truth.queries().size(),
                    missing.isEmpty()
                            ? "all present in " + jpg
                            : missing.size() + " images missing from " + jpg + ", e.g. "
                                    + missing.subList(0, Math.min(3, missing.size())));
            out.printf("./sightline eval --protocol revisited --gt %s%n", gnd);
            return missing.isEmpty() ? 0 : 1;
        }

        private static void report(PrintWriter out, URI source, DatasetDownload.Fetched f) throws java.io.IOException {
            out.printf(
                    "%s: %d bytes from %s%s, %s%n",
                    f.file().getFileName(),
                    f.bytes(),
                    source,
                    f.resumed() ? " (resumed)" : "",
                    f.sha256Checked()
                            .map(s -> "sha256 " + s + " verified")
                            .orElse("sha256 " + DatasetDownload.sha256(f.file())
                                    + " (no checksum published; size checked)"));
            out.flush();
        }
    }

    private static DatasetDownload.Progress bar(String file, long alreadyDone) {
        ProgressBar[] bar = new ProgressBar[1];
        return new DatasetDownload.Progress() {
            @Override
            public void update(long done, long total) {
                if (bar[0] == null) {
                    bar[0] = new ProgressBarBuilder()
                            .setTaskName(file)
                            .setInitialMax(total)
                            .setStyle(ProgressBarStyle.ASCII)
                            .setUnit(" MiB", 1 << 20)
                            .showSpeed()
                            .startsFrom(alreadyDone, java.time.Duration.ZERO)
                            .setUpdateIntervalMillis(250)
                            .build();
                }
                bar[0].stepTo(done);
            }

            @Override
            public void close() {
                if (bar[0] != null) {
                    bar[0].close();
                }
            }
        };
    }
}
