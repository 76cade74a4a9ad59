package io.sightline.eval;

import io.sightline.expansion.AlphaQueryExpansion;
import io.sightline.expansion.AverageQueryExpansion;
import io.sightline.expansion.DatabaseAugmentation;
import io.sightline.expansion.QueryExpansion;
import java.util.Locale;
import java.util.Optional;

/**
 * What is done to descriptors after extraction: database-side augmentation of the indexed vectors and query
 * expansion. Parsed from the command line as {@code --qe none|avg:K|alpha:K:ALPHA} and {@code --dba none|K:ALPHA}.
 */
public record PostProcessing(QueryExpansion queryExpansion, Optional<DatabaseAugmentation> augmentation) {
    /** The best setting measured on paris6k_subset (see retrieval-core/docs/descriptor-study.md). */
    public static PostProcessing best() {
        return new PostProcessing(new AlphaQueryExpansion(5, 3), Optional.of(new DatabaseAugmentation(5, 3)));
    }

    public static PostProcessing none() {
        return new PostProcessing(QueryExpansion.none(), Optional.empty());
    }

    public static QueryExpansion parseQueryExpansion(String spec) {
        String[] parts = spec.toLowerCase(Locale.ROOT).split(":");
        return switch (parts[0]) {
            case "none" -> QueryExpansion.none();
            case "avg" -> new AverageQueryExpansion(Integer.parseInt(arg(parts, 1, spec)));
            case "alpha" -> new AlphaQueryExpansion(Integer.parseInt(arg(parts, 1, spec)),
                    Double.parseDouble(arg(parts, 2, spec)));
            default -> throw new IllegalArgumentException("query expansion '" + spec
                    + "': expected none, avg:K or alpha:K:ALPHA");
        };
    }

    public static Optional<DatabaseAugmentation> parseAugmentation(String spec) {
        if (spec.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        String[] parts = spec.split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("database augmentation '" + spec + "': expected none or K:ALPHA");
        }
        return Optional.of(new DatabaseAugmentation(Integer.parseInt(parts[0]), Double.parseDouble(parts[1])));
    }

    private static String arg(String[] parts, int i, String spec) {
        if (parts.length <= i) {
            throw new IllegalArgumentException("query expansion '" + spec + "' is missing a parameter");
        }
        return parts[i];
    }

    /** E.g. {@code dba5a3+aqe5a3}, for reports. */
    public String name() {
        return augmentation.map(d -> d.name() + "+").orElse("") + queryExpansion.name();
    }
}
