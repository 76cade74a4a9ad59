package io.sightline.eval;

import io.sightline.backbone.ExtractionException;
import io.sightline.descriptor.Descriptor;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageFiles;
import io.sightline.image.ImageLoadException;
import io.sightline.image.Images;
import io.sightline.verify.LocalFeatures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Oxford-protocol retrieval evaluation: every image in the folder is the database (the un-cropped query images
 * included); each query is the crop of its box, extracted at the scale its full image gets in the database;
 * ranking by dot product of the unit descriptors; AP per query as {@link AveragePrecision#oxford}.
 */
public final class OxfordEvaluation {

    private static final Logger log = LoggerFactory.getLogger(OxfordEvaluation.class);

    private final ImageDecoder decoder;
    private final DescriptorExtractor extractor;
    private final int threads;

    public OxfordEvaluation(ImageDecoder decoder, DescriptorExtractor extractor) {
        this(decoder, extractor, Runtime.getRuntime().availableProcessors());
    }

    public OxfordEvaluation(ImageDecoder decoder, DescriptorExtractor extractor, int threads) {
        this.decoder = decoder;
        this.extractor = extractor;
        this.threads = threads;
    }

    /** Plain ranking by the descriptors, no augmentation or expansion. */
    public EvalReport run(Path imagesDir, Path gtDir) throws IOException, ImageLoadException, ExtractionException {
        return describe(imagesDir, gtDir).evaluate(PostProcessing.none());
    }

    /**
     * Extracts the database and every query once; the result evaluates any post-processing setting on them,
     * or any subset of the queries, without extracting again.
     */
    public Descriptors describe(Path imagesDir, Path gtDir)
            throws IOException, ImageLoadException, ExtractionException {
        List<OxfordQuery> queries = OxfordGroundTruth.load(gtDir);
        long started = System.nanoTime();
        Map<String, Descriptor> database = extractDatabase(decoder, extractor, imagesDir, threads);
        Map<String, Descriptor> queryVectors = new LinkedHashMap<>();
        for (OxfordQuery q : queries) {
            queryVectors.put(q.name(), queryDescriptor(imagesDir, q));
        }
        log.info(
                "oxford descriptors modelVersion={} images={} queries={} ms={}",
                extractor.modelVersion(),
                database.size(),
                queries.size(),
                (System.nanoTime() - started) / 1_000_000);
        return Descriptors.of(database, queryVectors, queries);
    }

    /**
     * As {@link #describe(Path, Path)}, but the database is exactly {@code databaseNames} (images of the folder,
     * without extension, in this order) and the queries come from the caller: the revisited protocol
     * ({@link RevisitedGroundTruth}), whose database leaves its query images out.
     */
    public Descriptors describe(Path imagesDir, List<String> databaseNames, List<OxfordQuery> queries)
            throws IOException, ImageLoadException, ExtractionException {
        List<Path> files = new ArrayList<>(databaseNames.size());
        List<String> missing = new ArrayList<>();
        for (String name : databaseNames) {
            ImageFiles.find(imagesDir, name).ifPresentOrElse(files::add, () -> missing.add(name));
        }
        if (!missing.isEmpty()) {
            throw new IOException(missing.size() + " of " + databaseNames.size() + " database images not found in "
                    + imagesDir + ", e.g. " + missing.subList(0, Math.min(3, missing.size())));
        }
        long started = System.nanoTime();
        Map<String, Descriptor> database = extractFiles(decoder, extractor, files, threads);
        Map<String, Descriptor> queryVectors = new LinkedHashMap<>();
        for (OxfordQuery q : queries) {
            if (!queryVectors.containsKey(q.name())) {
                queryVectors.put(q.name(), queryDescriptor(imagesDir, q));
            }
        }
        log.info(
                "descriptors modelVersion={} images={} queries={} ms={}",
                extractor.modelVersion(),
                database.size(),
                queryVectors.size(),
                (System.nanoTime() - started) / 1_000_000);
        return Descriptors.of(database, queryVectors, List.copyOf(queries));
    }

    /**
     * The extracted database and queries of one evaluation.
     *
     * @param databaseLocal local features of the database images (same order; empty when none were extracted)
     * @param queryLocal    local features of the queries, by query name
     */
    public record Descriptors(
            List<String> names,
            List<float[]> database,
            Map<String, float[]> queryVectors,
            List<OxfordQuery> queries,
            List<LocalFeatures> databaseLocal,
            Map<String, LocalFeatures> queryLocal) {

        public Descriptors {
            databaseLocal = java.util.Collections.unmodifiableList(new ArrayList<>(databaseLocal));
            queryLocal = Map.copyOf(queryLocal);
        }

        /** Global descriptors only: no verification. */
        public Descriptors(
                List<String> names,
                List<float[]> database,
                Map<String, float[]> queryVectors,
                List<OxfordQuery> queries) {
            this(names, database, queryVectors, queries, List.of(), Map.of());
        }

        static Descriptors of(
                Map<String, Descriptor> database, Map<String, Descriptor> queries, List<OxfordQuery> asked) {
            Map<String, float[]> queryVectors = new LinkedHashMap<>();
            Map<String, LocalFeatures> queryLocal = new LinkedHashMap<>();
            queries.forEach((name, d) -> {
                queryVectors.put(name, d.vector());
                d.local().ifPresent(l -> queryLocal.put(name, l));
            });
            return new Descriptors(
                    List.copyOf(database.keySet()),
                    database.values().stream().map(Descriptor::vector).toList(),
                    queryVectors,
                    asked,
                    localsOfAll(database.values()),
                    queryLocal);
        }

        public EvalReport evaluate(PostProcessing post) {
            return evaluate(post, queries);
        }

        /** mAP over {@code subset} of the queries (e.g. a landmark split's test queries); database always whole. */
        public EvalReport evaluate(PostProcessing post, List<OxfordQuery> subset) {
            return evaluate(post::over, subset);
        }

        /** As {@link #evaluate(PostProcessing, List)}, with the ranking {@code over} builds from the database. */
        public EvalReport evaluate(
                BiFunction<List<float[]>, List<LocalFeatures>, PostProcessing.Ranker> over, List<OxfordQuery> subset) {
            Map<String, List<String>> rankings = rank(over, subset);
            List<QueryResult> results = new ArrayList<>(subset.size());
            for (OxfordQuery q : subset) {
                results.add(new QueryResult(
                        q.name(), AveragePrecision.oxford(rankings.get(q.name()), q.positives(), q.junk())));
            }
            return new EvalReport(
                    results,
                    results.stream().mapToDouble(QueryResult::ap).average().orElse(0));
        }

        /** The whole database ranked for each query of {@code subset} (by query name), best first. */
        public Map<String, List<String>> rank(PostProcessing post, List<OxfordQuery> subset) {
            return rank(post::over, subset);
        }

        private Map<String, List<String>> rank(
                BiFunction<List<float[]>, List<LocalFeatures>, PostProcessing.Ranker> over, List<OxfordQuery> subset) {
            PostProcessing.Ranker ranker = over.apply(database, databaseLocal);
            Map<String, List<String>> rankings = new LinkedHashMap<>();
            for (OxfordQuery q : subset) {
                float[] qv = queryVectors.get(q.name());
                if (qv == null) {
                    throw new IllegalArgumentException("no vector for query " + q.name());
                }
                List<String> ranking = new ArrayList<>(names.size());
                for (int i :
                        ranker.rank(qv, queryLocal.get(q.name()), new java.util.concurrent.ConcurrentHashMap<>())) {
                    ranking.add(names.get(i));
                }
                rankings.put(q.name(), ranking);
            }
            return rankings;
        }

        /**
         * As {@link #evaluate(PostProcessing, List)}, but DBA only re-ranks each round's first {@code shortlist} raw
         * hits, as the live search does ({@link ShortlistEvaluation}); without DBA the same as the plain evaluation.
         */
        public EvalReport evaluate(PostProcessing post, List<OxfordQuery> subset, int shortlist) {
            return post.augmentation()
                    .map(dba -> new ShortlistEvaluation(database, dba, shortlist)
                            .evaluate(names, queryVectors, subset, post.queryExpansion()))
                    .orElseGet(() -> evaluate(post, subset));
        }
    }

    private Descriptor queryDescriptor(Path imagesDir, OxfordQuery q)
            throws IOException, ImageLoadException, ExtractionException {
        BufferedImage full = decoder.decode(Files.readAllBytes(imageFile(imagesDir, q.imageName())));
        BufferedImage crop =
                Images.crop(full, (int) Math.round(q.x1()), (int) Math.round(q.y1()), (int) Math.round(q.x2()), (int)
                        Math.round(q.y2()));
        double scale = (double) extractor.longestSide() / Math.max(full.getWidth(), full.getHeight());
        return extractor.describeScaled(crop, scale);
    }

    private static Path imageFile(Path imagesDir, String name) throws IOException {
        return ImageFiles.require(imagesDir, name);
    }

    /** Decodes and extracts on all threads: decoding is as costly as the backbone at these sizes. */
    static Map<String, Descriptor> extractDatabase(
            ImageDecoder decoder, DescriptorExtractor extractor, Path imagesDir, int threads)
            throws IOException, ImageLoadException, ExtractionException {
        List<Path> files = ImageFiles.list(imagesDir);
        if (files.isEmpty()) {
            throw new IOException("no photos (." + String.join(", .", ImageFiles.EXTENSIONS) + ") in " + imagesDir);
        }
        return extractFiles(decoder, extractor, files, threads);
    }

    private static Map<String, Descriptor> extractFiles(
            ImageDecoder decoder, DescriptorExtractor extractor, List<Path> files, int threads)
            throws IOException, ImageLoadException, ExtractionException {
        Map<String, Descriptor> out = new LinkedHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Descriptor>> futures = new ArrayList<>();
            for (Path f : files) {
                // As the pipeline decodes them: only the pixels the backbone needs.
                futures.add(pool.submit(
                        () -> extractor.describe(decoder.decode(Files.readAllBytes(f), extractor.largestInputSide())
                                .image())));
            }
            for (int i = 0; i < files.size(); i++) {
                out.put(ImageFiles.name(files.get(i)), get(futures.get(i), files.get(i)));
            }
        }
        return out;
    }

    /** The database's local features in its order, or none unless every image has them (no partial verification). */
    static List<LocalFeatures> localsOfAll(java.util.Collection<Descriptor> database) {
        return database.stream().allMatch(d -> d.local().isPresent())
                ? database.stream().map(d -> d.local().orElseThrow()).toList()
                : List.of();
    }

    static <T> T get(Future<T> f, Path file) throws IOException, ImageLoadException, ExtractionException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExtractionException("interrupted at " + file, e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case ImageLoadException il -> throw il;
                case ExtractionException ex -> throw ex;
                default -> throw new ExtractionException(file + ": " + e.getCause(), e.getCause());
            }
        }
    }
}
