package io.sightline.app.node.generation;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers which published model this instance serves ({@code <work.dir>/generation.json}), so a restart serves
 * the same generation instead of the configured model. Written atomically (temporary file, then rename).
 */
public final class GenerationStore {
    private static final Logger LOG = LoggerFactory.getLogger(GenerationStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public GenerationStore(Path file) {
        this.file = file;
    }

    public Optional<GenerationSpec> load() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), GenerationSpec.class));
        } catch (IOException | RuntimeException e) {
            LOG.error("Ignoring unreadable {} (serving the configured model): {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    public void save(GenerationSpec spec) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), spec);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the current generation in " + file, e);
        }
    }
}
