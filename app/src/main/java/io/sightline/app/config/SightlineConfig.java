package io.sightline.app.config;

import io.sightline.data.DatasetLocations;
import io.sightline.eval.PostProcessing;
import io.sightline.verify.CellFeatures;
import io.sightline.verify.RerankParams;
import io.sightline.verify.ShortlistVerification;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
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
    public static final String TOPIC_MATCHES = "topic.matches";
    public static final String MATCHES_PUBLISH = "matches.publish";
    public static final String TOPIC_LANDMARKS_RAW = "topic.landmarks.raw";
    public static final String TOPIC_LANDMARKS_CURATED = "topic.landmarks.curated";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_REPLICATION = "topic.replication.factor";
    public static final String TOPIC_MAX_MESSAGE_BYTES = "topic.max.message.bytes";
    // Extraction
    public static final String MODEL_PATH = "model.path";
    public static final String MODEL_BUNDLE = "model.bundle";
    public static final String MODEL_LAYER = "model.layer";
    public static final String MODEL_SESSIONS = "model.sessions";
    public static final String MODEL_INTRA_OP_THREADS = "model.intra.op.threads";
    public static final String MODEL_ORT_OPTIONS = "model.ort.options";
    public static final String MODEL_DEVICE = "model.device";
    public static final String MODEL_GPU_ID = "model.gpu.id";
    public static final String LONGEST_SIDE = "extract.longest.side";
    public static final String RMAC_LEVELS = "rmac.levels";
    public static final String EXTRACT_SCALES = "extract.scales";
    public static final String EXTRACT_WHITENING = "extract.whitening";
    public static final String EXTRACT_LOCAL_LAYER = "extract.local.layer";
    public static final String EXTRACT_LOCAL_KEYPOINTS = "extract.local.keypoints";
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
    public static final String SEARCH_DBA = "search.dba";
    public static final String SEARCH_DBA_SHORTLIST = "search.dba.shortlist";
    public static final String SEARCH_SUPERGLOBAL = "search.superglobal";
    public static final String SEARCH_MATCH_DUPLICATE = "search.match.duplicate";
    public static final String SEARCH_MATCH_NEAR_DUPLICATE = "search.match.near.duplicate";
    public static final String SEARCH_MATCH_SAME_PLACE = "search.match.same.place";
    public static final String SEARCH_MATCH_COPY_INLIERS = "search.match.copy.inliers";
    public static final String SEARCH_VERIFY = "search.verify";
    public static final String SEARCH_VERIFY_MIN_INLIERS = "search.verify.min.inliers";
    public static final String SEARCH_VERIFY_INLIER_CAP = "search.verify.inlier.cap";
    public static final String SEARCH_VERIFY_WEIGHT = "search.verify.weight";
    public static final String HTTP_API_KEYS = "http.api.keys";
    public static final String HTTP_CORS_ORIGINS = "http.cors.origins";
    // Scale-out
    public static final String SEARCH_FANOUT_TIMEOUT_MS = "search.fanout.timeout.ms";
    public static final String INDEX_SESSION_TIMEOUT_MS = "index.session.timeout.ms";
    public static final String INDEX_COMMIT_INTERVAL_MS = "index.commit.interval.ms";
    public static final String INDEX_REFRESH_INTERVAL_MS = "index.refresh.interval.ms";
    public static final String EXTRACT_BATCH_SIZE = "extract.batch.size";
    public static final String EXTRACT_BATCH_MAX_WAIT_MS = "extract.batch.max.wait.ms";
    public static final String EXTRACT_LOADER_THREADS = "extract.loader.threads";
    // Local state
    public static final String WORK_DIR = "work.dir";
    // Model generations (docs/decisions/013)
    public static final String TOPIC_MODELS = "topic.models";
    public static final String GENERATION_GRACE_MS = "generation.grace.ms";
    public static final String GENERATION_CATCHUP_POLL_MS = "generation.catchup.poll.ms";
    // Reliability and security: registry retries, Kafka client settings passed through (docs/decisions/011)
    public static final String SCHEMA_REGISTRY_TIMEOUT_MS = "schema.registry.timeout.ms";
    public static final String SCHEMA_REGISTRY_RETRIES = "schema.registry.retries";
    public static final String SCHEMA_REGISTRY_RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    public static final String IMAGE_DECODE_MAX_SIDE = "image.decode.max.side";
    public static final String IMAGE_MAX_PIXELS_WEBP = "image.max.pixels.webp";
    public static final String IMAGE_TURBOJPEG_JAR = "image.turbojpeg.jar";
    public static final String IMAGE_DCT_SCALING = "image.decode.dct.scaling";
    /** Settings under this prefix go, without it, to every Kafka client: security.protocol, ssl.*, sasl.*, ... */
    public static final String KAFKA_CLIENT_PREFIX = "kafka.";
    // Trainer service (docs/decisions/015)
    public static final String TRAINER_MIN_NEW_IMAGES = "trainer.min.new.images";
    public static final String TRAINER_INTERVAL_MS = "trainer.interval.ms";
    public static final String TRAINER_LEVEL = "trainer.level";
    public static final String TRAINER_SOURCE = "trainer.source";
    public static final String TRAINER_EPOCHS = "trainer.epochs";
    public static final String TRAINER_EVAL_IMAGES = "trainer.eval.images";
    public static final String TRAINER_EVAL_GT = "trainer.eval.gt";
    public static final String DATA_PARIS = "data.paris";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    BOOTSTRAP_SERVERS,
                    Type.STRING,
                    "",
                    Importance.HIGH,
                    "Kafka bootstrap servers. Empty: 'demo' starts an embedded KRaft broker; other commands need it.")
            .define(
                    SCHEMA_REGISTRY_URL,
                    Type.STRING,
                    "",
                    Importance.HIGH,
                    "URL of a Confluent-API schema registry. Empty: 'demo' starts the embedded one.")
            .define(
                    SCHEMA_REGISTRY_BASIC_AUTH,
                    Type.PASSWORD,
                    null,
                    Importance.LOW,
                    "user:password for HTTP basic auth against the registry.")
            .define(
                    SCHEMA_REGISTRY_BEARER_TOKEN,
                    Type.PASSWORD,
                    null,
                    Importance.LOW,
                    "Bearer token for the registry (instead of basic auth).")
            .define(
                    SCHEMA_REGISTRY_PORT,
                    Type.INT,
                    8081,
                    Range.between(0, 65535),
                    Importance.LOW,
                    "Port of the embedded registry ('demo', 'registry'); 0 picks a free one.")
            .define(
                    APPLICATION_SERVER,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "host:port this instance advertises to the others for search fan-out.")
            .define(
                    APPLICATION_ID,
                    Type.STRING,
                    "sightline",
                    Importance.HIGH,
                    "Prefix of the Kafka Streams application ids: ID-extract (uploads to descriptors) and ID-index "
                            + "(descriptors to shards). Instances with the same id share the partitions.")
            .define(
                    STREAM_THREADS,
                    Type.INT,
                    0,
                    Range.atLeast(0),
                    Importance.MEDIUM,
                    "Extraction threads (Kafka Streams threads of ID-extract); 0 = one per core.")
            .define(
                    INDEX_STREAM_THREADS,
                    Type.INT,
                    1,
                    Range.atLeast(1),
                    Importance.LOW,
                    "Kafka Streams threads of ID-index; indexing is cheap, one is usually enough.")
            .define(
                    PROCESSING_GUARANTEE,
                    Type.STRING,
                    "exactly_once_v2",
                    ValidString.in("exactly_once_v2", "at_least_once"),
                    Importance.MEDIUM,
                    "Kafka Streams processing guarantee. With exactly_once_v2 a descriptor or dead letter is published "
                            + "exactly once per upload, even across crashes.")
            .define(
                    COMMIT_INTERVAL_MS,
                    Type.LONG,
                    300L,
                    Range.atLeast(10),
                    Importance.LOW,
                    "How often the extract application commits its transaction. Under exactly_once_v2 a descriptor "
                            + "reaches the index only after this commit, so it adds up to this much to search "
                            + "latency; each commit is a broker transaction, so a shorter interval costs CPU under "
                            + "load (docs/decisions/042).")
            .define(
                    KAFKA_PORT,
                    Type.INT,
                    9092,
                    Range.between(0, 65535),
                    Importance.LOW,
                    "Port of the embedded broker ('demo'); 0 picks a free one.")
            .define(TOPIC_UPLOADED, Type.STRING, "images.uploaded", Importance.MEDIUM, "Upload events.")
            .define(
                    TOPIC_DESCRIPTORS,
                    Type.STRING,
                    "images.descriptors",
                    Importance.MEDIUM,
                    "Descriptors (compacted): the source of truth the index is built from.")
            .define(TOPIC_DLQ, Type.STRING, "images.dlq", Importance.MEDIUM, "Dead letters, with stage and reason.")
            .define(
                    TOPIC_MATCHES,
                    Type.STRING,
                    "images.matches",
                    Importance.LOW,
                    "Copy detection (matches.publish): new images that verify against an indexed image at the "
                            + "duplicate or near-duplicate level.")
            .define(
                    MATCHES_PUBLISH,
                    Type.BOOLEAN,
                    false,
                    Importance.LOW,
                    "Look every new image up in the whole index and publish to topic.matches when it copies an "
                            + "indexed one (raw similarity at search.match.near.duplicate or above and at least "
                            + "search.verify.min.inliers inliers); costs one verified search per new image on the "
                            + "index role.")
            .define(
                    TOPIC_LANDMARKS_RAW,
                    Type.STRING,
                    "landmarks.raw",
                    Importance.LOW,
                    "Noisy labelled landmark images (LabelledImage) that 'clean --from-topic' cleans.")
            .define(
                    TOPIC_LANDMARKS_CURATED,
                    Type.STRING,
                    "landmarks.curated",
                    Importance.LOW,
                    "Images that survived cleaning, with their box (compacted, keyed by image id).")
            .define(
                    TOPIC_PARTITIONS,
                    Type.INT,
                    4,
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    "Partitions of the topics Sightline creates: the unit of parallelism and of index shards.")
            .define(
                    TOPIC_REPLICATION,
                    Type.SHORT,
                    (short) 1,
                    Importance.MEDIUM,
                    "Replication factor of the topics Sightline creates.")
            .define(
                    TOPIC_MAX_MESSAGE_BYTES,
                    Type.INT,
                    16 << 20,
                    Range.atLeast(1 << 20),
                    Importance.LOW,
                    "max.message.bytes of images.uploaded, so inline images up to this size fit.")
            .define(
                    MODEL_PATH,
                    Type.STRING,
                    DatasetLocations.BACKBONE_ONNX,
                    Importance.HIGH,
                    "Backbone ONNX file; relative paths are resolved against the repository root. The default ships with the repository.")
            .define(
                    MODEL_BUNDLE,
                    Type.STRING,
                    "",
                    Importance.HIGH,
                    "A model bundle (directory or zip, made by './sightline fit'); it then decides backbone, head, "
                            + "scales and whitening, and model.path/model.layer/rmac.levels/extract.longest.side are ignored. "
                            + "Empty: R-MAC on model.layer of model.path, the best configuration measured.")
            .define(
                    MODEL_LAYER,
                    Type.STRING,
                    "features_17",
                    Importance.MEDIUM,
                    "Backbone output pooled into the descriptor.")
            .define(
                    MODEL_SESSIONS,
                    Type.INT,
                    0,
                    Range.atLeast(0),
                    Importance.LOW,
                    "Inference sessions kept open (one per concurrent caller); 0 = one per core.")
            .define(
                    MODEL_ORT_OPTIONS,
                    Type.LIST,
                    "",
                    Importance.LOW,
                    "More ONNX Runtime session options as key=value (DJL's names): interOpNumThreads, optLevel "
                            + "(NO_OPT, BASIC_OPT, EXTENDED_OPT, ALL_OPT), executionMode (SEQUENTIAL, PARALLEL), "
                            + "cpuArenaAllocator, memoryPatternOptimization. Empty: ONNX Runtime's defaults.")
            .define(
                    MODEL_INTRA_OP_THREADS,
                    Type.INT,
                    1,
                    Range.atLeast(0),
                    Importance.LOW,
                    "ONNX Runtime intra-op threads per inference; 0 = ONNX Runtime's default (one per core). The "
                            + "default 1 runs each inference on its caller's thread: parallelism comes from the extraction "
                            + "threads, which then do not oversubscribe the cores (bare backbone 63 vs 49 images/s on 2 cores).")
            .define(
                    MODEL_DEVICE,
                    Type.STRING,
                    "cpu",
                    ValidString.in("cpu", "gpu", "auto"),
                    Importance.MEDIUM,
                    "Where the ONNX backbone runs: cpu; gpu or auto = ONNX Runtime's CUDA execution provider when a GPU "
                            + "and a GPU build (mvn -Pgpu) are there. Without a usable GPU both fall back to the CPU with "
                            + "one log line giving the reason (WARN for gpu, INFO for auto); startup never fails for it.")
            .define(
                    MODEL_GPU_ID,
                    Type.INT,
                    0,
                    Range.atLeast(0),
                    Importance.LOW,
                    "CUDA device ordinal used when model.device selects a GPU.")
            .define(
                    LONGEST_SIDE,
                    Type.INT,
                    512,
                    Range.between(32, 4096),
                    Importance.HIGH,
                    "Images are resized so their longest side is this many pixels before the backbone.")
            .define(
                    EXTRACT_SCALES,
                    Type.LIST,
                    "1,0.7071,0.5",
                    Importance.MEDIUM,
                    "Scales the default model describes an image at, as factors of extract.longest.side; the unit "
                            + "descriptors of each scale are summed and L2-normalised (cirtorch's 1, 1/sqrt 2, 1/2: "
                            + "chosen on the leave-one-out protocol, docs/decisions/025). '1' is single-scale.")
            .define(
                    EXTRACT_WHITENING,
                    Type.STRING,
                    "classpath:default-model/centre-f17-rmac3-ms3.json",
                    Importance.MEDIUM,
                    "Whitening file (JSON, written by ./sightline fit --whiten centre|pca --whitening-file FILE; "
                            + "'classpath:' names a resource: the default is the mean of the 250 Paris photos, shipped "
                            + "in app/src/main/resources) the default model applies to its descriptor before the final "
                            + "L2; empty: none. It must have "
                            + "been learned with the same backbone, layer, head and scales (docs/decisions/027).")
            .define(
                    EXTRACT_LOCAL_LAYER,
                    Type.STRING,
                    CellFeatures.defaults().layer(),
                    Importance.LOW,
                    "Backbone layer whose strongest cells are kept as each image's local features for geometric "
                            + "verification (DELF-style, from the pass that makes the global descriptor; "
                            + "docs/decisions/028).")
            .define(
                    EXTRACT_LOCAL_KEYPOINTS,
                    Type.INT,
                    CellFeatures.defaults().maxKeypoints(),
                    Range.between(0, 4096),
                    Importance.LOW,
                    "Local features kept per image (about 100 bytes each, stored with the descriptor and in the "
                            + "shard); 0 keeps none, which turns verification off.")
            .define(RMAC_LEVELS, Type.INT, 3, Range.between(1, 6), Importance.MEDIUM, "R-MAC region grid levels (L).")
            .define(
                    IMAGE_MAX_BYTES,
                    Type.LONG,
                    32L << 20,
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    "Largest encoded image accepted, inline or fetched.")
            .define(
                    IMAGE_MAX_PIXELS,
                    Type.LONG,
                    50_000_000L,
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    "Largest width x height decoded (checked from the header: decompression bombs).")
            .define(
                    FETCH_CONNECT_TIMEOUT_MS,
                    Type.INT,
                    5000,
                    Range.atLeast(1),
                    Importance.LOW,
                    "Connect timeout when fetching http(s) sources.")
            .define(
                    FETCH_READ_TIMEOUT_MS,
                    Type.INT,
                    20000,
                    Range.atLeast(1),
                    Importance.LOW,
                    "Whole-request timeout when fetching http(s) sources.")
            .define(
                    FETCH_FILE_ROOTS,
                    Type.LIST,
                    "",
                    Importance.MEDIUM,
                    "Folders file:// sources may be read from (comma-separated); empty refuses file:// (the demo adds "
                            + "its image folder). Paths are normalised and symlinks resolved before the check.")
            .define(
                    FETCH_ALLOW_PRIVATE,
                    Type.BOOLEAN,
                    false,
                    Importance.MEDIUM,
                    "Allow http(s) sources on loopback, private, link-local and multicast addresses (checked after DNS "
                            + "resolution, on every redirect). Off: no server-side request forgery into your network.")
            .define(
                    INDEX_VECTOR_FORMAT,
                    Type.STRING,
                    "HNSW_INT8",
                    ValidString.in("HNSW_INT8", "HNSW_FLOAT"),
                    Importance.MEDIUM,
                    "Vector format of the Lucene shards.")
            .define(HTTP_HOST, Type.STRING, "127.0.0.1", Importance.MEDIUM, "Address the HTTP API binds to.")
            .define(
                    HTTP_PORT,
                    Type.INT,
                    8080,
                    Range.between(0, 65535),
                    Importance.MEDIUM,
                    "Port of the HTTP API; 0 picks a free one.")
            .define(
                    HTTP_MAX_UPLOAD_BYTES,
                    Type.LONG,
                    16L << 20,
                    Range.atLeast(1),
                    Importance.LOW,
                    "Largest image accepted by POST /v1/search and POST /v1/images.")
            .define(SEARCH_DEFAULT_K, Type.INT, 10, Range.atLeast(1), Importance.LOW, "Results when k is not given.")
            .define(
                    SEARCH_QUERY_EXPANSION,
                    Type.STRING,
                    PostProcessing.best().queryExpansion().spec(),
                    Importance.MEDIUM,
                    "Query expansion of POST /v1/search: none, avg:K[:MIN] or alpha:K:ALPHA[:MIN], where only hits "
                            + "whose similarity reaches MIN expand the query. None by default: search.superglobal "
                            + "re-ranks instead, 0.0058 better on the leave-one-out protocol than 027's avg:5:0.2 "
                            + "(docs/decisions/035).")
            .define(
                    SEARCH_DBA,
                    Type.STRING,
                    PostProcessing.best().augmentationSpec(),
                    Importance.MEDIUM,
                    "Database-side augmentation of POST /v1/search, K:ALPHA or none: each shortlisted hit is "
                            + "re-scored by its vector augmented from its K raw nearest neighbours in the live index "
                            + "(docs/decisions/016; the default is the best measured with ./sightline eval).")
            .define(
                    SEARCH_DBA_SHORTLIST,
                    Type.INT,
                    100,
                    Range.atLeast(1),
                    Importance.LOW,
                    "Raw hits each search round re-ranks under search.dba (at least the hits asked for); each costs "
                            + "one small neighbour search.")
            .define(
                    SEARCH_SUPERGLOBAL,
                    Type.STRING,
                    PostProcessing.best().superGlobalSpec(),
                    (name, value) -> {
                        try {
                            io.sightline.expansion.SuperGlobalRerank.parse(String.valueOf(value));
                        } catch (IllegalArgumentException e) {
                            throw new org.apache.kafka.common.config.ConfigException(name, value, e.getMessage());
                        }
                    },
                    Importance.MEDIUM,
                    "SuperGlobal re-ranking of POST /v1/search (Shao et al. 2023), M:K:BETA or none: the last round's "
                            + "first M hits are re-scored from their stored vectors, each refined by its K nearest "
                            + "among them, before verification; qe=false turns it off with query expansion "
                            + "(docs/decisions/035).")
            .define(
                    SEARCH_MATCH_DUPLICATE,
                    Type.DOUBLE,
                    0.908,
                    Range.between(-1, 2),
                    Importance.MEDIUM,
                    "Raw similarity from which a result is a 'duplicate' of the query (99% of pairs above are copies "
                            + "of one photo). Each search.match.* key, for search and eval alike: its value when set "
                            + "(file, SIGHTLINE_*, -D), else the served model bundle's calibrated value (./sightline "
                            + "fit --calibrate, docs/decisions/034), else this default, calibrated for the default "
                            + "model on the leave-one-out protocol (./sightline eval --protocol loo --views "
                            + "--calibrate, docs/decisions/027). 2 turns levels and copies-first off.")
            .define(
                    SEARCH_MATCH_NEAR_DUPLICATE,
                    Type.DOUBLE,
                    0.811,
                    Range.between(-1, 2),
                    Importance.LOW,
                    "Raw similarity from which a result is a 'near-duplicate' (90% of pairs above are copies: the same "
                            + "photo, edited); results at this level or above rank first, whatever expansion does; "
                            + "calibrated and resolved like search.match.duplicate (set, else the bundle's, else this "
                            + "default).")
            .define(
                    SEARCH_MATCH_SAME_PLACE,
                    Type.DOUBLE,
                    0.684,
                    Range.between(-1, 2),
                    Importance.LOW,
                    "Raw similarity from which a result shows the 'same-place' as the query (90% of pairs above "
                            + "show the same landmark); resolved like search.match.duplicate; a bundle has it only "
                            + "when fit --calibrate had ground truth (--gt), else this default applies, lowered to "
                            + "the bundle's near-duplicate where it lies above it.")
            .define(
                    SEARCH_MATCH_COPY_INLIERS,
                    Type.INT,
                    164,
                    Range.atLeast(1),
                    Importance.LOW,
                    "Verified inliers (search.verify) from which a result is a copy of the query whatever its "
                            + "similarity: at least 'near-duplicate', and ranked first with the other copies, which "
                            + "are ordered by inliers, then similarity. A grayscale copy keeps its cells but can lose "
                            + "its global similarity. Calibrated by eval --protocol loo --views --calibrate (99% of "
                            + "the verified pairs at or above it are a photo and its copy); it depends on the local "
                            + "features and the verification rule, not on a bundle's descriptor, so bundles do not "
                            + "carry it.")
            .define(
                    SEARCH_VERIFY,
                    Type.INT,
                    PostProcessing.best().verification().k(),
                    Range.between(0, 1000),
                    Importance.MEDIUM,
                    "Hits of each search round verified geometrically against the query (local features, affine "
                            + "RANSAC) and re-ranked by search.verify.*; query expansion then reads only verified "
                            + "hits. 0 is off; the verify request parameter overrides it. Chosen on the leave-one-out "
                            + "protocol (docs/decisions/030).")
            .define(
                    SEARCH_VERIFY_MIN_INLIERS,
                    Type.INT,
                    PostProcessing.best().verification().rule().minInliers(),
                    Range.atLeast(0),
                    Importance.LOW,
                    "Inliers below this count as none (chance matches between look-alike facades); a hit with at "
                            + "least this many is 'verified' and may expand the query.")
            .define(
                    SEARCH_VERIFY_INLIER_CAP,
                    Type.INT,
                    PostProcessing.best().verification().rule().inlierCap(),
                    Range.atLeast(1),
                    Importance.LOW,
                    "Inliers counted at most, so that one textured pair cannot outweigh everything.")
            .define(
                    SEARCH_VERIFY_WEIGHT,
                    Type.DOUBLE,
                    PostProcessing.best().verification().rule().weight(),
                    Range.atLeast(0),
                    Importance.LOW,
                    "A verified hit's score is its similarity + weight * min(inliers, cap) / cap.")
            .define(SEARCH_MAX_K, Type.INT, 1000, Range.atLeast(1), Importance.LOW, "Largest k accepted.")
            .define(
                    HTTP_API_KEYS,
                    Type.LIST,
                    "",
                    Importance.MEDIUM,
                    "API keys as KEY=SCOPE[+SCOPE] (scopes read, write), comma-separated; clients send "
                            + "'Authorization: Bearer KEY'. Empty: no authentication.")
            .define(
                    HTTP_CORS_ORIGINS,
                    Type.LIST,
                    "",
                    Importance.LOW,
                    "Origins (e.g. https://app.example.com) whose pages may call the API from a browser; empty: CORS off.")
            .define(
                    SEARCH_FANOUT_TIMEOUT_MS,
                    Type.LONG,
                    2000L,
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    "With application.server set, how long a search waits for another instance's shards; a shard "
                            + "that does not answer in time is left out and the answer is flagged partial.")
            .define(
                    INDEX_SESSION_TIMEOUT_MS,
                    Type.INT,
                    10000,
                    Range.between(6000, 300000),
                    Importance.MEDIUM,
                    "session.timeout.ms of the ID-index application: how long a crashed instance keeps its "
                            + "partitions (searches flagged partial) before they move and are rebuilt elsewhere.")
            .define(
                    INDEX_COMMIT_INTERVAL_MS,
                    Type.LONG,
                    1000L,
                    Range.atLeast(10),
                    Importance.LOW,
                    "How often the ID-index application commits (each commit is a Lucene commit with fsync of every "
                            + "local shard, then the offsets). Search does not wait for it (near-real-time refresh), "
                            + "so it trades only replay after a crash against commit and merge work.")
            .define(
                    INDEX_REFRESH_INTERVAL_MS,
                    Type.INT,
                    250,
                    Range.between(10, 60000),
                    Importance.LOW,
                    "How often each shard makes new descriptors searchable (Lucene's near-real-time refresh): the "
                            + "longest an indexed image waits to show in searches. Each refresh that finds new "
                            + "descriptors writes a small segment that merges rewrite later, so a longer interval "
                            + "costs less CPU per image: at 40 images/s on 2 cores the index threads took 3.7 CPU ms "
                            + "per image at 250 ms and 1.5 at 1000 ms (bench/results/2026-12-07-ingest/refresh).")
            .define(
                    EXTRACT_BATCH_SIZE,
                    Type.INT,
                    1,
                    Range.between(1, 256),
                    Importance.MEDIUM,
                    "Micro-batch size of extraction: up to this many uploads of one partition go through the backbone "
                            + "in one call (images of the same resized size share one inference). 1 = no batching. "
                            + "Buffered uploads are kept in a changelogged store, so nothing is lost on a crash.")
            .define(
                    EXTRACT_BATCH_MAX_WAIT_MS,
                    Type.INT,
                    50,
                    Range.atLeast(1),
                    Importance.LOW,
                    "Longest an upload waits for its micro-batch to fill before the batch is run anyway.")
            .define(
                    EXTRACT_LOADER_THREADS,
                    Type.INT,
                    0,
                    Range.atLeast(0),
                    Importance.LOW,
                    "Threads fetching, decoding and thumbnailing buffered uploads while the backbone runs (with "
                            + "extract.batch.size > 1); 0 = one per core.")
            .define(
                    WORK_DIR,
                    Type.STRING,
                    ".work",
                    Importance.MEDIUM,
                    "Local state (broker log, Kafka Streams state and Lucene shards); relative to the repository root.")
            .define(
                    TOPIC_MODELS,
                    Type.STRING,
                    "models.published",
                    Importance.MEDIUM,
                    "Published model bundles (compacted, key = version); each new version starts an index generation.")
            .define(
                    GENERATION_GRACE_MS,
                    Type.LONG,
                    60_000L,
                    Range.atLeast(0),
                    Importance.LOW,
                    "After a switch, how long the previous generation's applications and shards are kept before they "
                            + "are closed and deleted (in-flight searches and other instances finish on it).")
            .define(
                    GENERATION_CATCHUP_POLL_MS,
                    Type.LONG,
                    500L,
                    Range.atLeast(10),
                    Importance.LOW,
                    "How often a building generation's consumer lag is checked; search switches to it once the lag "
                            + "has stayed 0 for 300 ms (longer than the shards' near-real-time refresh).")
            .define(
                    SCHEMA_REGISTRY_TIMEOUT_MS,
                    Type.INT,
                    10_000,
                    Range.atLeast(1),
                    Importance.LOW,
                    "Connect and per-request timeout of schema registry calls.")
            .define(
                    SCHEMA_REGISTRY_RETRIES,
                    Type.INT,
                    5,
                    Range.between(0, 30),
                    Importance.LOW,
                    "Extra attempts of a registry call after an I/O error or a 5xx answer, with exponential backoff. "
                            + "When they are spent the record is not dropped: its stream thread fails, is replaced and "
                            + "reads the record again.")
            .define(
                    SCHEMA_REGISTRY_RETRY_BACKOFF_MS,
                    Type.LONG,
                    200L,
                    Range.between(0L, 60_000L),
                    Importance.LOW,
                    "Wait before the first registry retry, doubled before each next one (capped at a minute).")
            .define(
                    IMAGE_DECODE_MAX_SIDE,
                    Type.INT,
                    4096,
                    Range.atLeast(64),
                    Importance.LOW,
                    "Images with a longer side are subsampled while decoding (every n-th pixel), bounding the heap a "
                            + "legal but huge image takes; keep it well above extract.longest.side.")
            .define(
                    IMAGE_TURBOJPEG_JAR,
                    Type.STRING,
                    "/usr/share/java/turbojpeg.jar",
                    Importance.LOW,
                    "libjpeg-turbo's Java API (Debian libturbojpeg-java + libturbojpeg0-dev). When present, JPEGs are "
                            + "decoded with it (about 3x faster than ImageIO); empty or missing: ImageIO only.")
            .define(
                    IMAGE_DCT_SCALING,
                    Type.BOOLEAN,
                    true,
                    Importance.LOW,
                    "With TurboJPEG, decode JPEGs at the 1/2, 1/4 or 1/8 scale nearest above what the backbone needs: "
                            + "27% less decoding CPU and 10% less pipeline CPU per image at 512 px; the leave-one-out "
                            + "mAP moves from 0.9840 to 0.9832, within the 0.002 allowed (docs/decisions/032). false "
                            + "decodes at full size.")
            .define(
                    IMAGE_MAX_PIXELS_WEBP,
                    Type.LONG,
                    4096L * 4096L,
                    Range.atLeast(1),
                    Importance.LOW,
                    "Largest width x height decoded for WebP (checked from the header): its decoder cannot subsample "
                            + "or be aborted, and 49 megapixels took 50 s of CPU.")
            .define(
                    TRAINER_MIN_NEW_IMAGES,
                    Type.INT,
                    50,
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    "Trainer service: retrain once at least this many curated images were added, changed or deleted since the last run.")
            .define(
                    TRAINER_INTERVAL_MS,
                    Type.LONG,
                    86_400_000L,
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    "Trainer service: also retrain this long after the last run if anything changed at all.")
            .define(
                    TRAINER_SOURCE,
                    Type.STRING,
                    "curated",
                    ValidString.in("curated", "collection"),
                    Importance.MEDIUM,
                    "Trainer service: what a run learns from. curated: the labelled images of topic.landmarks.curated (supervised, judged on trainer.eval.*). collection: every image of topic.uploaded, without labels (train --self-supervised: mined verified pairs, published only if the label-free held-out-photo check gains; docs/decisions/033).")
            .define(
                    TRAINER_LEVEL,
                    Type.STRING,
                    "head",
                    ValidString.in("head", "backbone"),
                    Importance.MEDIUM,
                    "Trainer service: what a run trains (head: R-MAC head on the frozen backbone; backbone: fine-tuned with it).")
            .define(
                    TRAINER_EPOCHS,
                    Type.INT,
                    0,
                    Range.atLeast(0),
                    Importance.LOW,
                    "Trainer service: epochs per run; 0 = the level's default (10 head, 2 backbone).")
            .define(
                    TRAINER_EVAL_IMAGES,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "Trainer service: images of the evaluation set a candidate is scored on (queries whose image it trained on are left out). "
                            + "Empty: the images of data.paris.")
            .define(
                    TRAINER_EVAL_GT,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "Trainer service: Oxford-format ground truth of the evaluation set. Empty: the ground truth of data.paris.")
            .define(
                    DATA_PARIS,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "The 250-photo Paris 6k subset (images/ and gt/), which does not ship with the repository. Empty: "
                            + DatasetLocations.DEFAULT_PARIS + " beside the repository. Where it is absent, demo and "
                            + "eval use the 40-photo sample in " + DatasetLocations.SAMPLE + ".");

    private final Path root;

    public SightlineConfig(Map<String, ?> values, Path root) {
        super(DEFINITION, values, false);
        this.root = root;
    }

    /** Defaults, overridden by {@code SIGHTLINE_*} variables, overridden by {@code overrides}. */
    public static SightlineConfig load(
            Map<String, String> fileValues, Map<String, String> env, Map<String, String> overrides, Path root) {
        Map<String, Object> values = new HashMap<>(fileValues);
        for (String key : DEFINITION.names()) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                values.put(key, fromEnv);
            }
        }
        env.forEach((name, value) -> {
            if (name.startsWith(KAFKA_CLIENT_ENV_PREFIX)) {
                values.put(
                        KAFKA_CLIENT_PREFIX
                                + name.substring(KAFKA_CLIENT_ENV_PREFIX.length())
                                        .toLowerCase(Locale.ROOT)
                                        .replace('_', '.'),
                        value);
            }
        });
        values.putAll(overrides);
        return new SightlineConfig(values, root);
    }

    /** SIGHTLINE_KAFKA_SSL_TRUSTSTORE_LOCATION is kafka.ssl.truststore.location (Kafka client keys have no '_'). */
    private static final String KAFKA_CLIENT_ENV_PREFIX = ENV_PREFIX + "KAFKA_";

    /**
     * The {@code kafka.*} settings without their prefix, for every Kafka client this process creates (producers,
     * consumers, admin, Kafka Streams, the registry's store): TLS, SASL or any other client setting, unchecked here.
     */
    public Map<String, Object> kafkaClientSettings() {
        return new HashMap<>(originalsWithPrefix(KAFKA_CLIENT_PREFIX));
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** A path-valued key resolved against the repository root. */
    /** The scales of extract.scales. */
    public io.sightline.descriptor.MultiScale scales() {
        List<Double> factors = getList(EXTRACT_SCALES).stream()
                .filter(f -> !f.isBlank())
                .map(f -> Double.parseDouble(f.trim()))
                .toList();
        return new io.sightline.descriptor.MultiScale(factors, 1);
    }

    /** The local features extract.local.* keeps per image, if any. */
    public java.util.Optional<CellFeatures> cellFeatures() {
        int n = getInt(EXTRACT_LOCAL_KEYPOINTS);
        return n == 0
                ? java.util.Optional.empty()
                : java.util.Optional.of(new CellFeatures(getString(EXTRACT_LOCAL_LAYER), n));
    }

    /** The shortlist verification of search.verify* (k 0: off). */
    public ShortlistVerification verification() {
        return PostProcessing.best()
                .verification()
                .withK(getInt(SEARCH_VERIFY))
                .withRule(new RerankParams(
                        getInt(SEARCH_VERIFY_MIN_INLIERS),
                        getInt(SEARCH_VERIFY_INLIER_CAP),
                        getDouble(SEARCH_VERIFY_WEIGHT)));
    }

    /**
     * Whether {@code key} was given explicitly (properties file, {@code SIGHTLINE_*} variable or an override) rather
     * than left at its default: an explicit value outranks what a model bundle carries (see
     * {@link MatchThresholdsResolver}).
     */
    public boolean isSet(String key) {
        return originals().containsKey(key);
    }

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

    /** Where the models and data sets are, with {@link #DATA_PARIS} applied. */
    public DatasetLocations datasets() {
        return DatasetLocations.of(root, getString(DATA_PARIS));
    }

    /** The keys, defaults and docs as a Markdown table, for README.md and {@code ./sightline config}. */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder("| key | env | default | doc |\n|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : DEFINITION.configKeys().values()) {
            Object def = key.defaultValue;
            String shown = def == null ? "" : String.valueOf(def);
            out.append("| `")
                    .append(key.name)
                    .append("` | `")
                    .append(envName(key.name))
                    .append("` | `")
                    .append(shown)
                    .append("` | ")
                    .append(key.documentation)
                    .append(" |\n");
        }
        return out.toString();
    }
}
