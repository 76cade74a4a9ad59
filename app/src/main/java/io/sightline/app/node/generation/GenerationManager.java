package io.sightline.app.node.generation;

import io.sightline.app.config.SightlineConfig;
import io.sightline.schemas.ModelPublished;
import io.sightline.search.SearchSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the generation this instance serves and the one it may be building. The current generation sits in an
 * {@link AtomicReference} of an immutable {@link Generation}: readers take one snapshot and use it for the whole
 * request. A publication starts a new generation next to the current one (which keeps serving and indexing new
 * uploads); when the new one's lag has stayed 0 for 300 ms it becomes current in one reference swap, is
 * recorded in {@link GenerationStore}, and the old one is closed and its directory deleted after
 * {@code generation.grace.ms}. All state changes run on one thread, in the order events arrive.
 */
public final class GenerationManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GenerationManager.class);
    /**
     * How long the lag must stay 0 before the switch: longer than the shards' near-real-time refresh (at most
     * 250 ms, docs/decisions/002), so that everything counted as indexed is also visible to searches.
     */
    private static final long STABLE_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    private final SightlineConfig base;
    private final GenerationFactory factory;
    private final GenerationStore store;
    private final CatchUpCheck catchUp;
    private final Duration grace;
    private final AtomicReference<Generation> current;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("generations").daemon().factory());

    // Confined to the worker thread (and to close(), after the worker stopped).
    private Building building;
    private final List<Generation> retiring = new ArrayList<>();

    /** A generation being built, since when, and since when its lag has been 0 (-1: it is not). */
    private record Building(Generation generation, long startedNanos, ScheduledFuture<?> checks, long zeroSince) {
        Building lag(long lag, long now) {
            return new Building(generation, startedNanos, checks, lag != 0 ? -1 : zeroSince >= 0 ? zeroSince : now);
        }

        boolean caughtUp(long now) {
            return zeroSince >= 0 && now - zeroSince >= STABLE_NANOS;
        }
    }

    private GenerationManager(
            SightlineConfig base,
            GenerationFactory factory,
            GenerationStore store,
            CatchUpCheck catchUp,
            Generation first) {
        this.base = base;
        this.factory = factory;
        this.store = store;
        this.catchUp = catchUp;
        this.grace = Duration.ofMillis(base.getLong(SightlineConfig.GENERATION_GRACE_MS));
        this.current = new AtomicReference<>(first);
    }

    /**
     * Starts the generation recorded in the work dir, or the configured model when none is recorded (or the recorded
     * bundle cannot be loaded any more), and removes directories of generations that are no longer current.
     */
    public static GenerationManager start(SightlineConfig base, GenerationFactory factory, CatchUpCheck catchUp) {
        GenerationStore store = new GenerationStore(GenerationLayout.currentFile(base));
        Optional<GenerationSpec> recorded = store.load();
        Generation first;
        try {
            first = factory.start(recorded);
        } catch (RuntimeException e) {
            if (recorded.isEmpty()) {
                throw e;
            }
            LOG.error(
                    "Cannot start the recorded generation {} ({}); serving the configured model instead",
                    recorded.get().version(),
                    e.getMessage(),
                    e);
            first = factory.start(Optional.empty());
        }
        removeStaleDirectories(base, first.spec());
        LOG.info("Serving generation {}", first.describe());
        return new GenerationManager(base, factory, store, catchUp, first);
    }

    /** The generation searches use now; take it once per request. */
    public Generation current() {
        return current.get();
    }

    /** The current generation's search snapshot (for {@code SearchEndpoint}). */
    public SearchSnapshot search() {
        return current.get()
                .search()
                .orElseThrow(() -> new IllegalStateException("an extract-only instance serves no searches"));
    }

    /** Reacts to a publication (from any thread): build its generation unless it is served or built already. */
    public void onPublished(ModelPublished event) {
        GenerationSpec spec = GenerationSpec.of(event);
        worker.execute(() -> consider(spec));
    }

    private void consider(GenerationSpec spec) {
        Generation serving = current.get();
        if (spec.version().equals(serving.modelVersion())) {
            LOG.info("Model {} is already served", spec.version());
            abandonBuilding("model " + spec.version() + " was published again");
            return;
        }
        if (building != null && spec.equals(building.generation().spec().orElse(null))) {
            return;
        }
        abandonBuilding("a newer model " + spec.version() + " was published");
        // Republished within its grace period (a quick rollback): its old applications and directory must go first,
        // since the new build uses the same names.
        retiring.stream()
                .filter(g -> g.spec().map(GenerationSpec::slug).equals(Optional.of(spec.slug())))
                .toList()
                .forEach(this::retire);
        long started = System.nanoTime();
        Generation next;
        try {
            next = factory.start(Optional.of(spec));
        } catch (RuntimeException e) {
            LOG.error(
                    "Refusing model {} from {}: {}. Still serving {}",
                    spec.version(),
                    spec.bundleUri(),
                    e.getMessage(),
                    serving.describe(),
                    e);
            return;
        }
        long pollMs = base.getLong(SightlineConfig.GENERATION_CATCHUP_POLL_MS);
        ScheduledFuture<?> checks =
                worker.scheduleWithFixedDelay(this::checkCatchUp, pollMs, pollMs, TimeUnit.MILLISECONDS);
        building = new Building(next, started, checks, -1);
        LOG.info(
                "Building generation {} from the beginning of {} while {} serves",
                next.describe(),
                base.getString(SightlineConfig.TOPIC_UPLOADED),
                serving.describe());
    }

    private void checkCatchUp() {
        if (building == null) {
            return;
        }
        long lag;
        try {
            lag = catchUp.lag(building.generation().config());
        } catch (RuntimeException e) {
            LOG.warn(
                    "Cannot read the lag of generation {}: {}",
                    building.generation().describe(),
                    e.getMessage());
            lag = -1;
        }
        long now = System.nanoTime();
        building = building.lag(lag, now);
        LOG.debug("Generation {} lag {}", building.generation().describe(), lag);
        if (building.caughtUp(now)) {
            switchToBuilding();
        }
    }

    private void switchToBuilding() {
        Building done = building;
        building = null;
        done.checks().cancel(false);
        Generation next = done.generation();
        try {
            next.spec().ifPresent(store::save);
        } catch (RuntimeException e) {
            // Switch anyway: the new generation is complete; only a restart would fall back to the recorded one.
            LOG.error(
                    "Cannot record generation {} as current; a restart will not serve it: {}",
                    next.describe(),
                    e.getMessage(),
                    e);
        }
        Generation previous = current.getAndSet(next);
        LOG.info(
                "Switched search from generation {} to {} ({} ms after the publication was received); the old one "
                        + "is removed in {} ms",
                previous.describe(),
                next.describe(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - done.startedNanos()),
                grace.toMillis());
        retiring.add(previous);
        worker.schedule(() -> retire(previous), grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void abandonBuilding(String why) {
        if (building == null) {
            return;
        }
        Building abandoned = building;
        building = null;
        abandoned.checks().cancel(false);
        LOG.info("Abandoning generation {}: {}", abandoned.generation().describe(), why);
        retiring.add(abandoned.generation());
        retire(abandoned.generation());
    }

    private void retire(Generation old) {
        if (!retiring.removeIf(g -> g == old)) {
            return; // retired earlier
        }
        try {
            old.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing generation {} failed: {}", old.describe(), e.getMessage(), e);
        }
        // The configured generation's directory is shared by name with no other: safe to delete once closed.
        deleteQuietly(GenerationLayout.directory(base, old.spec()));
        LOG.info("Generation {} closed and its local state deleted", old.describe());
    }

    /** Local state of generations other than {@code current}: left over from a crash before their grace ended. */
    private static void removeStaleDirectories(SightlineConfig base, Optional<GenerationSpec> current) {
        Path keep = GenerationLayout.directory(base, current);
        Path generations = base.path(SightlineConfig.WORK_DIR).resolve(GenerationLayout.GENERATIONS_DIR);
        if (Files.isDirectory(generations)) {
            try (Stream<Path> dirs = Files.list(generations)) {
                dirs.filter(dir -> !dir.equals(keep)).forEach(GenerationManager::deleteQuietly);
            } catch (IOException e) {
                LOG.warn("Cannot list {}: {}", generations, e.getMessage());
            }
        }
        if (current.isPresent()) {
            deleteQuietly(GenerationLayout.directory(base, Optional.empty()));
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", dir, e.getMessage());
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(2, TimeUnit.MINUTES)) {
                LOG.warn("Generation worker did not stop within 2 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Generation> open = new ArrayList<>(retiring);
        if (building != null) {
            open.add(building.generation());
        }
        open.add(current.get());
        RuntimeException failure = null;
        for (Generation g : open) {
            try {
                g.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        catchUp.close();
        if (failure != null) {
            throw failure;
        }
    }
}
