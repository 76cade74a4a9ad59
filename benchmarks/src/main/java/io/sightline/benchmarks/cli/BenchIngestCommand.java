package io.sightline.benchmarks.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sightline.app.cli.ConfigOptions;
import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.LocalSystem;
import io.sightline.app.node.StageBench;
import io.sightline.app.node.UploadPublisher;
import io.sightline.backbone.CpuFeatures;
import io.sightline.benchmarks.ingest.IngestBench;
import io.sightline.benchmarks.ingest.StageMedians;
import io.sightline.data.DatasetLocations;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures, in one run on the same images: each extraction stage alone (decode, resize, bare backbone, head,
 * whole extractor) and the full pipeline through an embedded Kafka (images/s and event-to-searchable latency).
 */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = {
            "Each extraction stage alone, then the whole pipeline through an embedded Kafka, on the same",
            "images in the same run; prints images/s, event-to-searchable latency p50/p99 and the ratio",
            "pipeline / bare backbone."
        })
public final class BenchIngestCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--images",
            paramLabel = "DIR",
            description = "Photos (default: the Paris subset's images, data.paris).")
    Path images;

    @Option(names = "--max-side", paramLabel = "S", description = "Longest side (default: extract.longest.side).")
    Integer maxSide;

    @Option(names = "--threads", paramLabel = "T", description = "Extraction threads (default: num.stream.threads).")
    Integer threads;

    @Option(
            names = "--batch",
            paramLabel = "B",
            description = "Micro-batch size of the pipeline and of the bare backbone (default: extract.batch.size).")
    Integer batch;

    @Option(
            names = "--rate",
            defaultValue = "0",
            description = "Publish at this many images/s; 0 = all at once (default).")
    double rate;

    @Option(names = "--limit", defaultValue = "0", description = "Use only the first N images (0 = all).")
    int limit;

    @Option(
            names = "--stage-runs",
            defaultValue = "3",
            paramLabel = "N",
            description = "Runs of the stage benches after the pipeline; each figure is their median (default 3). One "
                    + "run of the same extractor read 26 to 41 CPU ms per image on a shared 2-core machine.")
    int stageRuns;

    @Option(
            names = "--warmup",
            defaultValue = "16",
            paramLabel = "PASSES",
            description = "Passes of all the images (as copies) through the pipeline before the measured pass and the "
                    + "stage benches (default 16): both should run JIT-compiled code, as a long-running pipeline does. "
                    + "On the 250 Paris photos the JVM's own threads (JIT, GC) took 20 CPU ms per image in the first "
                    + "pass, 9-13 in passes 2-6, 4-6 in passes 7-12 and 2-4 from pass 16 on. Each pass prints that "
                    + "share.")
    int warmup;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Option(
            names = "--jfr",
            paramLabel = "FILE",
            description = "Record the measured pass alone with JFR (its 'profile' settings) into FILE; "
                    + "bench/flamegraph.py FILE OUT.svg draws it.")
    Path jfr;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> extra = new HashMap<>(Map.of(
                SightlineConfig.KAFKA_PORT,
                "0",
                SightlineConfig.SCHEMA_REGISTRY_PORT,
                "0",
                SightlineConfig.HTTP_PORT,
                "0"));
        if (maxSide != null) {
            extra.put(SightlineConfig.LONGEST_SIDE, String.valueOf(maxSide));
        }
        if (threads != null) {
            extra.put(SightlineConfig.STREAM_THREADS, String.valueOf(threads));
        }
        if (batch != null) {
            extra.put(SightlineConfig.EXTRACT_BATCH_SIZE, String.valueOf(batch));
        }
        SightlineConfig base = options.load(extra);
        Path dir = images != null
                ? DatasetLocations.requireFolder(images, "--images")
                : base.datasets().requirePresent(base.datasets().paris()).images();
        List<Path> files = UploadPublisher.imagesIn(dir);
        if (limit > 0 && limit < files.size()) {
            files = files.subList(0, limit);
        }
        try (LocalSystem system =
                LocalSystem.start(base.path(SightlineConfig.WORK_DIR).resolve("bench"), true, 0, 0, addresses -> {
                    Map<String, String> all = new HashMap<>(extra);
                    all.putAll(addresses);
                    return options.load(withFileRoot(all, dir));
                })) {
            int t = system.config().threads(SightlineConfig.STREAM_THREADS);
            int side = system.extraction().extractor().longestSide();
            int b = system.config().getInt(SightlineConfig.EXTRACT_BATCH_SIZE);
            CpuFeatures cpu = CpuFeatures.local();
            out.printf(
                    "bench ingest: %d images from %s, longest side %d, %d extraction threads, batch %d%n"
                            + "  cpu: %s, %d cores%n",
                    files.size(),
                    dir,
                    side,
                    t,
                    b,
                    cpu.describe(),
                    Runtime.getRuntime().availableProcessors());
            StageBench stages = new StageBench(system.extraction(), t, b);
            stages.run(files.subList(0, Math.min(20, files.size()))); // warm-up: JIT and ORT arenas
            IngestBench bench = new IngestBench(system);
            List<IngestBench.Result> warmups = new ArrayList<>();
            for (int pass = 1; pass <= warmup; pass++) {
                IngestBench.Result r = bench.run(files, "warmup" + pass + "-", 0, Duration.ofMinutes(10));
                warmups.add(r);
                out.printf(
                        "  warm-up pass %d: %.2f images/s, %.1f CPU ms/image, of which the JVM's own threads (JIT, "
                                + "GC) %.1f%n",
                        pass,
                        r.imagesPerSecond(),
                        r.cpuMsPerImage(),
                        r.threadCpuMsPerImage().get("jvm"));
                out.flush();
            }
            Optional<Recording> recording = jfr == null ? Optional.empty() : Optional.of(startRecording());
            IngestBench.Result pipeline = bench.run(files, "", rate, Duration.ofMinutes(15));
            if (recording.isPresent()) {
                try (Recording r = recording.get()) {
                    r.stop();
                    r.dump(jfr);
                }
                out.printf("  JFR recording of the measured pass: %s%n", jfr);
            }
            out.printf(
                    "  pipeline through Kafka %7.2f images/s  (%.1f CPU ms/image; %d indexed, %d rejected, %d pending, %.1f s)%n",
                    pipeline.imagesPerSecond(),
                    pipeline.cpuMsPerImage(),
                    pipeline.indexed(),
                    pipeline.rejected(),
                    pipeline.pending(),
                    pipeline.seconds());
            out.printf(
                    "  event -> searchable   p50 %.0f ms, p99 %.0f ms, max %.0f ms%s%n",
                    pipeline.p50Ms(),
                    pipeline.p99Ms(),
                    pipeline.maxMs(),
                    rate > 0 ? " at " + rate + " images/s" : " (all published at once)");
            // Measured after the pipeline's warm-up and measured pass, so both sides of the efficiency ratio run
            // JIT-compiled code (measured between them, the stages' own compilations fell into the pipeline's pass).
            Duration settled = bench.awaitQuiet(Duration.ofSeconds(30));
            out.printf("  pipeline background quiet after %.1f s%n", settled.toMillis() / 1000.0);
            List<StageBench.Result> stageRunsDone = new ArrayList<>();
            for (int i = 0; i < Math.max(1, stageRuns); i++) {
                stageRunsDone.add(stages.run(files));
            }
            StageBench.Result alone = StageMedians.of(stageRunsDone);
            out.printf(
                    "  stage benches: median of %d runs (decode CPU ms/image %s, extractor %s)%n",
                    stageRunsDone.size(),
                    StageMedians.spread(stageRunsDone, StageBench.Result::decodeCpuMs),
                    StageMedians.spread(stageRunsDone, StageBench.Result::extractorCpuMs));
            out.printf(
                    "  decode alone          %8.2f images/s  (%.1f CPU ms/image)%n",
                    alone.decodePerSecond(), alone.decodeCpuMs());
            out.printf("  resize alone          %8.2f images/s%n", alone.resizePerSecond());
            out.printf(
                    "  bare backbone         %8.2f images/s  (%.1f CPU ms/image)%n",
                    alone.backbonePerSecond(), alone.backboneCpuMs());
            out.printf("  head alone            %8.2f images/s%n", alone.headPerSecond());
            out.printf(
                    "  extractor (resize + backbone + head) %8.2f images/s  (%.1f CPU ms/image)%n",
                    alone.extractorPerSecond(), alone.extractorCpuMs());
            out.flush();
            out.printf(
                    "pipeline / bare backbone = %.2f (images/s); CPU per image: bare backbone / pipeline = %.2f%n",
                    pipeline.imagesPerSecond() / alone.backbonePerSecond(),
                    alone.backboneCpuMs() / pipeline.cpuMsPerImage());
            // The work the pipeline cannot avoid (decode, then resize + backbone + head) over what it spends per image.
            double efficiency = (alone.decodeCpuMs() + alone.extractorCpuMs()) / pipeline.cpuMsPerImage();
            out.printf(
                    "efficiency = (decode + extractor CPU ms) / pipeline CPU ms = (%.1f + %.1f) / %.1f = %.2f%n",
                    alone.decodeCpuMs(), alone.extractorCpuMs(), pipeline.cpuMsPerImage(), efficiency);
            // The bench's broker runs in this JVM; a deployment's does not. Said apart, not taken out of the figure.
            double withoutBroker = (alone.decodeCpuMs() + alone.extractorCpuMs())
                    / (pipeline.cpuMsPerImage() - pipeline.brokerCpuMsPerImage());
            out.printf(
                    "  of which the in-process broker's threads: %.1f CPU ms/image; efficiency without them = %.2f%n",
                    pipeline.brokerCpuMsPerImage(), withoutBroker);
            // The bench's publisher and its probe of each image's searchability are not the pipeline either.
            double withoutBench = (alone.decodeCpuMs() + alone.extractorCpuMs())
                    / (pipeline.cpuMsPerImage() - pipeline.brokerCpuMsPerImage() - pipeline.harnessCpuMsPerImage());
            out.printf(
                    "  and the bench's publisher and searchability probe: %.1f CPU ms/image; efficiency without "
                            + "broker and bench = %.2f%n",
                    pipeline.harnessCpuMsPerImage(), withoutBench);
            // The same ratio with the stages' own threads only: a merge, a log roll or a compilation beside a stage
            // bench no longer counts as decoding or inference (the pipeline's side still counts everything).
            double ownEfficiency = (alone.decodeOwnCpuMs() + alone.extractorOwnCpuMs()) / pipeline.cpuMsPerImage();
            out.printf(
                    "  on the stages' own threads: (%.1f + %.1f) / %.1f = %.2f%n",
                    alone.decodeOwnCpuMs(), alone.extractorOwnCpuMs(), pipeline.cpuMsPerImage(), ownEfficiency);
            // Both sides from the same pass: the pipeline's own decode and extraction CPU (task metrics) over its whole
            // CPU, so the machine's drift between the pass and the stage benches does not enter the ratio.
            out.printf(
                    "  inside the pipeline, the same seconds: (decode %.1f + extract %.1f) / %.1f = %.2f "
                            + "(thumbnail %.1f CPU ms/image)%n",
                    pipeline.stageCpuMsPerImage().get("decode"),
                    pipeline.stageCpuMsPerImage().get("extract"),
                    pipeline.cpuMsPerImage(),
                    pipeline.sameRunEfficiency(),
                    pipeline.stageCpuMsPerImage().get("thumbnail"));
            out.printf(
                    "  pipeline CPU ms/image by threads: %s%n",
                    pipeline.threadCpuMsPerImage().entrySet().stream()
                            .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                            .collect(Collectors.joining(", ")));
            if (json != null) {
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("images", files.size());
                figures.put("longest_side", side);
                figures.put("threads", t);
                figures.put("batch", b);
                figures.put("cpu", cpu.model());
                figures.put("cpu_vnni", cpu.vnni().orElse(null));
                figures.put("rate", rate);
                figures.put("stages", alone);
                figures.put("stage_runs", stageRunsDone);
                figures.put("warmup_passes", warmups);
                figures.put("pipeline", pipeline);
                figures.put("pipeline_over_backbone", pipeline.imagesPerSecond() / alone.backbonePerSecond());
                figures.put("efficiency", efficiency);
                figures.put("efficiency_without_broker", withoutBroker);
                figures.put("efficiency_without_broker_and_bench", withoutBench);
                figures.put("efficiency_stage_threads", ownEfficiency);
                figures.put("efficiency_same_run", pipeline.sameRunEfficiency());
                Files.write(
                        json,
                        new ObjectMapper()
                                .enable(SerializationFeature.INDENT_OUTPUT)
                                .writeValueAsBytes(figures));
            }
        }
        return 0;
    }

    private static Recording startRecording() throws IOException, ParseException {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.setName("bench-ingest-measured-pass");
        // CPU-time samples (JDK 25+, ignored where the JDK lacks them) also see native inference, decoding and system
        // calls, which execution samples miss: bench/flamegraph.py --cpu-time draws them.
        recording.enable("jdk.CPUTimeSample").with("throttle", "2ms");
        recording.start();
        return recording;
    }

    /** The bench publishes file:// URIs of its image folder (as the demo does), so the fetcher must read it. */
    private static Map<String, String> withFileRoot(Map<String, String> settings, Path dir) {
        Map<String, String> all = new HashMap<>(settings);
        all.put(
                SightlineConfig.FETCH_FILE_ROOTS,
                dir.toAbsolutePath().normalize().toString());
        return all;
    }
}
