package io.sightline.registry;

import io.javalin.Javalin;
import java.net.URI;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Confluent-compatible schema registry served over HTTP by Javalin, for the demo stack and tests.
 * It owns the store it is given: closing the server closes the store.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

    private final Javalin server;
    private final SchemaStore store;
    private final LocalSchemaRegistry registry;
    private final URI url;

    private EmbeddedSchemaRegistry(Javalin server, SchemaStore store, LocalSchemaRegistry registry, URI url) {
        this.server = server;
        this.store = store;
        this.registry = registry;
        this.url = url;
    }

    /**
     * Starts the store, then serves it on {@code host:port}; port 0 picks a free port, see
     * {@link #url()}.
     */
    public static EmbeddedSchemaRegistry start(SchemaStore store, String host, int port) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(host, "host");
        store.start();
        LocalSchemaRegistry registry = new LocalSchemaRegistry(store);
        RegistryHttpHandlers handlers = new RegistryHttpHandlers(registry);
        Javalin server;
        try {
            server = Javalin.create(config -> {
                        config.startup.showJavalinBanner = false;
                        config.startup.showOldJavalinVersionWarning = false;
                        config.jetty.host = host;
                        config.jetty.port = port;
                        handlers.addTo(config.routes);
                    })
                    .start();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        URI url = URI.create("http://" + reachableHost(host) + ":" + server.port());
        log.info(
                "Schema registry listening on {} (store {})",
                url,
                store.getClass().getSimpleName());
        return new EmbeddedSchemaRegistry(server, store, registry, url);
    }

    /** Base URL clients should use, e.g. {@code http://127.0.0.1:38081}. */
    public URI url() {
        return url;
    }

    /** The registry behind the HTTP API, for in-process callers that want to skip HTTP. */
    public LocalSchemaRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            store.close();
            log.info("Schema registry on {} stopped", url);
        }
    }

    /** A wildcard bind address is not something a client can connect to. */
    private static String reachableHost(String host) {
        return switch (host) {
            case "0.0.0.0", "::", "" -> "localhost";
            default -> host.contains(":") ? "[" + host + "]" : host;
        };
    }
}
