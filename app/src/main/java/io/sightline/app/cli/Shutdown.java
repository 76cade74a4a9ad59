package io.sightline.app.cli;

import java.util.concurrent.CountDownLatch;

/** Blocks a serving command until Ctrl-C (SIGINT/SIGTERM), then lets it close its resources in order. */
final class Shutdown {
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    Shutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sightline-shutdown"));
    }

    /** Waits for Ctrl-C. */
    void await() {
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether Ctrl-C was pressed (for commands that poll rather than block). */
    boolean requested() {
        return stop.getCount() == 0;
    }

    /** Tells the shutdown hook that resources are closed, so the JVM may halt. */
    void closed() {
        closed.countDown();
    }
}
