package io.sightline.trainer.cleaning;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a cleaning result: {@code .json} gets everything (kept with boxes, removed with reasons, label
 * summaries); any other name gets a TSV of the kept images, {@code image label x1 y1 x2 y2 partners}.
 */
public final class CuratedFiles {
    static final String TSV_HEADER = "image\tlabel\tx1\ty1\tx2\ty2\tverified_partners";

    private CuratedFiles() {}

    public static void write(Path file, CleaningResult result) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), result);
            } else {
                Files.write(file, tsv(result));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write curated list " + file, e);
        }
    }

    static List<String> tsv(CleaningResult result) {
        List<String> lines = new ArrayList<>();
        lines.add(TSV_HEADER);
        for (CuratedImage k : result.kept()) {
            Box b = k.box();
            lines.add(String.join(
                    "\t",
                    k.imageId(),
                    k.label(),
                    String.valueOf(b.x1()),
                    String.valueOf(b.y1()),
                    String.valueOf(b.x2()),
                    String.valueOf(b.y2()),
                    String.valueOf(k.verifiedPartners())));
        }
        return lines;
    }
}
