package io.sightline.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.app.config.SightlineConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Queries a running Sightline (demo or serve) with a photo and prints the top-k. */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description =
                "Finds the indexed images that show the same object or place as IMAGE (needs a running demo or serve).")
public final class SearchCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", description = "The query photo.")
    Path image;

    @Option(
            names = {"-k", "--top"},
            defaultValue = "10",
            description = "How many results (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--url", description = "Search endpoint (default http://127.0.0.1:<http.port>/).")
    URI url;

    @Option(
            names = "--mode",
            description =
                    "exact, hnsw, pq or ivfpq (default: the server's, hnsw); pq and ivfpq need a bundle with codebooks.")
    String mode;

    @Option(
            names = "--rerank",
            paramLabel = "R",
            description = "Re-rank the mode's best max(k, R) hits by exact similarity.")
    Integer rerank;

    @Option(names = "--nprobe", paramLabel = "N", description = "IVF cells visited in mode ivfpq (server default 16).")
    Integer nprobe;

    @Option(
            names = "--verify",
            paramLabel = "K",
            arity = "0..1",
            fallbackValue = "-1",
            description = {
                "Verify each round's first K hits geometrically and re-rank them (server default: search.verify);",
                "without K the server's default; 0 turns verification off."
            })
    Integer verify;

    @Option(
            names = "--explain",
            paramLabel = "OUT.png",
            description = "Write the query and the first verified result side by side, their matched points joined.")
    Path explain;

    @Override
    public Integer call() throws Exception {
        SightlineConfig config = options.load();
        URI base = url != null ? url : URI.create("http://127.0.0.1:" + config.getInt(SightlineConfig.HTTP_PORT) + "/");
        StringBuilder parameters = new StringBuilder("k=" + k);
        if (mode != null) {
            parameters.append("&mode=").append(URLEncoder.encode(mode, StandardCharsets.UTF_8));
        }
        if (rerank != null) {
            parameters.append("&rerank=").append(rerank);
        }
        if (nprobe != null) {
            parameters.append("&nprobe=").append(nprobe);
        }
        if (verify != null && verify >= 0) {
            parameters.append("&verify=").append(verify);
        }
        if (explain != null) {
            parameters.append("&explain=true");
        }
        SearchClient client = new SearchClient();
        JsonNode body = client.search(base, image, parameters.toString());
        SearchClient.print(spec.commandLine().getOut(), image, body);
        if (explain != null) {
            spec.commandLine().getOut().println(new MatchExplainer(client, base).write(image, body, explain));
        }
        return 0;
    }
}
