package io.sightline.trainer.service;

import io.sightline.schemas.LabelledImage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the curated folder in step with {@code landmarks.curated} and starts a {@link RetrainRun} when the
 * {@link RetrainPolicy} says so. The topic is compacted, so the service rebuilds the folder by reading it from the
 * beginning at start (the folder is a cache, the topic the source of truth; what the last run trained on is kept
 * on disk, so a restart does not count every image as new); it still commits offsets under its consumer group so
 * its lag can be watched. A run marks its images as trained when it starts: a failed run is retried only when
 * something changes again. One trainer per cluster: it reads every partition itself.
 */
public final class TrainerService {

    private static final Logger log = LoggerFactory.getLogger(TrainerService.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Consumer<String, LabelledImage> consumer;
    private final String topic;
    private final CuratedFolder folder;
    private final RetrainPolicy policy;
    private final RetrainRun run;
    private final Function<Optional<RunOutcome>, Baseline> baselines;
    private final Clock clock;
    private Instant lastRun;
    private RunOutcome lastPublished;
    private boolean assigned;

    /**
     * @param baselines what to compare with, given the last run of this process that published (empty before one)
     */
    public TrainerService(
            Consumer<String, LabelledImage> consumer,
            String topic,
            CuratedFolder folder,
            RetrainPolicy policy,
            RetrainRun run,
            Function<Optional<RunOutcome>, Baseline> baselines,
            Clock clock) {
        this.consumer = consumer;
        this.topic = topic;
        this.folder = folder;
        this.policy = policy;
        this.run = run;
        this.baselines = baselines;
        this.clock = clock;
        this.lastRun = folder.lastTrained().orElse(clock.instant());
    }

    /** Reads the topic up to its current end offsets; returns the number of events applied. */
    public int catchUp(Duration timeout) {
        assign();
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        Instant deadline = clock.instant().plus(timeout);
        int applied = 0;
        while (!reached(end)) {
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException(
                        "could not read " + topic + " to its end offsets " + end + " within " + timeout);
            }
            applied += pollOnce();
        }
        return applied;
    }

    /** One retraining run if the policy says it is due now. */
    public Optional<RunOutcome> runIfDue() throws Exception {
        Instant now = clock.instant();
        if (!policy.due(folder.changes(), lastRun, now)) {
            return Optional.empty();
        }
        if (folder.labels().values().stream().distinct().count() < 2) {
            log.info(
                    "retrain due but skipped: the curated set has fewer than two labels images={}",
                    folder.names().size());
            return Optional.empty();
        }
        folder.markTrained();
        lastRun = now;
        RunOutcome outcome = run.run(folder, baselines.apply(Optional.ofNullable(lastPublished)));
        if (outcome.published()) {
            lastPublished = outcome;
        }
        return Optional.of(outcome);
    }

    /** Consumes and retrains until {@code stop} says so; a failed run is logged and retried on the next trigger. */
    public void runUntil(BooleanSupplier stop) {
        catchUp(Duration.ofMinutes(5));
        while (!stop.getAsBoolean()) {
            pollOnce();
            try {
                runIfDue();
            } catch (Exception e) {
                log.error(
                        "retraining run failed stage=run images={} cause={}",
                        folder.names().size(),
                        e.toString(),
                        e);
            }
        }
    }

    private int pollOnce() {
        ConsumerRecords<String, LabelledImage> records = consumer.poll(POLL);
        for (ConsumerRecord<String, LabelledImage> r : records) {
            folder.apply(r.key(), r.value());
        }
        if (!records.isEmpty()) {
            consumer.commitSync();
        }
        return records.count();
    }

    private void assign() {
        if (assigned) {
            return;
        }
        List<PartitionInfo> partitions = consumer.partitionsFor(topic);
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException(
                    "topic " + topic + " does not exist (create it, e.g. with clean --from-topic)");
        }
        List<TopicPartition> all = partitions.stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(all);
        consumer.seekToBeginning(all);
        assigned = true;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
