package io.sightline.app.node;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Closing what a component opened, newest first, so nothing outlives what it depends on. */
final class Resources {
    private Resources() {}

    /** Closes every resource in reverse order of opening, clears the list, and reports all failures as one. */
    static void closeAll(List<AutoCloseable> opened, String what) {
        List<AutoCloseable> reversed = new ArrayList<>(opened);
        Collections.reverse(reversed);
        RuntimeException failure = null;
        for (AutoCloseable resource : reversed) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing " + what + " failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        opened.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
