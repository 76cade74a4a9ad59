package io.sightline.trainer.cleaning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a labels file: one {@code image<TAB>label} per line, where image is a file name in the image folder
 * (with or without its extension). Blank lines and lines starting with {@code #} are skipped. Every problem is
 * reported with its line number; all of them at once, so that a long file is fixed in one go.
 */
public final class LabelsFile {
    private LabelsFile() {}

    public static List<LabelledItem> read(Path file) {
        try {
            return parse(file.toString(), Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read labels file " + file, e);
        }
    }

    /** Parses the lines of {@code name}; throws {@link LabelsFileException} listing every bad line. */
    public static List<LabelledItem> parse(String name, List<String> lines) {
        List<LabelledItem> items = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int number = i + 1;
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length != 2) {
                errors.add("line " + number + ": expected 'image<TAB>label', found " + fields.length
                        + " tab-separated field" + (fields.length == 1 ? "" : "s") + ": '" + abbreviate(line) + "'");
                continue;
            }
            String image = fields[0].strip();
            String label = fields[1].strip();
            if (image.isEmpty() || label.isEmpty()) {
                errors.add("line " + number + ": empty " + (image.isEmpty() ? "image" : "label") + ": '"
                        + abbreviate(line) + "'");
                continue;
            }
            Integer previous = firstLine.putIfAbsent(image, number);
            if (previous != null) {
                errors.add("line " + number + ": image '" + image + "' already labelled on line " + previous);
                continue;
            }
            items.add(new LabelledItem(image, label));
        }
        if (!errors.isEmpty()) {
            throw new LabelsFileException(name + ": " + errors.size() + " bad line" + (errors.size() == 1 ? "" : "s")
                    + ":\n  " + String.join("\n  ", errors));
        }
        if (items.isEmpty()) {
            throw new LabelsFileException(name + ": no 'image<TAB>label' lines");
        }
        return items;
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
