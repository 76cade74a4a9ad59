package io.sightline.app.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/**
 * Every configuration key of Sightline, with its type, default and documentation, in one place (Kafka's
 * {@link ConfigDef}). Values come, lowest precedence first, from the defaults, a properties file
 * ({@code --config FILE}), environment variables ({@code SIGHTLINE_} + the key upper-cased with dots as
 * underscores, e.g. {@code SIGHTLINE_BOOTSTRAP_SERVERS}) and command-line options.
 * {@code ./sightline config} prints this table.
 */
public final class SightlineConfig extends AbstractConfig {
    public static final String ENV_PREFIX = "SIGHTLINE_";

    // Kafka and the schema registry
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_BASIC_AUTH = "schema.registry.basic.auth.user.info";
    public static final String SCHEMA_REGISTRY_BEARER_TOKEN = "schema.registry.bearer.auth.token";
    public static final String SCHEMA_REGISTRY_PORT = "schema.registry.port";
    public static final String APPLICATION_ID = "application.id";
    public static final String APPLICATION_SERVER = "application.server";
    public static final String STREAM_THREADS = "num.stream.threads";
    public static final String INDEX_STREAM_THREADS = "index.num.stream.threads";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String KAFKA_PORT = "embedded.kafka.port";
    // Topics
    public static final String TOPIC_UPLOADED = "topic.uploaded";
    public static final String TOPIC_DESCRIPTORS = "topic.descriptors";
    public static final String TOPIC_DLQ = "topic.dlq";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_REPLICATION = "topic.replication.factor";
    public static final String TOPIC_MAX_MESSAGE_BYTES = "topic.max.message.bytes";
    // Extraction
    public static final String MODEL_PATH = "model.path";
    public static final String MODEL_BUNDLE = "model.bundle";
    public static final String MODEL_LAYER = "model.layer";
    public static final String MODEL_SESSIONS = "model.sessions";
    public static final String MODEL_INTRA_OP_THREADS = "model.intra.op.threads";
    public static final String LONGEST_SIDE = "extract.longest.side";
    public static final String RMAC_LEVELS = "rmac.levels";
    public static final String IMAGE_MAX_BYTES = "image.max.bytes";
    public static final String IMAGE_MAX_PIXELS = "image.max.pixels";
    public static final String FETCH_CONNECT_TIMEOUT_MS = "fetch.connect.timeout.ms";
    public static final String FETCH_READ_TIMEOUT_MS = "fetch.read.timeout.ms";
    public static final String FETCH_FILE_ROOTS = "fetch.file.roots";
    public static final String FETCH_ALLOW_PRIVATE = "fetch.allow.private.addresses";
    // Index and search
    public static final String INDEX_VECTOR_FORMAT = "index.vector.format";
    public static final String HTTP_HOST = "http.host";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_MAX_UPLOAD_BYTES = "http.max.upload.bytes";
    public static final String SEARCH_DEFAULT_K = "search.default.k";
    public static final String SEARCH_MAX_K = "search.max.k";
    public static final String SEARCH_QUERY_EXPANSION = "search.query.expansion";
    // Local state
    public static final String WORK_DIR = "work.dir";
    // Trainer service (docs/decisions/015); the two topic keys are main's, with the same names and defaults.
    public static final String TOPIC_LANDMARKS_CURATED = "topic.landmarks.curated";
    public static final String TOPIC_MODELS = "topic.models";
    public static final String TRAINER_MIN_NEW_IMAGES = "trainer.min.new.images";
    public static final String TRAINER_INTERVAL_MS = "trainer.interval.ms";
    public static final String TRAINER_LEVEL = "trainer.level";
    public static final String TRAINER_EPOCHS = "trainer.epochs";
    public static final String TRAINER_EVAL_IMAGES = "trainer.eval.images";
    public static final String TRAINER_EVAL_GT = "trainer.eval.gt";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, "", Importance.HIGH,
                    "Kafka bootstrap servers. Empty: 'demo' starts an embedded KRaft broker; other commands need it.")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, "", Importance.HIGH,
                    "URL of a Confluent-API schema registry. Empty: 'demo' starts the embedded one.")
            .define(SCHEMA_REGISTRY_BASIC_AUTH, Type.PASSWORD, null, Importance.LOW,
                    "user:password for HTTP basic auth against the registry.")
            .define(SCHEMA_REGISTRY_BEARER_TOKEN, Type.PASSWORD, null, Importance.LOW,
                    "Bearer token for the registry (instead of basic auth).")
            .define(SCHEMA_REGISTRY_PORT, Type.INT, 8081, Range.between(0, 65535), Importance.LOW,
                    "Port of the embedded registry ('demo', 'registry'); 0 picks a free one.")
            .define(APPLICATION_SERVER, Type.STRING, "", Importance.MEDIUM,
                    "host:port this instance advertises to the others for search fan-out.")
            .define(APPLICATION_ID, Type.STRING, "sightline", Importance.HIGH,
                    "Prefix of the Kafka Streams application ids: ID-extract (uploads to descriptors) and ID-index "
                            + "(descriptors to shards). Instances with the same id share the partitions.")
            .define(STREAM_THREADS, Type.INT, 0, Range.atLeast(0),
                    Importance.MEDIUM, "Extraction threads (Kafka Streams threads of ID-extract); 0 = one per core.")
            .define(INDEX_STREAM_THREADS, Type.INT, 1, Range.atLeast(1), Importance.LOW,
                    "Kafka Streams threads of ID-index; indexing is cheap, one is usually enough.")
            .define(PROCESSING_GUARANTEE, Type.STRING, "exactly_once_v2",
                    ValidString.in("exactly_once_v2", "at_least_once"), Importance.MEDIUM,
                    "Kafka Streams processing guarantee. With exactly_once_v2 a descriptor or dead letter is published "
                            + "exactly once per upload, even across crashes.")
            .define(COMMIT_INTERVAL_MS, Type.LONG, 100L, Range.atLeast(10), Importance.LOW,
                    "How often Kafka Streams commits (Lucene shards first, then offsets). Under exactly_once_v2 a "
                            + "descriptor reaches the index only after this commit, so it bounds search latency.")
            .define(KAFKA_PORT, Type.INT, 9092, Range.between(0, 65535), Importance.LOW,
                    "Port of the embedded broker ('demo'); 0 picks a free one.")
            .define(TOPIC_UPLOADED, Type.STRING, "images.uploaded", Importance.MEDIUM, "Upload events.")
            .define(TOPIC_DESCRIPTORS, Type.STRING, "images.descriptors", Importance.MEDIUM,
                    "Descriptors (compacted): the source of truth the index is built from.")
            .define(TOPIC_DLQ, Type.STRING, "images.dlq", Importance.MEDIUM, "Dead letters, with stage and reason.")
            .define(TOPIC_PARTITIONS, Type.INT, 4, Range.atLeast(1), Importance.MEDIUM,
                    "Partitions of the topics Sightline creates: the unit of parallelism and of index shards.")
            .define(TOPIC_REPLICATION, Type.SHORT, (short) 1, Importance.MEDIUM,
                    "Replication factor of the topics Sightline creates.")
            .define(TOPIC_MAX_MESSAGE_BYTES, Type.INT, 16 << 20, Range.atLeast(1 << 20), Importance.LOW,
                    "max.message.bytes of images.uploaded, so inline images up to this size fit.")
            .define(MODEL_PATH, Type.STRING, "../shared/models/mobilenetv2-12-int8-features.onnx", Importance.HIGH,
                    "Backbone ONNX file; relative paths are resolved against the repository root.")
            .define(MODEL_BUNDLE, Type.STRING, "", Importance.HIGH,
                    "A model bundle (directory or zip, made by './sightline fit'); it then decides backbone, head, "
                            + "scales and whitening, and model.path/model.layer/rmac.levels/extract.longest.side are ignored. "
                            + "Empty: R-MAC on model.layer of model.path, the best configuration measured.")
            .define(MODEL_LAYER, Type.STRING, "features_17", Importance.MEDIUM, "Backbone output pooled into the descriptor.")
            .define(MODEL_SESSIONS, Type.INT, 0, Range.atLeast(0),
                    Importance.LOW, "Inference sessions kept open (one per concurrent caller); 0 = one per core.")
            .define(MODEL_INTRA_OP_THREADS, Type.INT, 1, Range.atLeast(0), Importance.LOW,
                    "ONNX Runtime intra-op threads per inference; 0 = ONNX Runtime's default (one per core). The "
                            + "default 1 runs each inference on its caller's thread: parallelism comes from the extraction "
                            + "threads, which then do not oversubscribe the cores (bare backbone 63 vs 49 images/s on 2 cores).")
            .define(LONGEST_SIDE, Type.INT, 512, Range.between(32, 4096), Importance.HIGH,
                    "Images are resized so their longest side is this many pixels before the backbone.")
            .define(RMAC_LEVELS, Type.INT, 3, Range.between(1, 6), Importance.MEDIUM, "R-MAC region grid levels (L).")
            .define(IMAGE_MAX_BYTES, Type.LONG, 32L << 20, Range.atLeast(1), Importance.MEDIUM,
                    "Largest encoded image accepted, inline or fetched.")
            .define(IMAGE_MAX_PIXELS, Type.LONG, 50_000_000L, Range.atLeast(1), Importance.MEDIUM,
                    "Largest width x height decoded (checked from the header: decompression bombs).")
            .define(FETCH_CONNECT_TIMEOUT_MS, Type.INT, 5000, Range.atLeast(1), Importance.LOW,
                    "Connect timeout when fetching http(s) sources.")
            .define(FETCH_READ_TIMEOUT_MS, Type.INT, 20000, Range.atLeast(1), Importance.LOW,
                    "Whole-request timeout when fetching http(s) sources.")
            .define(FETCH_FILE_ROOTS, Type.LIST, "", Importance.MEDIUM,
                    "Folders file:// sources may be read from (comma-separated); empty refuses file:// (the demo adds "
                            + "its image folder). Paths are normalised and symlinks resolved before the check.")
            .define(FETCH_ALLOW_PRIVATE, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Allow http(s) sources on loopback, private, link-local and multicast addresses (checked after DNS "
                            + "resolution, on every redirect). Off: no server-side request forgery into your network.")
            .define(INDEX_VECTOR_FORMAT, Type.STRING, "HNSW_INT8", ValidString.in("HNSW_INT8", "HNSW_FLOAT"),
                    Importance.MEDIUM, "Vector format of the Lucene shards.")
            .define(HTTP_HOST, Type.STRING, "127.0.0.1", Importance.MEDIUM, "Address the HTTP API binds to.")
            .define(HTTP_PORT, Type.INT, 8080, Range.between(0, 65535), Importance.MEDIUM,
                    "Port of the HTTP API; 0 picks a free one.")
            .define(HTTP_MAX_UPLOAD_BYTES, Type.LONG, 16L << 20, Range.atLeast(1), Importance.LOW,
                    "Largest query image accepted by POST /v1/search.")
            .define(SEARCH_DEFAULT_K, Type.INT, 10, Range.atLeast(1), Importance.LOW, "Results when k is not given.")
            .define(SEARCH_QUERY_EXPANSION, Type.STRING, "alpha:5:3", Importance.MEDIUM,
                    "Query expansion of POST /v1/search: none, avg:K or alpha:K:ALPHA (the default is the best measured "
                            + "with ./sightline eval).")
            .define(SEARCH_MAX_K, Type.INT, 1000, Range.atLeast(1), Importance.LOW, "Largest k accepted.")
            .define(WORK_DIR, Type.STRING, ".work", Importance.MEDIUM,
                    "Local state (broker log, Kafka Streams state and Lucene shards); relative to the repository root.")
            .define(TOPIC_LANDMARKS_CURATED, Type.STRING, "landmarks.curated", Importance.LOW,
                    "Images that survived cleaning, with their box (compacted, keyed by image id).")
            .define(TOPIC_MODELS, Type.STRING, "models.published", Importance.MEDIUM,
                    "Published model bundles (compacted, key = version); each new version starts an index generation.")
            .define(TRAINER_MIN_NEW_IMAGES, Type.INT, 50, Range.atLeast(1), Importance.MEDIUM,
                    "Trainer service: retrain once at least this many curated images were added, changed or deleted since the last run.")
            .define(TRAINER_INTERVAL_MS, Type.LONG, 86_400_000L, Range.atLeast(1), Importance.MEDIUM,
                    "Trainer service: also retrain this long after the last run if anything changed at all.")
            .define(TRAINER_LEVEL, Type.STRING, "head", ValidString.in("head", "backbone"), Importance.MEDIUM,
                    "Trainer service: what a run trains (head: R-MAC head on the frozen backbone; backbone: fine-tuned with it).")
            .define(TRAINER_EPOCHS, Type.INT, 0, Range.atLeast(0), Importance.LOW,
                    "Trainer service: epochs per run; 0 = the level's default (10 head, 2 backbone).")
            .define(TRAINER_EVAL_IMAGES, Type.STRING, "../shared/data/paris6k_subset/images", Importance.MEDIUM,
                    "Trainer service: images of the evaluation set a candidate is scored on (queries whose image it trained on are left out).")
            .define(TRAINER_EVAL_GT, Type.STRING, "../shared/data/paris6k_subset/gt", Importance.MEDIUM,
                    "Trainer service: Oxford-format ground truth of the evaluation set.");

    private final Path root;

    public SightlineConfig(Map<String, ?> values, Path root) {
        super(DEFINITION, values, false);
        this.root = root;
    }

    /** Defaults, overridden by {@code SIGHTLINE_*} variables, overridden by {@code overrides}. */
    public static SightlineConfig load(Map<String, String> fileValues, Map<String, String> env,
                                       Map<String, String> overrides, Path root) {
        Map<String, Object> values = new HashMap<>(fileValues);
        for (String key : DEFINITION.names()) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                values.put(key, fromEnv);
            }
        }
        values.putAll(overrides);
        return new SightlineConfig(values, root);
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** A path-valued key resolved against the repository root. */
    public Path path(String key) {
        return root.resolve(getString(key)).normalize();
    }

    /** A thread-count key, where 0 means one per available core. */
    public int threads(String key) {
        int value = getInt(key);
        return value > 0 ? value : Runtime.getRuntime().availableProcessors();
    }

    public Path root() {
        return root;
    }

    /** The keys, defaults and docs as a Markdown table, for README.md and {@code ./sightline config}. */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder("| key | env | default | doc |\n|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : DEFINITION.configKeys().values()) {
            Object def = key.defaultValue;
            String shown = def == null ? "" : String.valueOf(def);
            out.append("| `").append(key.name).append("` | `").append(envName(key.name)).append("` | `")
                    .append(shown).append("` | ").append(key.documentation).append(" |\n");
        }
        return out.toString();
    }
}
