package io.sightline.app.node;

import io.sightline.streams.index.IndexShard;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

/** Waits until every published image is either searchable or on the dead-letter topic. */
public final class IngestWaiter {
    /** How the published images ended. */
    public record Outcome(int indexed, int rejected, int pending) {}

    private final IndexShard shards;
    private final DeadLetterCounter deadLetters;

    public IngestWaiter(IndexShard shards, DeadLetterCounter deadLetters) {
        this.shards = shards;
        this.deadLetters = deadLetters;
    }

    public Outcome await(List<String> imageIds, Duration timeout, IntConsumer progress) {
        Set<String> pending = new LinkedHashSet<>(imageIds);
        int indexed = 0;
        int rejected = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            Set<String> failed = deadLetters.byImage().keySet();
            for (var it = pending.iterator(); it.hasNext(); ) {
                String id = it.next();
                if (shards.contains(id)) {
                    indexed++;
                    it.remove();
                } else if (failed.contains(id)) {
                    rejected++;
                    it.remove();
                }
            }
            progress.accept(indexed + rejected);
            if (!pending.isEmpty()) {
                sleep(100);
            }
        }
        return new Outcome(indexed, rejected, pending.size());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for ingestion", e);
        }
    }
}
