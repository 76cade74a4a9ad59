package io.sightline.app.node.generation;

import io.sightline.app.config.SightlineConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a generation lives. The configured model (no publication) keeps the base names, so an existing deployment
 * is its own first generation: {@code <application.id>-extract|index}, {@code images.descriptors},
 * {@code <work.dir>/streams}. A published model gets suffixed ones: {@code <application.id>-<slug>-extract|index},
 * {@code images.descriptors.<slug>}, {@code <work.dir>/generations/<slug>/streams}.
 */
public final class GenerationLayout {
    static final String GENERATIONS_DIR = "generations";

    private GenerationLayout() {}

    /** The configuration a generation's extraction and Streams applications run with. */
    public static SightlineConfig configFor(SightlineConfig base, Optional<GenerationSpec> spec) {
        if (spec.isEmpty()) {
            return base;
        }
        GenerationSpec s = spec.get();
        Map<String, Object> values = new HashMap<>(base.originals());
        values.put(SightlineConfig.APPLICATION_ID, base.getString(SightlineConfig.APPLICATION_ID) + "-" + s.slug());
        values.put(
                SightlineConfig.TOPIC_DESCRIPTORS, base.getString(SightlineConfig.TOPIC_DESCRIPTORS) + "." + s.slug());
        values.put(SightlineConfig.WORK_DIR, directory(base, spec).toString());
        values.put(SightlineConfig.MODEL_BUNDLE, s.bundlePath().toString());
        return new SightlineConfig(values, base.root());
    }

    /** The directory that holds the generation's local state (and only it, for published generations). */
    public static Path directory(SightlineConfig base, Optional<GenerationSpec> spec) {
        Path work = base.path(SightlineConfig.WORK_DIR);
        return spec.map(s -> work.resolve(GENERATIONS_DIR).resolve(s.slug())).orElse(work.resolve("streams"));
    }

    /** Where the version currently served is recorded. */
    static Path currentFile(SightlineConfig base) {
        return base.path(SightlineConfig.WORK_DIR).resolve("generation.json");
    }

    /** The consumer group of the generation's extraction application (Streams: application.id). */
    static String extractGroup(SightlineConfig generationConfig) {
        return generationConfig.getString(SightlineConfig.APPLICATION_ID) + "-extract";
    }

    /** The consumer group of the generation's index application. */
    static String indexGroup(SightlineConfig generationConfig) {
        return generationConfig.getString(SightlineConfig.APPLICATION_ID) + "-index";
    }
}
