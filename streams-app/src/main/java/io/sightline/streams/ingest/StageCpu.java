package io.sightline.streams.ingest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * CPU time the ingest stages spend on the threads that run them, as Kafka Streams metrics of one task (group
 * {@value #GROUP}, tagged with the stream thread and the task as Kafka Streams tags its own task metrics; JMX
 * {@code kafka.streams:type=sightline-ingest-metrics,thread-id=..,task-id=..}):
 * {@code decode-cpu-ns-total} (fetch and decode), {@code thumbnail-cpu-ns-total}, {@code extract-cpu-ns-total}
 * (resize, backbone, head) and {@code images-total} (uploads that went through the backbone). They say where an instance's ingest CPU goes, and let
 * {@code bench ingest} compare the pipeline's decode and inference with its whole CPU over the same seconds.
 *
 * <p>Each reading is the current thread's CPU time, about a microsecond, so it costs nothing next to a decode.
 */
final class StageCpu {
    static final String GROUP = "sightline-ingest-metrics";

    /** What is timed; the metric is {@code <name>-cpu-ns-total}. */
    enum Part {
        DECODE("decode"),
        THUMBNAIL("thumbnail"),
        EXTRACT("extract");

        private final String metric;

        Part(String metric) {
            this.metric = metric;
        }

        String metric() {
            return metric;
        }
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final StreamsMetrics metrics;
    private final Map<Part, Sensor> cpu = new EnumMap<>(Part.class);
    private final Sensor images;

    /** Registers the task's sensors; {@link #close} removes them when the task goes. */
    StageCpu(StreamsMetrics metrics, String taskId) {
        this.metrics = metrics;
        // Registered on the task's stream thread, as Kafka Streams' own task metrics are.
        String thread = Thread.currentThread().getName();
        Map<String, String> tags = Map.of("thread-id", thread, "task-id", taskId);
        String prefix = "sightline-ingest-" + thread + "-" + taskId + "-";
        for (Part part : Part.values()) {
            cpu.put(
                    part,
                    sensor(prefix, StageCpuTotals.cpuMetric(part.metric), "CPU nanoseconds in " + part.metric, tags));
        }
        this.images = sensor(prefix, StageCpuTotals.IMAGES, "Uploads that went through the backbone", tags);
    }

    private Sensor sensor(String prefix, String metric, String description, Map<String, String> tags) {
        Sensor sensor = metrics.addSensor(prefix + metric, Sensor.RecordingLevel.INFO);
        sensor.add(new MetricName(metric, GROUP, description, tags), new CumulativeSum());
        return sensor;
    }

    /** The current thread's CPU time, to pass to {@link #record}. */
    long start() {
        return threads.getCurrentThreadCpuTime();
    }

    /** Adds the current thread's CPU since {@code start} to {@code part}. */
    void record(Part part, long start) {
        cpu.get(part).record(threads.getCurrentThreadCpuTime() - start);
    }

    void extracted(int count) {
        images.record(count);
    }

    void close() {
        cpu.values().forEach(metrics::removeSensor);
        metrics.removeSensor(images);
    }
}
