package io.sightline.trainer.cleaning;

import io.sightline.image.ImageLoadException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans a noisy labelled set: features once per image (in parallel, cached by image id), then per label every
 * pair verified in parallel, the largest connected component of verified pairs kept, and a box per kept image
 * covering its inliers across its verified pairs inside the component. A label whose images verify with none of
 * the others keeps nothing: there is no evidence which of them shows the landmark.
 */
public final class DatasetCleaner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetCleaner.class);

    private final CleaningParams params;
    private final FeatureExtractor extractor;
    private final PairVerifier verifier;
    private final ExecutorService pool;

    public DatasetCleaner(CleaningParams params) {
        this.params = params;
        this.extractor = new FeatureExtractor(params);
        this.verifier = new PairVerifier(params);
        this.pool = Executors.newFixedThreadPool(
                params.threads(), Thread.ofPlatform().name("clean-", 0).daemon().factory());
    }

    public CleaningResult clean(List<LabelledItem> items, ImageLoader loader) {
        return clean(items, loader, summary -> {});
    }

    /** Cleans {@code items}; {@code onLabel} hears about each label as soon as it is done. */
    public CleaningResult clean(List<LabelledItem> items, ImageLoader loader, Consumer<LabelSummary> onLabel) {
        long start = System.nanoTime();
        Map<String, String> unreadable = new ConcurrentHashMap<>();
        Map<String, LocalFeatures> features =
                extractAll(items.stream().map(LabelledItem::imageId).distinct().toList(), loader, unreadable);
        long featureMillis = (System.nanoTime() - start) / 1_000_000;

        Map<String, List<LabelledItem>> byLabel = new TreeMap<>();
        items.forEach(item ->
                byLabel.computeIfAbsent(item.label(), l -> new ArrayList<>()).add(item));
        List<CuratedImage> kept = new ArrayList<>();
        List<RemovedImage> removed = new ArrayList<>();
        List<LabelSummary> summaries = new ArrayList<>();
        for (var entry : byLabel.entrySet()) {
            List<LabelledItem> readable = new ArrayList<>();
            for (LabelledItem item : entry.getValue()) {
                String why = unreadable.get(item.imageId());
                if (why != null) {
                    removed.add(new RemovedImage(item.imageId(), item.label(), "unreadable: " + why));
                } else {
                    readable.add(item);
                }
            }
            LabelSummary summary = cleanLabel(entry.getKey(), readable, features, kept, removed);
            summaries.add(summary);
            onLabel.accept(summary);
        }
        return new CleaningResult(kept, removed, summaries, featureMillis);
    }

    private Map<String, LocalFeatures> extractAll(
            List<String> ids, ImageLoader loader, Map<String, String> unreadable) {
        Map<String, LocalFeatures> features = new ConcurrentHashMap<>();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (String id : ids) {
            tasks.add(() -> {
                try {
                    features.put(id, extractor.extract(loader.load(id)));
                } catch (ImageLoadException | RuntimeException e) {
                    LOG.warn(
                            "Cleaning cannot read image imageId={} stage={} reason={}", id, "features", e.getMessage());
                    unreadable.put(id, String.valueOf(e.getMessage()));
                }
                return null;
            });
        }
        runAll(tasks);
        return features;
    }

    private LabelSummary cleanLabel(
            String label,
            List<LabelledItem> images,
            Map<String, LocalFeatures> features,
            List<CuratedImage> kept,
            List<RemovedImage> removed) {
        long start = System.nanoTime();
        int n = images.size();
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                pairs.add(new int[] {i, j});
            }
        }
        PairMatch[] matches = new PairMatch[pairs.size()];
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int p = 0; p < pairs.size(); p++) {
            int index = p;
            int[] pair = pairs.get(p);
            tasks.add(() -> {
                matches[index] = verifier.verify(
                        features.get(images.get(pair[0]).imageId()),
                        features.get(images.get(pair[1]).imageId()));
                return null;
            });
        }
        runAll(tasks);

        Components graph = new Components(n);
        int verified = 0;
        for (int p = 0; p < pairs.size(); p++) {
            if (matches[p].inliers() >= params.minInliers()) {
                graph.connect(pairs.get(p)[0], pairs.get(p)[1]);
                verified++;
            }
        }
        List<Integer> component = n > 0 ? graph.largest() : List.of();
        boolean keepAny = component.size() >= 2;
        boolean[] inComponent = new boolean[n];
        component.forEach(i -> inComponent[i] = true);
        Map<Integer, List<double[]>> inliers = new HashMap<>();
        Map<Integer, Integer> partners = new HashMap<>();
        for (int p = 0; p < pairs.size(); p++) {
            int[] pair = pairs.get(p);
            if (keepAny && matches[p].inliers() >= params.minInliers() && inComponent[pair[0]]) {
                inliers.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(matches[p].inliersA());
                inliers.computeIfAbsent(pair[1], k -> new ArrayList<>()).add(matches[p].inliersB());
                partners.merge(pair[0], 1, Integer::sum);
                partners.merge(pair[1], 1, Integer::sum);
            }
        }
        int keptHere = 0;
        for (int i = 0; i < n; i++) {
            LabelledItem item = images.get(i);
            if (keepAny && inComponent[i]) {
                LocalFeatures f = features.get(item.imageId());
                kept.add(new CuratedImage(
                        item.imageId(),
                        label,
                        Box.covering(concat(inliers.get(i)), f.sourceWidth(), f.sourceHeight()),
                        partners.get(i)));
                keptHere++;
            } else {
                removed.add(new RemovedImage(
                        item.imageId(),
                        label,
                        keepAny
                                ? "not in the largest verified component (" + component.size() + " of " + n + " images)"
                                : "no verified pair among the " + n + " images of the label"));
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.info(
                "Cleaned label={} images={} kept={} pairs={} verifiedPairs={} matchMs={}",
                label,
                n,
                keptHere,
                pairs.size(),
                verified,
                millis);
        return new LabelSummary(label, n, keptHere, pairs.size(), verified, millis);
    }

    private void runAll(Collection<Callable<Void>> tasks) {
        try {
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("cleaning interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cleaning failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static double[] concat(List<double[]> parts) {
        int length = parts.stream().mapToInt(a -> a.length).sum();
        double[] all = new double[length];
        int at = 0;
        for (double[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
