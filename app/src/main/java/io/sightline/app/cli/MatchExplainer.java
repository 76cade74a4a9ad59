package io.sightline.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.app.report.MatchPicture;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * {@code search --explain OUT.png}: the query and the best verified result side by side with their inliers (from an
 * {@code explain=true} answer). The result is drawn from its thumbnail, the only pixels of it the API serves; its
 * matches are in its original pixels, so they are scaled by the original size from {@code GET /v1/images/{id}}.
 */
final class MatchExplainer {

    private final SearchClient client;
    private final URI base;

    MatchExplainer(SearchClient client, URI base) {
        this.client = client;
        this.base = base;
    }

    /** Writes the picture and returns a line saying what it shows. */
    String write(Path query, JsonNode answer, Path out) throws Exception {
        JsonNode best = null;
        for (JsonNode hit : answer.path("results")) {
            if (hit.path("matches").isArray()) {
                best = hit;
                break;
            }
        }
        if (best == null) {
            return "explain: no verified result to draw (verification off, or the index has no local features)";
        }
        String id = best.path("imageId").asText();
        String path = "/v1/images/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        JsonNode meta = client.getJson(base, path);
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(client.get(base, path + "/thumbnail")));
        // Decoded as the server decodes a query (orientation applied), so the query's points land where they belong.
        BufferedImage photo = new ImageDecoder(ImageLimits.defaults()).decode(Files.readAllBytes(query));
        List<MatchPicture.Match> matches = new ArrayList<>();
        for (JsonNode m : best.path("matches")) {
            matches.add(new MatchPicture.Match(
                    m.path("ax").asDouble(),
                    m.path("ay").asDouble(),
                    m.path("bx").asDouble(),
                    m.path("by").asDouble()));
        }
        String caption = String.format(
                Locale.ROOT,
                "%s  vs  %s: %d inliers, similarity %.3f (%s)",
                query.getFileName(),
                id,
                best.path("inliers").asInt(),
                best.path("similarity").asDouble(),
                best.path("match").asText());
        BufferedImage picture = MatchPicture.draw(
                photo,
                thumbnail,
                meta.path("width").asInt(),
                meta.path("height").asInt(),
                matches,
                caption);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(picture, "png", out.toFile());
        return "explain: " + out + " (" + caption + ")";
    }
}
