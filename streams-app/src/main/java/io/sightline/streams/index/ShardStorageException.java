package io.sightline.streams.index;

import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * An index shard cannot be opened or written (directory not writable, disk full). Not any record's fault and not
 * transient: the index application stops rather than retrying forever, and the offsets of what was not written stay
 * uncommitted, so nothing is lost once the directory is fixed (docs/decisions/011).
 */
public final class ShardStorageException extends UncheckedIOException {
    private final Path directory;

    public ShardStorageException(Path directory, String what, UncheckedIOException cause) {
        super(
                "index shard directory " + directory + ": " + what
                        + " (check that it is a writable directory with free " + "space): " + cause.getMessage(),
                cause.getCause());
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }
}
