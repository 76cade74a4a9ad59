package io.sightline.search.cluster;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sightline.index.StoredImage;
import io.sightline.search.ApiProblem;
import io.sightline.search.ExtraRoutes;
import io.sightline.search.ImageIds;
import io.sightline.search.Scope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The routes instances call on each other; they answer from this instance's shards only, never fan out again (so
 * two instances that disagree about ownership during a rebalance cannot bounce a request between them). They need
 * the read scope when API keys are on, like the public read routes. Not part of the public API (not in
 * {@code /openapi.json}).
 */
public final class InternalRoutes implements ExtraRoutes {
    public static final String SEARCH = "/internal/v1/search";
    public static final String IMAGE = "/internal/v1/images/{id}";
    public static final String COUNT = "/internal/v1/count";
    private static final long MAX_BODY_BYTES = 1 << 20;

    private final PartitionedIndex shards;
    private final LocalShardSearch search;

    public InternalRoutes(PartitionedIndex shards) {
        this.shards = Objects.requireNonNull(shards, "shards");
        this.search = new LocalShardSearch(shards);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(SEARCH, this::search, Scope.READ);
        routes.get(IMAGE, this::image, Scope.READ);
        routes.get(COUNT, this::count, Scope.READ);
    }

    private void search(Context ctx) {
        if (ctx.req().getContentLengthLong() > MAX_BODY_BYTES) {
            throw ApiProblem.badRequest(
                    "body-too-large", "internal search bodies are limited to " + MAX_BODY_BYTES + " bytes");
        }
        ShardQuery query;
        try {
            query = ctx.bodyAsClass(ShardQuery.class);
        } catch (RuntimeException e) {
            throw ApiProblem.badRequest("invalid-query", "not a shard query: " + e.getMessage());
        }
        ctx.json(search.search(query));
    }

    /**
     * {@code ?thumbnail=true} adds the thumbnail, {@code ?vector=true} the stored vector, {@code ?local=true} the
     * local features; 404 when not held here.
     */
    private void image(Context ctx) {
        String imageId = ImageIds.require(ctx.pathParam("id"));
        boolean thumbnail = Boolean.parseBoolean(ctx.queryParam("thumbnail"));
        boolean vector = Boolean.parseBoolean(ctx.queryParam("vector"));
        ImageHere here = find(imageId, thumbnail);
        StoredImage image = here.image.orElseThrow(
                () -> new ApiProblem(404, "image-not-found", "Image '" + imageId + "' is not held by this instance"));
        byte[] local = Boolean.parseBoolean(ctx.queryParam("local"))
                ? shards.all().localFeatures(imageId).orElse(null)
                : null;
        ctx.json(new PeerImage(image, vector ? here.vector.orElse(null) : null, local));
    }

    private record ImageHere(Optional<StoredImage> image, Optional<float[]> vector) {}

    private ImageHere find(String imageId, boolean thumbnail) {
        var all = shards.all();
        Optional<StoredImage> image = all.image(imageId, thumbnail);
        return new ImageHere(image, image.isPresent() ? all.vector(imageId) : Optional.empty());
    }

    /** {@code ?partitions=0,2}: images in those partitions' shards. */
    private void count(Context ctx) {
        String raw = Optional.ofNullable(ctx.queryParam("partitions")).orElse("");
        List<Integer> partitions;
        try {
            partitions = raw.isBlank()
                    ? List.of()
                    : Arrays.stream(raw.split(","))
                            .map(String::trim)
                            .map(Integer::valueOf)
                            .toList();
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("invalid-parameter", "'partitions' must be comma-separated partition numbers");
        }
        long count = 0;
        List<Integer> missing = new ArrayList<>();
        for (int partition : partitions) {
            try {
                count += shards.partition(partition).count();
            } catch (RuntimeException e) {
                missing.add(partition);
            }
        }
        ctx.json(new ShardCount(count, missing));
    }
}
