package io.sightline.app.node;

import java.lang.management.ManagementFactory;

/**
 * CPU time this JVM process has used, all threads together (native ONNX Runtime threads included). On a shared,
 * noisy machine, CPU time per image is a steadier cost figure than images/s, which other processes' load shifts.
 */
public final class ProcessCpu {
    private ProcessCpu() {}

    public static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
