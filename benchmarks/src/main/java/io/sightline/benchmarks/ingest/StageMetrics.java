package io.sightline.benchmarks.ingest;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The ingest stages' CPU as the pipeline itself counts it: the totals of the {@code sightline-ingest-metrics}
 * Kafka Streams metrics (decode, thumbnail and extract CPU nanoseconds, images), summed over every task and
 * thread of this JVM, read where Kafka publishes them (JMX). Two snapshots around a pass give what the pipeline's
 * decoding and inference cost over the same seconds as its whole CPU.
 */
final class StageMetrics {
    private static final String PATTERN = "kafka.streams:type=sightline-ingest-metrics,*";

    private StageMetrics() {}

    /** Metric name to its total over all tasks now. */
    static Map<String, Double> totals() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Double> totals = new TreeMap<>();
        try {
            for (ObjectName name : server.queryNames(new ObjectName(PATTERN), null)) {
                for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                    if (server.getAttribute(name, attribute.getName()) instanceof Number n) {
                        totals.merge(attribute.getName(), n.doubleValue(), Double::sum);
                    }
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the ingest stage metrics " + PATTERN, e);
        }
        return totals;
    }

    /**
     * CPU milliseconds per image of each stage between two snapshots ({@code decode}, {@code thumbnail},
     * {@code extract}), over {@code images} images.
     */
    static Map<String, Double> msPerImage(Map<String, Double> before, Map<String, Double> after, int images) {
        Map<String, Double> perImage = new java.util.LinkedHashMap<>();
        for (String stage : new String[] {"decode", "thumbnail", "extract"}) {
            String metric = stage + "-cpu-ns-total";
            double spent = after.getOrDefault(metric, 0.0) - before.getOrDefault(metric, 0.0);
            perImage.put(stage, spent / 1e6 / Math.max(1, images));
        }
        return perImage;
    }
}
