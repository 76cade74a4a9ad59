package io.sightline.benchmarks.cli;

import io.sightline.app.cli.ConfigOptions;
import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.ExtractionStack;
import io.sightline.app.report.RecallQpsPlot;
import io.sightline.benchmarks.index.IndexBench;
import io.sightline.benchmarks.index.VectorSet;
import io.sightline.bundle.CodebookShape;
import io.sightline.eval.TrainingViews;
import io.sightline.index.VectorFormat;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Every index mode on the same vectors (synthetic clustered ones, an .fvecs file, or real descriptors of the Paris
 * photos), next to Faiss on the same files in the same run.
 */
@Command(
        name = "index",
        mixinStandardHelpOptions = true,
        description = {
            "Builds every search mode (exact, hnsw, pq, ivfpq) on the same vectors (synthetic clusters by",
            "default, --vectors FILE, --paris) and reports recall@1/10/100, queries/s, latency, bytes/vector and",
            "build time; then Faiss (Debian's python3-faiss) on the same vectors. One JSON row per system and mode."
        })
public final class BenchIndexCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--n", defaultValue = "100000", description = "Vectors (default ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--dim", defaultValue = "256", description = "Dimensions (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--queries", defaultValue = "500", description = "Queries (default ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--m", defaultValue = "32", description = "PQ sub-quantizers (default ${DEFAULT-VALUE}).")
    int m;

    @Option(names = "--nlist", defaultValue = "256", description = "IVF cells (default ${DEFAULT-VALUE}).")
    int nlist;

    @Option(
            names = "--nprobe",
            split = ",",
            defaultValue = "4,16,64",
            description = "IVF cells visited (default ${DEFAULT-VALUE}).")
    int[] nprobes;

    @Option(
            names = "--formats",
            split = ",",
            defaultValue = "HNSW_FLOAT",
            description = {
                "Vector formats: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}). The first also holds the PQ",
                "and IVF-PQ codes (exact, pq, ivfpq rows; Faiss runs after it); FLAT_INT8 builds no graph, so",
                "FLAT_INT8,HNSW_FLOAT gets the quantizer rows first at 1M."
            })
    List<VectorFormat> formats;

    @Option(names = "--no-faiss", description = "Skip the Faiss side.")
    boolean noFaiss;

    @Option(
            names = "--faiss-modes",
            split = ",",
            defaultValue = "exact,pq,ivfpq,hnsw",
            description = {
                "Faiss indexes to build: exact, pq, opq, ivfpq, ivfpq-spherical (Faiss's default unit-norm coarse",
                "centroids), hnsw (default ${DEFAULT-VALUE}; IndexHNSWFlat is the slow build at 1M)."
            })
    List<String> faissModes;

    @Option(
            names = "--vectors",
            paramLabel = "FILE",
            description = {
                "Real vectors instead of synthetic ones: an .fvecs file;",
                "--queries of its rows (seeded) are held out as queries, the rest is the base (--n, --dim ignored)."
            })
    Path vectors;

    @Option(
            names = "--paris",
            description = {
                "Real descriptors: extract the configured descriptor of every photo of",
                "the Paris subset (data.paris) and 3 views of each (mirrored, smaller), write them to",
                "WORK/paris-descriptors.fvecs and run on them as with --vectors (use a small --nlist, e.g. 16)."
            })
    boolean paris;

    @Option(
            names = "--opq",
            description = {
                "Also flat PQ with an OPQ rotation (rows \"opq\", a shard of their own), and",
                "Faiss's OPQMatrix + IndexPQ with the same iterations when opq is among --faiss-modes."
            })
    boolean opq;

    @Option(
            names = "--json",
            paramLabel = "FILE",
            description = "Write the rows as JSON lines (default: WORK/results.jsonl).")
    Path json;

    @Option(
            names = "--plot",
            paramLabel = "FILE",
            description = "Write a PNG of recall@10 against queries/s, every system and mode.")
    Path plot;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SightlineConfig settings = options.load();
        Path root = settings.root();
        if (!noFaiss) {
            ensureFaiss(out);
        }
        Path work = root.resolve(".work/bench-index");
        Files.createDirectories(work);
        if (paris && vectors != null) {
            throw new IllegalArgumentException("--paris and --vectors both name the vectors: give one");
        }
        Path data = paris ? parisDescriptors(settings, work, out) : vectors;
        IndexBench.Config config = new IndexBench.Config(
                n,
                dim,
                queries,
                100,
                m,
                nlist,
                nprobes,
                400,
                formats,
                work,
                noFaiss ? null : "/usr/bin/python3",
                root.resolve("bench/faiss_bench.py"),
                42,
                faissModes,
                data,
                opq ? CodebookShape.OPQ_ITERATIONS : 0);
        List<String> rows = new ArrayList<>();
        IndexBench bench = new IndexBench(config, row -> {
            out.println(row.toJson());
            out.flush();
            rows.add(row.toJson());
        });
        bench.run();
        bench.faissRows().forEach(out::println);
        rows.addAll(bench.faissRows());
        Path file = json != null ? json : work.resolve("results.jsonl");
        Files.write(file, rows, StandardCharsets.UTF_8);
        out.printf("rows: %s%n", file);
        if (plot != null) {
            new RecallQpsPlot().write(plot, rows);
            out.printf("plot: %s%n", plot);
        }
        return 0;
    }

    /** The configured descriptor of each Paris photo and 3 views of it, as an .fvecs file in the work folder. */
    private static Path parisDescriptors(SightlineConfig settings, Path work, PrintWriter out) throws Exception {
        Path images =
                settings.datasets().requirePresent(settings.datasets().paris()).images();
        long started = System.nanoTime();
        List<float[]> described;
        try (ExtractionStack extraction = ExtractionStack.fromConfig(settings)) {
            described = new TrainingViews(
                            extraction.decoder(),
                            extraction.extractor(),
                            Runtime.getRuntime().availableProcessors())
                    .describeWithOriginals(images);
        }
        int dim = described.getFirst().length;
        float[] rows = new float[described.size() * dim];
        for (int i = 0; i < described.size(); i++) {
            System.arraycopy(described.get(i), 0, rows, i * dim, dim);
        }
        Path file = work.resolve("paris-descriptors.fvecs");
        VectorSet.writeFvecs(file, rows, described.size(), dim);
        out.printf(
                "paris: %d descriptors of %d dimensions (photos of %s and 3 views each) in %.1f s -> %s%n",
                described.size(), dim, images, (System.nanoTime() - started) / 1e9, file);
        out.flush();
        return file;
    }

    /** Faiss comes from Debian (python3-faiss, run with Debian's /usr/bin/python3); installed when missing. */
    private static void ensureFaiss(PrintWriter out) throws Exception {
        if (run("/usr/bin/python3", "-c", "import faiss, numpy") == 0) {
            return;
        }
        out.println("bench index: installing Debian's python3-faiss and python3-numpy with apt-get ...");
        out.flush();
        if (run("apt-get", "install", "-y", "-q", "python3-faiss", "python3-numpy") != 0
                && (run("apt-get", "update", "-q") != 0
                        || run("apt-get", "install", "-y", "-q", "python3-faiss", "python3-numpy") != 0)) {
            throw new IllegalStateException("cannot install python3-faiss with apt-get; run with --no-faiss");
        }
    }

    private static int run(String... command) throws Exception {
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor();
    }
}
