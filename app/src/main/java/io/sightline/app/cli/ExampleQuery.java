package io.sightline.app.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;

/** The demo's example query: one of the ingested photos, through the real HTTP endpoint. */
final class ExampleQuery {
    private ExampleQuery() {}

    static void run(PrintWriter out, URI server, Path image, int k) {
        try {
            out.println();
            SearchClient.print(out, image, new SearchClient().search(server, image, k));
        } catch (Exception e) {
            throw new IllegalStateException("example query failed: " + e.getMessage(), e);
        }
    }
}
