package io.sightline.search.cluster;

import io.sightline.index.SearchHit;
import io.sightline.index.SearchMode;
import io.sightline.index.StoredImage;
import io.sightline.index.TopHits;
import io.sightline.search.ExpandedSearch;
import io.sightline.search.SearchBackend;
import io.sightline.search.SearchOutcome;
import io.sightline.search.SearchQuery;
import io.sightline.verify.LocalFeatures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Searches every partition's shard wherever it lives: this instance's own in process, the others' through their
 * {@link InternalRoutes} in parallel, then merges their top-k ({@link TopHits#merge}, ranks recomputed) and leaves
 * query expansion, offset and minimum score to {@link ExpandedSearch}, exactly as a single instance does, so the
 * results are the same with one instance or several. A partition without an owner, or whose owner failed or timed
 * out, makes the outcome {@code partial}. Reads by image id go to the owner of the id's partition.
 */
public final class ClusterSearchBackend implements SearchBackend {
    private final ShardMap shardMap;
    private final PartitionedIndex local;
    private final LocalShardSearch localSearch;
    private final PeerClient peers;
    private final ExpandedSearch search;

    public ClusterSearchBackend(ShardMap shardMap, PartitionedIndex local, PeerClient peers, ExpandedSearch search) {
        this.shardMap = Objects.requireNonNull(shardMap, "shardMap");
        this.local = Objects.requireNonNull(local, "local");
        this.localSearch = new LocalShardSearch(local);
        this.peers = Objects.requireNonNull(peers, "peers");
        this.search = Objects.requireNonNull(search, "search");
    }

    @Override
    public SearchOutcome search(SearchQuery query) {
        FanOut rounds = new FanOut(query);
        ExpandedSearch.Result result = search.runExplained(query, rounds);
        return new SearchOutcome(result.hits(), rounds.partial, rounds.attributesOf(result.hits()), result.matches());
    }

    /** The rounds of one search: remembers whether any shard was missing and the vectors the owners sent. */
    private final class FanOut implements ExpandedSearch.Rounds {
        private final SearchQuery query;
        private final Map<String, float[]> vectors = new ConcurrentHashMap<>();
        private final Map<String, Map<String, String>> attributes = new ConcurrentHashMap<>();
        private final Map<String, byte[]> locals = new ConcurrentHashMap<>();
        private boolean partial;

        FanOut(SearchQuery query) {
            this.query = query;
        }

        @Override
        public List<SearchHit> search(float[] vector, int k, int withVectors) {
            return search(vector, k, withVectors, 0);
        }

        @Override
        public List<SearchHit> search(float[] vector, int k, int withVectors, int withLocal) {
            // The global top-n lies within each owner's own top-n, so each owner attaches vectors (and local
            // features, for verification) to its top-n.
            return fanOut(
                    new ShardQuery(
                            vector,
                            k,
                            query.mode(),
                            query.filters(),
                            List.of(),
                            withVectors,
                            query.rerank(),
                            query.nprobe(),
                            withLocal),
                    k);
        }

        @Override
        public List<SearchHit> neighbours(float[] vector, int k) {
            return fanOut(
                    new ShardQuery(vector, k, query.mode(), Map.of(), List.of(), k, query.rerank(), query.nprobe()), k);
        }

        private List<SearchHit> fanOut(ShardQuery shardQuery, int k) {
            Placement placement = shardMap.placement();
            partial |= !placement.unowned().isEmpty();
            List<CompletableFuture<ShardReply>> remote = new ArrayList<>();
            List<Integer> mine = List.of();
            for (Map.Entry<Owner, List<Integer>> entry : placement.byOwner().entrySet()) {
                if (entry.getKey().local()) {
                    mine = entry.getValue();
                } else {
                    remote.add(peers.search(entry.getKey(), shardQuery.withPartitions(entry.getValue())));
                }
            }
            List<ShardReply> replies = new ArrayList<>();
            if (!mine.isEmpty()) {
                replies.add(localSearch.search(shardQuery.withPartitions(mine)));
            }
            remote.forEach(reply -> replies.add(reply.join()));
            return merge(replies, k);
        }

        private List<SearchHit> merge(List<ShardReply> replies, int k) {
            // An image lives in one partition; a partition moving mid-query could still answer twice, so keep one.
            Map<String, SearchHit> best = new LinkedHashMap<>();
            for (ShardReply reply : replies) {
                partial |= !reply.missing().isEmpty();
                for (ShardReply.Hit hit : reply.hits()) {
                    best.merge(
                            hit.imageId(),
                            new SearchHit(hit.imageId(), hit.score(), hit.rank()),
                            (a, b) -> a.score() >= b.score() ? a : b);
                    if (hit.vector() != null) {
                        vectors.put(hit.imageId(), hit.vector());
                    }
                    if (hit.attributes() != null) {
                        attributes.put(hit.imageId(), hit.attributes());
                    }
                    if (hit.local() != null) {
                        locals.put(hit.imageId(), hit.local());
                    }
                }
            }
            return TopHits.merge(List.of(new ArrayList<>(best.values())), k);
        }

        /** The attributes the owners sent with these hits. */
        Map<String, Map<String, String>> attributesOf(List<SearchHit> hits) {
            Map<String, Map<String, String>> known = new HashMap<>();
            for (SearchHit hit : hits) {
                Map<String, String> sent = attributes.get(hit.imageId());
                if (sent != null) {
                    known.put(hit.imageId(), sent);
                }
            }
            return known;
        }

        @Override
        public Optional<float[]> vector(String imageId) {
            float[] sent = vectors.get(imageId);
            return sent != null ? Optional.of(sent) : ClusterSearchBackend.this.vector(imageId);
        }

        @Override
        public Optional<LocalFeatures> localFeatures(String imageId) {
            byte[] sent = locals.get(imageId);
            return sent != null
                    ? Optional.of(LocalFeatures.fromBytes(sent))
                    : ClusterSearchBackend.this.localFeatures(imageId);
        }
    }

    @Override
    public boolean supports(SearchMode mode) {
        return local.all().supports(mode);
    }

    @Override
    public Optional<StoredImage> image(String imageId) {
        return read(imageId, false, false).map(PeerImage::image);
    }

    @Override
    public Optional<byte[]> thumbnail(String imageId) {
        return read(imageId, true, false)
                .map(PeerImage::image)
                .map(StoredImage::meta)
                .map(meta -> meta.thumbnail());
    }

    @Override
    public Optional<float[]> vector(String imageId) {
        return read(imageId, false, true).map(PeerImage::vector);
    }

    @Override
    public Optional<LocalFeatures> localFeatures(String imageId) {
        Optional<Owner> owner = shardMap.ownerOf(imageId);
        if (owner.isPresent() && !owner.get().local()) {
            Optional<byte[]> remote =
                    peers.image(owner.get(), imageId, false, false, true).map(PeerImage::local);
            if (remote.isPresent()) {
                return remote.map(LocalFeatures::fromBytes);
            }
        }
        return local.all().localFeatures(imageId).map(LocalFeatures::fromBytes);
    }

    /** From the owner of the id's partition; from this instance's shards when it is the owner or none is known. */
    private Optional<PeerImage> read(String imageId, boolean thumbnail, boolean vector) {
        Optional<Owner> owner = shardMap.ownerOf(imageId);
        if (owner.isPresent() && !owner.get().local()) {
            Optional<PeerImage> remote = peers.image(owner.get(), imageId, thumbnail, vector);
            if (remote.isPresent()) {
                return remote;
            }
        }
        var shards = local.all();
        return shards.image(imageId, thumbnail)
                .map(image ->
                        new PeerImage(image, vector ? shards.vector(imageId).orElse(null) : null));
    }

    /** Images in every owned partition (those of owners that do not answer are left out). */
    @Override
    public long indexSize() {
        long total = 0;
        for (Map.Entry<Owner, List<Integer>> entry :
                shardMap.placement().byOwner().entrySet()) {
            if (entry.getKey().local()) {
                for (int partition : entry.getValue()) {
                    try {
                        total += local.partition(partition).count();
                    } catch (RuntimeException e) {
                        // not searchable here right now: not counted, like a peer that does not answer
                    }
                }
            } else {
                total += peers.count(entry.getKey(), entry.getValue())
                        .map(ShardCount::count)
                        .orElse(0L);
            }
        }
        return total;
    }
}
