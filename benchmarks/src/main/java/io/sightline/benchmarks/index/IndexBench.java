package io.sightline.benchmarks.index;

import io.sightline.index.Quantizers;
import io.sightline.index.SearchHit;
import io.sightline.index.SearchMode;
import io.sightline.index.SearchRequest;
import io.sightline.index.ShardIndex;
import io.sightline.index.VectorFormat;
import io.sightline.pq.IvfPq;
import io.sightline.pq.KMeansParams;
import io.sightline.pq.Kernels;
import io.sightline.pq.Opq;
import io.sightline.pq.ProductQuantizer;
import io.sightline.pq.TopK;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds every search mode of {@link ShardIndex} on the same synthetic clustered vectors and measures build time,
 * bytes per vector, recall@1/10/100 against exact search, queries/s on 1 and 2 threads and latency percentiles;
 * then runs {@code bench/faiss_bench.py} on the same files for the Faiss rows. Rows go to the consumer as they come.
 */
public final class IndexBench {
    private static final Logger LOG = LoggerFactory.getLogger(IndexBench.class);

    /**
     * Benchmark parameters; {@code python} null skips Faiss, {@code faissModes} picks its indexes (exact, pq, ivfpq,
     * hnsw: IndexHNSWFlat takes most of the Faiss time at 1M on 2 cores). {@code vectors}, when not null, is an
     * {@code .fvecs} file of real vectors to run on instead of synthetic ones: {@code queries} of its rows are held
     * out as queries and the rest is the base ({@code n} and {@code dim} then come from the file).
     * {@code opqIterations} above 0 adds "opq" rows: flat PQ with an OPQ rotation ({@link Opq}), in a shard of its own.
     */
    public record Config(
            int n,
            int dim,
            int queries,
            int k,
            int m,
            int nlist,
            int[] nprobes,
            int rerank,
            List<VectorFormat> hnswFormats,
            Path workDir,
            String python,
            Path faissScript,
            long seed,
            List<String> faissModes,
            Path vectors,
            int opqIterations) {
        Config withData(int n, int dim) {
            return new Config(
                    n,
                    dim,
                    queries,
                    k,
                    m,
                    nlist,
                    nprobes,
                    rerank,
                    hnswFormats,
                    workDir,
                    python,
                    faissScript,
                    seed,
                    faissModes,
                    vectors,
                    opqIterations);
        }
    }

    /** As given; once {@link #run} has the vectors, with their count and dimension. */
    private Config config;

    private final Consumer<BenchRow> out;

    public IndexBench(Config config, Consumer<BenchRow> out) {
        this.config = config;
        this.out = out;
    }

    public void run() throws Exception {
        Files.createDirectories(config.workDir());
        VectorSet data = config.vectors() == null
                ? VectorSet.synthetic(config.n(), config.queries(), config.dim(), config.seed())
                : VectorSet.holdOut(config.vectors(), config.queries(), config.seed());
        config = config.withData(data.n(), data.dim());
        Config c = config;
        float[] base = data.base();
        float[] queries = data.queries();
        LOG.info(
                "vectors: {} base and {} queries of {} dimensions from {}",
                c.n(),
                c.queries(),
                c.dim(),
                c.vectors() == null ? "synthetic clusters" : c.vectors());
        long t0 = System.nanoTime();
        int[][] truth = groundTruth(base, queries);
        LOG.info("ground truth for {} queries in {} s", c.queries(), secs(t0));
        VectorSet.writeFvecs(c.workDir().resolve("base.fvecs"), base, c.n(), c.dim());
        VectorSet.writeFvecs(c.workDir().resolve("queries.fvecs"), queries, c.queries(), c.dim());
        writeIvecs(c.workDir().resolve("truth.ivecs"), truth);

        KMeansParams params = new KMeansParams(25, 1, c.seed(), 2, 256);
        t0 = System.nanoTime();
        ProductQuantizer pq = ProductQuantizer.train(base, c.n(), c.dim(), c.m(), params);
        double pqTrain = secs(t0);
        t0 = System.nanoTime();
        IvfPq ivf = IvfPq.train(base, c.n(), c.dim(), c.nlist(), c.m(), params);
        double ivfTrain = secs(t0);
        LOG.info("trained pq in {} s, ivfpq in {} s", pqTrain, ivfTrain);

        if (c.opqIterations() > 0) {
            runOpq(base, params, queries, truth);
        }
        Quantizers quantizers = new Quantizers(pq, ivf);
        for (VectorFormat format : c.hnswFormats()) {
            boolean withCodes = format == c.hnswFormats().get(0);
            Path dir = c.workDir().resolve("index-" + format.name().toLowerCase());
            FileUtils.deleteDirectory(dir.toFile());
            t0 = System.nanoTime();
            Map<String, Double> encodeSeconds = new HashMap<>();
            try (ShardIndex index =
                    ShardIndex.openForBulkLoad(dir, c.dim(), format, withCodes ? quantizers : Quantizers.none())) {
                float[] v = new float[c.dim()];
                for (int i = 0; i < c.n(); i++) {
                    System.arraycopy(base, i * c.dim(), v, 0, c.dim());
                    index.upsert(Integer.toString(i), v, Map.of("shard", Integer.toString(i % 2)));
                }
                index.forceMerge(1);
                double build = secs(t0);
                Map<String, Long> sizes = sizesByExtension(dir);
                LOG.info("built {} in {} s, files {}", format, build, sizes);
                long total = sizes.values().stream().mapToLong(Long::longValue).sum();
                if (format.graph()) {
                    String name = "hnsw-" + format.name().substring(5).toLowerCase();
                    emit(
                            index,
                            SearchRequest.of(queries0(queries), c.k(), SearchMode.HNSW),
                            name,
                            null,
                            null,
                            null,
                            null,
                            (double) total / c.n(),
                            build,
                            queries,
                            truth);
                }
                if (withCodes) {
                    double vec = (double) sizes.getOrDefault("vec", 0L) / c.n();
                    emit(
                            index,
                            SearchRequest.of(queries0(queries), c.k(), SearchMode.EXACT),
                            "exact",
                            null,
                            null,
                            null,
                            null,
                            vec,
                            build,
                            queries,
                            truth);
                    emit(
                            index,
                            SearchRequest.of(queries0(queries), c.k(), SearchMode.PQ),
                            "pq",
                            c.m(),
                            null,
                            null,
                            null,
                            c.m(),
                            pqTrain,
                            queries,
                            truth);
                    emit(
                            index,
                            SearchRequest.of(queries0(queries), c.k(), SearchMode.PQ)
                                    .withRerank(c.rerank()),
                            "pq",
                            c.m(),
                            null,
                            null,
                            c.rerank(),
                            c.m(),
                            pqTrain,
                            queries,
                            truth);
                    for (int nprobe : c.nprobes()) {
                        SearchRequest r = SearchRequest.of(queries0(queries), c.k(), SearchMode.IVFPQ)
                                .withNprobe(nprobe);
                        emit(index, r, "ivfpq", c.m(), c.nlist(), nprobe, null, c.m() + 4, ivfTrain, queries, truth);
                    }
                    SearchRequest r = SearchRequest.of(queries0(queries), c.k(), SearchMode.IVFPQ)
                            .withNprobe(c.nprobes()[c.nprobes().length / 2])
                            .withRerank(c.rerank());
                    emit(
                            index,
                            r,
                            "ivfpq",
                            c.m(),
                            c.nlist(),
                            r.nprobe(),
                            c.rerank(),
                            c.m() + 4,
                            ivfTrain,
                            queries,
                            truth);
                }
            }
            // Faiss right after the quantizer shard, before any further HNSW build: at 1M those take the longest,
            // and the pq / ivfpq comparison must not wait on them.
            if (withCodes && c.python() != null) {
                runFaiss();
            }
        }
    }

    /** Flat PQ with an OPQ rotation, in a graph-less shard of its own: plain and re-ranked rows. */
    private void runOpq(float[] base, KMeansParams params, float[] queries, int[][] truth) throws Exception {
        Config c = config;
        long t0 = System.nanoTime();
        ProductQuantizer opq = Opq.train(base, c.n(), c.dim(), c.m(), params, c.opqIterations());
        double train = secs(t0);
        LOG.info("trained opq in {} s ({} iterations)", train, c.opqIterations());
        Path dir = c.workDir().resolve("index-opq");
        FileUtils.deleteDirectory(dir.toFile());
        try (ShardIndex index =
                ShardIndex.openForBulkLoad(dir, c.dim(), VectorFormat.FLAT_INT8, new Quantizers(opq, null))) {
            float[] v = new float[c.dim()];
            for (int i = 0; i < c.n(); i++) {
                System.arraycopy(base, i * c.dim(), v, 0, c.dim());
                index.upsert(Integer.toString(i), v, Map.of("shard", Integer.toString(i % 2)));
            }
            index.forceMerge(1);
            emit(
                    index,
                    SearchRequest.of(queries0(queries), c.k(), SearchMode.PQ),
                    "opq",
                    c.m(),
                    null,
                    null,
                    null,
                    c.m(),
                    train,
                    queries,
                    truth);
            emit(
                    index,
                    SearchRequest.of(queries0(queries), c.k(), SearchMode.PQ).withRerank(c.rerank()),
                    "opq",
                    c.m(),
                    null,
                    null,
                    c.rerank(),
                    c.m(),
                    train,
                    queries,
                    truth);
        }
    }

    private float[] queries0(float[] queries) {
        return Arrays.copyOf(queries, config.dim());
    }

    private void emit(
            ShardIndex index,
            SearchRequest template,
            String mode,
            Integer m,
            Integer nlist,
            Integer nprobe,
            Integer rerank,
            double bytesPerVector,
            double buildS,
            float[] queries,
            int[][] truth)
            throws Exception {
        int nq = config.queries();
        int dim = config.dim();
        float[][] qs = new float[nq][];
        for (int q = 0; q < nq; q++) {
            qs[q] = Arrays.copyOfRange(queries, q * dim, (q + 1) * dim);
        }
        // Warm-up (JIT, code cache), then one timed single-threaded pass and one 2-thread pass.
        for (int q = 0; q < Math.min(nq, 50); q++) {
            index.search(new SearchRequest(
                    qs[q], template.k(), template.mode(), template.rerank(), null, template.nprobe()));
        }
        long[] lat = new long[nq];
        double[] rec = new double[3];
        for (int q = 0; q < nq; q++) {
            SearchRequest r =
                    new SearchRequest(qs[q], template.k(), template.mode(), template.rerank(), null, template.nprobe());
            long s = System.nanoTime();
            List<SearchHit> hits = index.search(r);
            lat[q] = System.nanoTime() - s;
            int[] ids =
                    hits.stream().mapToInt(h -> Integer.parseInt(h.imageId())).toArray();
            rec[0] += recall(ids, truth[q], 1);
            rec[1] += recall(ids, truth[q], 10);
            rec[2] += recall(ids, truth[q], 100);
        }
        double total1 = Arrays.stream(lat).sum() / 1e9;
        double total2;
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            long s = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int from = t * nq / 2;
                int to = (t + 1) * nq / 2;
                fs.add(pool.submit(() -> {
                    for (int q = from; q < to; q++) {
                        index.search(new SearchRequest(
                                qs[q], template.k(), template.mode(), template.rerank(), null, template.nprobe()));
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            total2 = (System.nanoTime() - s) / 1e9;
        }
        long[] sorted = lat.clone();
        Arrays.sort(sorted);
        out.accept(new BenchRow(
                "sightline",
                mode,
                m,
                nlist,
                nprobe,
                rerank,
                rec[0] / nq,
                rec[1] / nq,
                rec[2] / nq,
                nq / total1,
                nq / total2,
                sorted[nq / 2] / 1e6,
                sorted[Math.min(nq - 1, (int) Math.ceil(nq * 0.99) - 1)] / 1e6,
                bytesPerVector,
                buildS));
    }

    private static double recall(int[] found, int[] truth, int k) {
        int hit = 0;
        int upTo = Math.min(k, found.length);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < upTo; j++) {
                if (found[j] == truth[i]) {
                    hit++;
                    break;
                }
            }
        }
        return (double) hit / k;
    }

    /** Exact top-k ids per query by brute force, on 2 threads. */
    private int[][] groundTruth(float[] base, float[] queries) throws Exception {
        int n = config.n();
        int dim = config.dim();
        int k = config.k();
        int[][] truth = new int[config.queries()][];
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int q0 = 0; q0 < config.queries(); q0++) {
                int q = q0;
                fs.add(pool.submit(() -> {
                    float[] s = new float[n];
                    for (int i = 0; i < n; i++) {
                        s[i] = Kernels.dot(queries, q * dim, base, i * dim, dim);
                    }
                    truth[q] = TopK.largest(s, n, k);
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        return truth;
    }

    private void runFaiss() throws IOException, InterruptedException {
        List<String> cmd = List.of(
                config.python(),
                config.faissScript().toString(),
                "--dir",
                config.workDir().toString(),
                "--m",
                Integer.toString(config.m()),
                "--nlist",
                Integer.toString(config.nlist()),
                "--nprobe",
                String.join(
                        ",",
                        Arrays.stream(config.nprobes())
                                .mapToObj(Integer::toString)
                                .toList()),
                "--k",
                Integer.toString(config.k()),
                "--only",
                String.join(",", config.faissModes()));
        LOG.info("running {}", cmd);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        // OpenMP threads spin while waiting by default; on a shared 2-core machine that spinning starves the other
        // thread and made Faiss's k-means several times slower. Sleeping waits cost nothing measurable here.
        pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                rawRows.add(line);
                LOG.info("faiss row {}", line);
            }
        }
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IllegalStateException("faiss_bench.py exited with " + rc);
        }
    }

    private final List<String> rawRows = new ArrayList<>();

    /** The Faiss rows as printed by the script (JSON objects). */
    public List<String> faissRows() {
        return List.copyOf(rawRows);
    }

    private static Map<String, Long> sizesByExtension(Path dir) throws IOException {
        Map<String, Long> sizes = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                int dot = name.lastIndexOf('.');
                String ext = dot < 0 ? name : name.substring(dot + 1);
                sizes.merge(ext, Files.size(f), Long::sum);
            }
        }
        return sizes;
    }

    private static void writeIvecs(Path file, int[][] rows) throws IOException {
        try (OutputStream os = Files.newOutputStream(file);
                DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(os))) {
            for (int[] row : rows) {
                out.writeInt(Integer.reverseBytes(row.length));
                for (int v : row) {
                    out.writeInt(Integer.reverseBytes(v));
                }
            }
        }
    }

    private static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * {@code IndexBench [n] [queries] [m] [nlist] [nprobes] [workDir] [formats]}, e.g.
     * {@code 100000 500 32 256 4,16,64 target/bench HNSW_FLOAT,HNSW_INT4,HNSW_BIT}. Prints JSON rows. The first format's
     * shard also holds the PQ and IVF-PQ codes (FLAT_INT8 first: no graph, the quickest quantizer shard); each HNSW
     * format is one more graph build (minutes at 100k on 2 cores), so the default is HNSW_FLOAT only.
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int nq = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int m = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int nlist = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        int[] nprobes = Arrays.stream((args.length > 4 ? args[4] : "4,16,64").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        Path work = Path.of(args.length > 5 ? args[5] : "target/bench");
        List<VectorFormat> formats = Arrays.stream((args.length > 6 ? args[6] : "HNSW_FLOAT").split(","))
                .map(VectorFormat::valueOf)
                .toList();
        String python = System.getProperty("bench.python", "/usr/bin/python3");
        Path script = Path.of(System.getProperty("bench.faiss", "bench/faiss_bench.py"));
        Config config = new Config(
                n,
                256,
                nq,
                100,
                m,
                nlist,
                nprobes,
                4 * 100,
                formats,
                work,
                python.isEmpty() ? null : python,
                script,
                42,
                List.of("exact", "pq", "ivfpq", "hnsw"),
                null,
                0);
        List<String> rows = new ArrayList<>();
        IndexBench bench = new IndexBench(config, row -> {
            System.out.println(row.toJson());
            rows.add(row.toJson());
        });
        bench.run();
        bench.faissRows().forEach(System.out::println);
        rows.addAll(bench.faissRows());
        Files.write(work.resolve("results.jsonl"), rows, StandardCharsets.UTF_8);
    }
}
