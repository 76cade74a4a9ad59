package io.sightline.eval;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * The revisited Oxford / Paris ground truth (Radenović et al., "Revisiting Oxford and Paris", CVPR 2018):
 * {@code gnd_roxford5k.pkl} / {@code gnd_rparis6k.pkl}, a Python pickle of a dict with {@code imlist} (the database
 * image names), {@code qimlist} (the query image names) and {@code gnd}, one dict per query with {@code bbx}
 * ({@code [x1, y1, x2, y2]}) and {@code easy}, {@code hard}, {@code junk} (indices into {@code imlist}).
 * <p>
 * Scored as the revisitop {@code compute_map}: Easy counts {@code easy} as positives and ignores {@code junk ∪ hard};
 * Medium counts {@code easy ∪ hard} and ignores {@code junk}; Hard counts {@code hard} and ignores
 * {@code junk ∪ easy}. A query without positives under a setting is left out of that setting's mean.
 *
 * @param images      {@code imlist}: the database, image names without extension
 * @param queryImages {@code qimlist}
 * @param queries     {@code gnd}, in the order of {@code qimlist}
 */
public record RevisitedGroundTruth(List<String> images, List<String> queryImages, List<Query> queries) {

    public RevisitedGroundTruth {
        images = List.copyOf(images);
        queryImages = List.copyOf(queryImages);
        queries = List.copyOf(queries);
        if (queries.size() != queryImages.size()) {
            throw new IllegalArgumentException("gnd has " + queries.size() + " queries, qimlist " + queryImages.size());
        }
        for (Query q : queries) {
            for (List<Integer> l : List.of(q.easy(), q.hard(), q.junk())) {
                for (int i : l) {
                    if (i < 0 || i >= images.size()) {
                        throw new IllegalArgumentException("query " + q.image() + ": index " + i + " outside imlist ("
                                + images.size() + " images)");
                    }
                }
            }
        }
    }

    /** One entry of {@code gnd}: the query image, its box and its labels as indices into {@code imlist}. */
    public record Query(
            String image,
            double x1,
            double y1,
            double x2,
            double y2,
            List<Integer> easy,
            List<Integer> hard,
            List<Integer> junk) {
        public Query {
            easy = List.copyOf(easy);
            hard = List.copyOf(hard);
            junk = List.copyOf(junk);
        }
    }

    /** The three settings of the protocol. */
    public enum Setting {
        EASY("E"),
        MEDIUM("M"),
        HARD("H");

        private final String tag;

        Setting(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }

        List<Integer> positives(Query q) {
            return switch (this) {
                case EASY -> q.easy();
                case MEDIUM -> concat(q.easy(), q.hard());
                case HARD -> q.hard();
            };
        }

        List<Integer> junk(Query q) {
            return switch (this) {
                case EASY -> concat(q.junk(), q.hard());
                case MEDIUM -> q.junk();
                case HARD -> concat(q.junk(), q.easy());
            };
        }

        private static List<Integer> concat(List<Integer> a, List<Integer> b) {
            List<Integer> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }
    }

    /** Reads a revisitop ground-truth pickle. */
    public static RevisitedGroundTruth load(Path pkl) throws IOException {
        try (InputStream in = Files.newInputStream(pkl)) {
            return read(in);
        } catch (IllegalArgumentException e) {
            throw new IOException(pkl + ": " + e.getMessage(), e);
        }
    }

    /** Reads a revisitop ground-truth pickle from a stream. */
    public static RevisitedGroundTruth read(InputStream in) throws IOException {
        Object root;
        try {
            root = new Unpickler().load(in);
        } catch (PickleException e) {
            throw new IOException(
                    "not a revisitop ground-truth pickle (plain lists and dicts expected): " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> dict)) {
            throw new IllegalArgumentException("expected a dict with imlist, qimlist and gnd, got " + typeOf(root));
        }
        List<String> imlist = strings(field(dict, "imlist"), "imlist");
        List<String> qimlist = strings(field(dict, "qimlist"), "qimlist");
        List<Object> gnd = list(field(dict, "gnd"), "gnd");
        List<Query> queries = new ArrayList<>(gnd.size());
        for (int i = 0; i < gnd.size(); i++) {
            if (!(gnd.get(i) instanceof Map<?, ?> g)) {
                throw new IllegalArgumentException("gnd[" + i + "]: expected a dict, got " + typeOf(gnd.get(i)));
            }
            String where = "gnd[" + i + "]";
            List<Double> bbx = numbers(field(g, "bbx"), where + ".bbx").stream()
                    .map(Number::doubleValue)
                    .toList();
            if (bbx.size() != 4) {
                throw new IllegalArgumentException(where + ".bbx: expected [x1, y1, x2, y2], got " + bbx);
            }
            String image = i < qimlist.size() ? qimlist.get(i) : "query_" + i;
            queries.add(new Query(
                    image,
                    bbx.get(0),
                    bbx.get(1),
                    bbx.get(2),
                    bbx.get(3),
                    indices(g, "easy", where),
                    indices(g, "hard", where),
                    indices(g, "junk", where)));
        }
        return new RevisitedGroundTruth(imlist, qimlist, queries);
    }

    /**
     * The queries as Oxford queries under one setting: named after their image ({@code _i} appended to a repeated
     * one), cropped to {@code bbx}, with that setting's positives and junk as image names.
     */
    public List<OxfordQuery> oxfordQueries(Setting setting) {
        List<OxfordQuery> out = new ArrayList<>(queries.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < queries.size(); i++) {
            Query q = queries.get(i);
            String name = seen.add(q.image()) ? q.image() : q.image() + "_" + i;
            out.add(new OxfordQuery(
                    name,
                    q.image(),
                    q.x1(),
                    q.y1(),
                    q.x2(),
                    q.y2(),
                    names(setting.positives(q)),
                    names(setting.junk(q))));
        }
        return out;
    }

    /**
     * Easy, Medium and Hard APs from one ranking of the database per query (by the names of
     * {@link #oxfordQueries}; the queries without a ranking are not scored). Each report holds only the queries
     * with positives under its setting, as revisitop leaves the others out of the mean.
     */
    public Map<Setting, EvalReport> score(Map<String, List<String>> rankings) {
        Map<Setting, EvalReport> out = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            List<QueryResult> results = new ArrayList<>();
            for (OxfordQuery q : oxfordQueries(s)) {
                List<String> ranking = rankings.get(q.name());
                if (ranking != null && !q.positives().isEmpty()) {
                    results.add(new QueryResult(q.name(), AveragePrecision.oxford(ranking, q.positives(), q.junk())));
                }
            }
            out.put(
                    s,
                    new EvalReport(
                            results,
                            results.stream()
                                    .mapToDouble(QueryResult::ap)
                                    .average()
                                    .orElse(Double.NaN)));
        }
        return out;
    }

    /** Ranks the database once for {@code subset} (the Medium queries, or some of them) and scores every setting. */
    public Map<Setting, EvalReport> evaluate(
            OxfordEvaluation.Descriptors descriptors, PostProcessing post, List<OxfordQuery> subset) {
        return score(descriptors.rank(post, subset));
    }

    private Set<String> names(List<Integer> indices) {
        Set<String> out = new HashSet<>();
        for (int i : indices) {
            out.add(images.get(i));
        }
        return out;
    }

    private static Object field(Map<?, ?> dict, String key) {
        if (!dict.containsKey(key)) {
            throw new IllegalArgumentException("no '" + key + "' in " + dict.keySet());
        }
        return dict.get(key);
    }

    private static List<Integer> indices(Map<?, ?> g, String key, String where) {
        // revisitop leaves 'junk' (and sometimes 'hard') out of some queries: absent means none.
        if (!g.containsKey(key) || g.get(key) == null) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (Number n : numbers(g.get(key), where + "." + key)) {
            out.add(Math.toIntExact(n.longValue()));
        }
        return out;
    }

    /** A Python list or tuple (Java list or Object[]), or an array.array (a primitive Java array). */
    private static List<Object> list(Object value, String where) {
        if (value instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        if (value != null && value.getClass().isArray()) {
            int n = Array.getLength(value);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(Array.get(value, i));
            }
            return out;
        }
        throw new IllegalArgumentException(where + ": expected a list, got " + typeOf(value));
    }

    private static List<Number> numbers(Object value, String where) {
        List<Number> out = new ArrayList<>();
        for (Object o : list(value, where)) {
            if (!(o instanceof Number n)) {
                throw new IllegalArgumentException(where + ": expected numbers, got " + typeOf(o));
            }
            out.add(n);
        }
        return out;
    }

    private static List<String> strings(Object value, String where) {
        List<String> out = new ArrayList<>();
        for (Object o : list(value, where)) {
            switch (o) {
                case String s -> out.add(s);
                case byte[] b -> out.add(new String(b, StandardCharsets.UTF_8));
                default -> throw new IllegalArgumentException(where + ": expected strings, got " + typeOf(o));
            }
        }
        return out;
    }

    private static String typeOf(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    /** For a report: the counts of images, queries and labels. */
    public Map<String, Integer> summary() {
        Map<String, Integer> out = new LinkedHashMap<>();
        out.put("images", images.size());
        out.put("queries", queries.size());
        out.put("easy", queries.stream().mapToInt(q -> q.easy().size()).sum());
        out.put("hard", queries.stream().mapToInt(q -> q.hard().size()).sum());
        out.put("junk", queries.stream().mapToInt(q -> q.junk().size()).sum());
        return out;
    }
}
