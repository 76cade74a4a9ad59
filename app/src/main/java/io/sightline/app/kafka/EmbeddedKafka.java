package io.sightline.app.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in this JVM: one combined broker + controller node in KRaft mode (no ZooKeeper), listening
 * on loopback, with its log under a work directory so a restarted demo finds its data again.
 * It is Kafka's own {@link KafkaRaftServer}, as run by {@code kafka-server-start.sh}.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String CLUSTER_ID_FILE = "cluster.id";

    /**
     * A TLS listener for clients (and the broker itself) instead of PLAINTEXT; clients then need
     * {@code security.protocol=SSL} and a trust store that trusts the key store's certificate.
     *
     * @param keyStore   PKCS12 key store holding the broker's key and certificate
     * @param trustStore PKCS12 trust store the broker uses for its own connections
     * @param password   of both stores and of the key
     */
    public record Tls(Path keyStore, Path trustStore, String password) {}

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final Optional<Tls> tls;

    private EmbeddedKafka(
            KafkaRaftServer server,
            String bootstrapServers,
            Path dataDir,
            int port,
            int controllerPort,
            Optional<Tls> tls) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.tls = tls;
    }

    /**
     * Formats {@code dataDir} on first use and starts the node.
     *
     * @param brokerPort 0 picks a free port
     */
    public static EmbeddedKafka start(Path dataDir, int brokerPort) {
        return start(dataDir, brokerPort, Optional.empty());
    }

    /** As {@link #start(Path, int)}, with the client listener on TLS when {@code tls} is given. */
    public static EmbeddedKafka start(Path dataDir, int brokerPort, Optional<Tls> tls) {
        try {
            return start(dataDir, brokerPort == 0 ? freePort() : brokerPort, freePort(), tls);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded Kafka in " + dataDir, e);
        }
    }

    /**
     * A new node on this one's log directories and ports, for a broker restart; call after {@link #close()}. Clients
     * that were connected reconnect to the same address and find their topics, offsets and transactions.
     */
    public EmbeddedKafka restart() {
        return start(dataDir, port, controllerPort, tls);
    }

    private static EmbeddedKafka start(Path dataDir, int port, int controllerPort, Optional<Tls> tls) {
        try {
            Files.createDirectories(dataDir);
            Path logDir = dataDir.resolve("log");
            String listener = tls.isPresent() ? "SSL" : "PLAINTEXT";
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.put("listeners", listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", listener + "://127.0.0.1:" + port);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", listener);
            props.put("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
            tls.ifPresent(t -> {
                props.put("ssl.keystore.type", "PKCS12");
                props.put("ssl.keystore.location", t.keyStore().toString());
                props.put("ssl.keystore.password", t.password());
                props.put("ssl.key.password", t.password());
                props.put("ssl.truststore.type", "PKCS12");
                props.put("ssl.truststore.location", t.trustStore().toString());
                props.put("ssl.truststore.password", t.password());
            });
            props.put("log.dirs", logDir.toString());
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "4");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("num.partitions", "1");
            props.put("auto.create.topics.enable", "false");
            // Inline images can be larger than the 1 MB default.
            props.put("message.max.bytes", String.valueOf(32 << 20));
            props.put("replica.fetch.max.bytes", String.valueOf(32 << 20));
            KafkaConfig config = KafkaConfig.fromProps(props, false);

            long started = System.nanoTime();
            format(dataDir, logDir);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + port;
            LOG.info(
                    "Embedded Kafka (KRaft) up bootstrap={} listener={} dataDir={} startMs={}",
                    bootstrap,
                    listener,
                    dataDir,
                    (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedKafka(server, bootstrap, dataDir, port, controllerPort, tls);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded Kafka in " + dataDir, e);
        }
    }

    private static void format(Path dataDir, Path logDir) throws IOException {
        Path idFile = dataDir.resolve(CLUSTER_ID_FILE);
        if (Files.exists(idFile) && Files.exists(logDir.resolve("meta.properties"))) {
            return; // formatted by an earlier run: keep its topics and offsets
        }
        String clusterId = Uuid.randomUuid().toString();
        try {
            new Formatter()
                    .setNodeId(1)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setControllerListenerName("CONTROLLER")
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .run();
        } catch (Exception e) {
            throw new IOException("cannot format Kafka storage in " + logDir, e);
        }
        Files.writeString(idFile, clusterId);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        LOG.info("Stopping embedded Kafka bootstrap={}", bootstrapServers);
        server.shutdown();
        server.awaitShutdown();
    }
}
