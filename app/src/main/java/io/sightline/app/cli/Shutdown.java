package io.sightline.app.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocks a serving command until Ctrl-C (SIGINT/SIGTERM), then lets it close its resources in order. A stop
 * request also interrupts the command's thread while it is in work marked {@link #interruptOnStop()} (an ingest
 * waiting for its photos), so that it does not finish that work first. The JVM exits once the command closed
 * everything, or after {@link #GRACE_SECONDS} in any case: a stop must not hang on a close that never returns.
 */
final class Shutdown {
    private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);
    /** Under the 10 s that process supervisors (and users) give a stop before they SIGKILL. */
    static final long GRACE_SECONDS = 8;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread owner = Thread.currentThread();
    private boolean interruptible; // guarded by this: the hook must not interrupt a thread that is closing

    Shutdown() {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stop.countDown();
                            synchronized (this) {
                                if (interruptible) {
                                    owner.interrupt();
                                }
                            }
                            try {
                                if (!closed.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
                                    LOG.warn("Resources still closing after {} s; exiting anyway", GRACE_SECONDS);
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "sightline-shutdown"));
    }

    /** From now until {@link #stopInterrupting()}, Ctrl-C interrupts the thread that created this. */
    synchronized void interruptOnStop() {
        interruptible = true;
        if (requested()) {
            owner.interrupt();
        }
    }

    /**
     * Ends {@link #interruptOnStop()} and clears a pending interrupt, so that closing (Kafka Streams, Lucene's file
     * channels) runs on a thread that is not interrupted.
     */
    synchronized void stopInterrupting() {
        interruptible = false;
        Thread.interrupted();
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
