package io.sightline.app.node;

import io.sightline.index.SearchHit;
import io.sightline.index.SearchMode;
import io.sightline.match.MatchLevel;
import io.sightline.match.MatchThresholds;
import io.sightline.schemas.CopyLevel;
import io.sightline.schemas.ImageDescriptor;
import io.sightline.schemas.ImageMatch;
import io.sightline.search.SearchBackend;
import io.sightline.search.SearchQuery;
import io.sightline.streams.VectorBytes;
import io.sightline.streams.matches.MatchFinder;
import io.sightline.verify.LocalFeatures;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Copy detection through the search the API serves: the new image's nearest indexed images in every partition,
 * each verified against it; the first other image whose raw similarity reaches the near-duplicate threshold and whose
 * inliers reach the verification minimum is the copy. Both must hold: similarity alone confuses repeated facades,
 * inliers alone count chance matches (docs/decisions/028).
 */
final class SearchMatchFinder implements MatchFinder {

    /** Nearest images looked at (and verified): a copy is the nearest or close to it. */
    static final int CANDIDATES = 5;

    private final SearchBackend backend;
    private final MatchThresholds thresholds;
    private final int minInliers;
    private final Clock clock;

    SearchMatchFinder(SearchBackend backend, MatchThresholds thresholds, int minInliers, Clock clock) {
        this.backend = backend;
        this.thresholds = thresholds;
        this.minInliers = minInliers;
        this.clock = clock;
    }

    @Override
    public Optional<ImageMatch> find(ImageDescriptor descriptor) {
        float[] vector = VectorBytes.decode(descriptor.getVector(), descriptor.getDim());
        LocalFeatures local = LocalFeatures.fromBytes(bytes(descriptor.getLocalFeatures()));
        SearchQuery query = new SearchQuery(vector, CANDIDATES + 1, 0, SearchMode.HNSW, false, Map.of(), -1f)
                .withVerification(CANDIDATES + 1, Optional.of(local), false);
        for (SearchHit hit : backend.search(query).hits()) {
            if (hit.imageId().equals(descriptor.getImageId())) {
                continue;
            }
            // A copy by its verified inliers counts too: a grayscale re-upload keeps its cells, not its similarity
            // (036).
            MatchLevel level = thresholds.level(hit.similarity(), hit.inliers());
            if ((level == MatchLevel.DUPLICATE || level == MatchLevel.NEAR_DUPLICATE) && hit.inliers() >= minInliers) {
                return Optional.of(ImageMatch.newBuilder()
                        .setImageId(descriptor.getImageId())
                        .setMatchedImageId(hit.imageId())
                        .setLevel(level == MatchLevel.DUPLICATE ? CopyLevel.DUPLICATE : CopyLevel.NEAR_DUPLICATE)
                        .setSimilarity(hit.similarity())
                        .setInliers(hit.inliers())
                        .setModelVersion(descriptor.getModelVersion())
                        .setDetectedAt(clock.instant())
                        .build());
            }
        }
        return Optional.empty();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
