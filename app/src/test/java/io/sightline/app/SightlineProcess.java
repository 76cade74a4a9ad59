package io.sightline.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real {@code sightline} JVM started from the test's class path, so it can be killed like a production one. */
final class SightlineProcess implements AutoCloseable {
    private final Process process;

    private SightlineProcess(Process process) {
        this.process = process;
    }

    /** Starts {@code io.sightline.app.Main args...} with {@code -D key=value} for every setting; output goes to {@code log}. */
    static SightlineProcess start(Map<String, String> settings, Path log, String... args) throws IOException {
        return start(settings, log, List.of("-Xmx2g"), args);
    }

    /** As {@link #start(Map, Path, String...)} with these JVM options (heap size, GC logging) instead of -Xmx2g. */
    static SightlineProcess start(Map<String, String> settings, Path log, List<String> jvmOptions, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-Dai.djl.offline=true"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath(), "io.sightline.app.Main"));
        command.addAll(List.of(args));
        settings.forEach((k, v) -> command.addAll(List.of("-D", k + "=" + v)));
        java.nio.file.Files.writeString(
                log,
                String.join(" ", command) + System.lineSeparator(),
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("SIGHTLINE_LOG_LEVEL", "INFO");
        return new SightlineProcess(builder.start());
    }

    /**
     * The packaged application's class path, as {@code ./sightline} runs it. Not the test's own: with the test class
     * path's jar order the child JVM died with SIGSEGV (exit 139, no hs_err file) while ONNX Runtime loaded the
     * model; the packaged layout does not, so the test runs what production runs.
     */
    private static String classPath() {
        String app = System.getProperty("sightline.app.dir");
        if (app == null) {
            throw new IllegalStateException("system property sightline.app.dir is not set (failsafe sets it)");
        }
        return Path.of(app, "target", "classes") + java.io.File.pathSeparator + Path.of(app, "target", "lib") + "/*";
    }

    /** Fails with the exit code if the process has died. */
    void assertAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("sightline process exited with code " + process.exitValue());
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM (what Ctrl-C and process supervisors send), then the exit code if it exits within {@code limit}. */
    int terminate(java.time.Duration limit) throws InterruptedException {
        process.destroy();
        return awaitExit(limit);
    }

    /** The exit code, or an {@link AssertionError} if the process is still running after {@code limit}. */
    int awaitExit(java.time.Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError("sightline process " + process.pid() + " still running after " + limit);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: the shutdown hook closes everything
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
