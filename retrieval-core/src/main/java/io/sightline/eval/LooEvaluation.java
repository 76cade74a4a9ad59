package io.sightline.eval;

import io.sightline.backbone.ExtractionException;
import io.sightline.descriptor.Descriptor;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.eval.LooGroundTruth.LooQuery;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageFiles;
import io.sightline.image.ImageLoadException;
import io.sightline.verify.LocalFeatures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leave-one-out protocol: each positive image of the ground truth ({@link LooGroundTruth}) queries, as a whole
 * photo and as each degraded {@link QueryView}, a database of every other image; the image itself is removed from
 * the database first, so database-side augmentation and query expansion never see it. Views are extracted as
 * {@code eval} extracts a query (the photo scaled to the configured longest side), so a small web photo and a
 * downscaled view meet the backbone alike.
 */
public final class LooEvaluation {

    private static final Logger log = LoggerFactory.getLogger(LooEvaluation.class);

    /**
     * The descriptors of one evaluation: the database and every query image's views, and their local features when
     * the extractor keeps them (empty otherwise: verification is then skipped). Inlier counts of verified pairs are
     * kept across {@link #evaluate} calls, so several re-ranking rules cost one verification each pair.
     */
    public record Descriptors(
            List<String> names,
            List<float[]> database,
            List<LooQuery> queries,
            Map<String, Map<QueryView, float[]>> views,
            List<LocalFeatures> databaseLocal,
            Map<String, Map<QueryView, LocalFeatures>> viewLocal,
            Map<String, Map<Integer, Integer>> inliers) {
        public Descriptors {
            names = List.copyOf(names);
            database = List.copyOf(database);
            queries = List.copyOf(queries);
            views = Map.copyOf(views);
            databaseLocal = List.copyOf(databaseLocal);
            viewLocal = Map.copyOf(viewLocal);
        }

        /** Global descriptors only. */
        public Descriptors(
                List<String> names,
                List<float[]> database,
                List<LooQuery> queries,
                Map<String, Map<QueryView, float[]>> views) {
            this(names, database, queries, views, List.of(), Map.of(), new ConcurrentHashMap<>());
        }

        /** Scores {@code retrieval} on every query and view, or on {@code subset} of the queries. */
        public LooReport evaluate(PostProcessing retrieval, List<LooQuery> subset, List<QueryView> scored) {
            return evaluate(retrieval::over, subset, scored);
        }

        /**
         * As {@link #evaluate(PostProcessing, List, List)}, with each query's ranking built by {@code over} from
         * the database without the query image (and its local features, or an empty list): a study's own
         * re-ranker is scored exactly as a {@link PostProcessing} is.
         */
        public LooReport evaluate(
                BiFunction<List<float[]>, List<LocalFeatures>, PostProcessing.Ranker> over,
                List<LooQuery> subset,
                List<QueryView> scored) {
            List<List<LooReport.Result>> perQuery = subset.parallelStream()
                    .map(q -> evaluateOne(over, q, scored))
                    .toList();
            return new LooReport(perQuery.stream().flatMap(List::stream).toList());
        }

        private List<LooReport.Result> evaluateOne(
                BiFunction<List<float[]>, List<LocalFeatures>, PostProcessing.Ranker> over,
                LooQuery q,
                List<QueryView> scored) {
            int self = names.indexOf(q.imageName());
            List<String> otherNames = new ArrayList<>(names);
            List<float[]> others = new ArrayList<>(database);
            List<LocalFeatures> otherLocal = new ArrayList<>(databaseLocal);
            if (self >= 0) {
                otherNames.remove(self);
                others.remove(self);
                if (!otherLocal.isEmpty()) {
                    otherLocal.remove(self);
                }
            }
            PostProcessing.Ranker ranker = over.apply(others, otherLocal);
            Map<QueryView, float[]> byView = views.get(q.imageName());
            if (byView == null) {
                throw new IllegalArgumentException("no query vectors for " + q.imageName());
            }
            Map<QueryView, LocalFeatures> localByView = viewLocal.getOrDefault(q.imageName(), Map.of());
            List<LooReport.Result> results = new ArrayList<>();
            for (QueryView v : scored) {
                float[] vector = byView.get(v);
                if (vector == null) {
                    throw new IllegalArgumentException("no " + v + " view of " + q.imageName());
                }
                Map<Integer, Integer> known =
                        inliers.computeIfAbsent(q.imageName() + "|" + v, k -> new ConcurrentHashMap<>());
                List<String> ranking = new ArrayList<>(others.size());
                for (int i : ranker.rank(vector, localByView.get(v), known)) {
                    ranking.add(otherNames.get(i));
                }
                results.add(new LooReport.Result(
                        q.imageName(), q.landmark(), v, AveragePrecision.oxford(ranking, q.positives(), q.junk())));
            }
            return results;
        }

        public LooReport evaluate(PostProcessing retrieval, List<QueryView> scored) {
            return evaluate(retrieval, queries, scored);
        }
    }

    private final ImageDecoder decoder;
    private final DescriptorExtractor extractor;
    private final int threads;

    public LooEvaluation(ImageDecoder decoder, DescriptorExtractor extractor, int threads) {
        this.decoder = decoder;
        this.extractor = extractor;
        this.threads = threads;
    }

    /** Extracts the database (as the pipeline decodes it) and each query image's {@code views}. */
    public Descriptors describe(Path imagesDir, List<LooQuery> queries, List<QueryView> views)
            throws IOException, ImageLoadException, ExtractionException {
        long started = System.nanoTime();
        Map<String, Descriptor> database = OxfordEvaluation.extractDatabase(decoder, extractor, imagesDir, threads);
        Map<String, Map<QueryView, Descriptor>> byImage = new LinkedHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Map<QueryView, Descriptor>>> futures = new ArrayList<>();
            List<Path> files = new ArrayList<>(queries.size());
            for (LooQuery q : queries) {
                Path file = ImageFiles.require(imagesDir, q.imageName());
                files.add(file);
                futures.add(pool.submit(() -> describeViews(file, views)));
            }
            for (int i = 0; i < queries.size(); i++) {
                byImage.put(queries.get(i).imageName(), OxfordEvaluation.get(futures.get(i), files.get(i)));
            }
        }
        log.info(
                "loo descriptors modelVersion={} images={} queries={} views={} ms={}",
                extractor.modelVersion(),
                database.size(),
                queries.size(),
                views.size(),
                (System.nanoTime() - started) / 1_000_000);
        Map<String, Map<QueryView, float[]>> vectors = new LinkedHashMap<>();
        Map<String, Map<QueryView, LocalFeatures>> locals = new LinkedHashMap<>();
        byImage.forEach((name, byView) -> {
            Map<QueryView, float[]> v = new EnumMap<>(QueryView.class);
            Map<QueryView, LocalFeatures> l = new EnumMap<>(QueryView.class);
            byView.forEach((view, d) -> {
                v.put(view, d.vector());
                d.local().ifPresent(f -> l.put(view, f));
            });
            vectors.put(name, v);
            locals.put(name, l);
        });
        List<LocalFeatures> databaseLocal = OxfordEvaluation.localsOfAll(database.values());
        return new Descriptors(
                List.copyOf(database.keySet()),
                database.values().stream().map(Descriptor::vector).toList(),
                queries,
                vectors,
                databaseLocal,
                databaseLocal.isEmpty() ? Map.of() : locals,
                new ConcurrentHashMap<>());
    }

    private Map<QueryView, Descriptor> describeViews(Path file, List<QueryView> views)
            throws IOException, ImageLoadException, ExtractionException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("query image " + file.getFileName() + " not found in " + file.getParent());
        }
        BufferedImage full = decoder.decode(Files.readAllBytes(file));
        Map<QueryView, Descriptor> out = new EnumMap<>(QueryView.class);
        for (QueryView v : views) {
            out.put(v, extractor.describe(v.apply(full)));
        }
        return out;
    }
}
