package io.sightline.streams.ingest;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The {@link StageCpu} metrics of every ingest task in this JVM, summed: read where Kafka Streams publishes them
 * (JMX), so an instance's metrics endpoint and {@code bench ingest} need no handle on the Streams applications,
 * which come and go with model generations. A task that has closed no longer counts.
 */
public final class StageCpuTotals {
    /** Metric names: {@code <stage>-cpu-ns-total} for each stage, and {@value #IMAGES}. */
    public static final String IMAGES = "images-total";

    private static final String PATTERN = "kafka.streams:type=" + StageCpu.GROUP + ",*";

    private StageCpuTotals() {}

    /** The stages {@link StageCpu} times, by the name in their metric ({@code decode}, {@code thumbnail}, ...). */
    public static String[] stages() {
        return java.util.Arrays.stream(StageCpu.Part.values())
                .map(StageCpu.Part::metric)
                .toArray(String[]::new);
    }

    /** The metric name of a stage's CPU nanoseconds. */
    public static String cpuMetric(String stage) {
        return stage + "-cpu-ns-total";
    }

    /** Metric name to its total over every ingest task now; empty without one. */
    public static Map<String, Double> now() {
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
        } catch (javax.management.InstanceNotFoundException e) {
            // A task closed between the query and the read: its figures are gone, as they would be a moment later.
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the ingest stage metrics " + PATTERN, e);
        }
        return totals;
    }
}
