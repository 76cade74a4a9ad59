package io.sightline.backbone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the CPU offers the int8 backbone, read from {@code /proc/cpuinfo}: its model name and whether it has VNNI
 * ({@code avx512_vnni} or {@code avx_vnni}). Without VNNI, ONNX Runtime's exact int8 kernels cost about a third more
 * inference time (decision 041), so a figure measured on one CPU says little about the other: the bench and the
 * backbone's log line name it.
 *
 * @param model the CPU's model name, or {@code unknown}
 * @param vnni  whether it has VNNI; empty where the flags cannot be read (not Linux, or not x86)
 */
public record CpuFeatures(String model, Optional<Boolean> vnni) {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    /** This machine's. */
    public static CpuFeatures local() {
        try {
            return parse(Files.readString(CPUINFO));
        } catch (IOException | RuntimeException e) {
            return new CpuFeatures("unknown", Optional.empty());
        }
    }

    /** From the text of a {@code /proc/cpuinfo}; its first processor stands for all. */
    static CpuFeatures parse(String cpuinfo) {
        String model = "unknown";
        Set<String> flags = null;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (key.equals("model name") && model.equals("unknown")) {
                model = value;
            } else if (key.equals("flags") && flags == null) {
                flags = Arrays.stream(value.split("\\s+")).collect(Collectors.toSet());
            }
        }
        Optional<Boolean> vnni = flags == null
                ? Optional.empty()
                : Optional.of(flags.contains("avx512_vnni") || flags.contains("avx_vnni"));
        return new CpuFeatures(model, vnni);
    }

    /** For a log line or a bench header, e.g. {@code AMD EPYC, int8 VNNI no}. */
    public String describe() {
        return model + ", int8 VNNI "
                + vnni.map(v -> v ? "yes" : "no (exact int8 kernels are slower)")
                        .orElse("unknown");
    }
}
