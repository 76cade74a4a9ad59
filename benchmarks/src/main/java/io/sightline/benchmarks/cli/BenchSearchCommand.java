package io.sightline.benchmarks.cli;

import io.sightline.app.cli.ConfigOptions;
import io.sightline.app.node.UploadPublisher;
import io.sightline.benchmarks.search.SearchLoad;
import io.sightline.data.DatasetLocations;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A bounded HTTP load on running search instances: queries/s and latency percentiles. */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description = {
            "Sends N searches, C at a time, round-robin over running instances; prints queries/s and",
            "latency p50/p99. Queries are photos (the server encodes them) or ids of indexed photos",
            "(no encoding: search and fan-out alone)."
        })
public final class BenchSearchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Only for where the default photos are (data.paris). */
    @picocli.CommandLine.Mixin
    ConfigOptions options;

    @Option(
            names = "--url",
            required = true,
            paramLabel = "URL",
            description = "Base URL of an instance, e.g. http://127.0.0.1:8080 (repeat for several).")
    List<URI> urls;

    @Option(names = "--requests", defaultValue = "500", description = "Requests counted (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--concurrency", defaultValue = "4", description = "Requests in flight (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--warmup",
            defaultValue = "50",
            description = "Uncounted requests first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--images",
            paramLabel = "DIR",
            description =
                    "Query photos (default: the Paris subset's images, data.paris, or the in-repository sample where it is absent).")
    Path images;

    @Option(
            names = "--limit",
            defaultValue = "20",
            description = "Use the first N photos as queries (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(
            names = "--query",
            defaultValue = "image",
            description = "image: POST the photo; id: POST {\"imageId\": <photo's id>} (default ${DEFAULT-VALUE}).")
    String query;

    @Option(
            names = "--params",
            defaultValue = "k=10",
            description = "Query string of each search (default ${DEFAULT-VALUE}), e.g. k=10&mode=exact&qe=false.")
    String params;

    @Option(names = "--api-key", description = "Bearer key with the read scope, when the instances require one.")
    String apiKey;

    @Option(
            names = "--timeout-ms",
            defaultValue = "30000",
            description = "Per-request timeout (default ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (requests < 1 || concurrency < 1 || warmup < 0) {
            throw new IllegalArgumentException("need --requests >= 1, --concurrency >= 1, --warmup >= 0");
        }
        Path dir = images != null
                ? DatasetLocations.requireFolder(images, "--images")
                : options.load().datasets().parisOrSample().images();
        List<Path> photos = UploadPublisher.imagesIn(dir);
        photos = photos.subList(0, Math.min(limit, photos.size()));
        List<SearchLoad.Query> queries = new ArrayList<>();
        for (Path photo : photos) {
            queries.add(
                    switch (query.toLowerCase(Locale.ROOT)) {
                        case "image" -> new SearchLoad.Query(Files.readAllBytes(photo), "image/jpeg");
                        case "id" ->
                            new SearchLoad.Query(
                                    ("{\"imageId\":\"" + UploadPublisher.imageId(photo) + "\"}")
                                            .getBytes(StandardCharsets.UTF_8),
                                    "application/json");
                        default -> throw new IllegalArgumentException("--query is image or id, not " + query);
                    });
        }
        List<URI> targets = urls.stream()
                .map(u -> URI.create(u.toString().replaceAll("/+$", "") + "/v1/search?" + params))
                .toList();
        SearchLoad.Result result = new SearchLoad(
                        targets, queries, Optional.ofNullable(apiKey), Duration.ofMillis(timeoutMs))
                .run(requests, concurrency, warmup);
        out.printf(
                Locale.ROOT,
                "%d searches (%s, %d distinct) over %d instance(s), concurrency %d: %.1f queries/s, "
                        + "p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d failed, %d partial%n",
                result.requests(),
                query,
                queries.size(),
                urls.size(),
                concurrency,
                result.qps(),
                result.p50Millis(),
                result.p99Millis(),
                result.maxMillis(),
                result.failed(),
                result.partial());
        out.flush();
        return result.failed() == 0 ? 0 : 1;
    }
}
