/**
 * Re-ranking by expansion: average and alpha query expansion (query side) and database-side augmentation (DBA).
 *
 * <p><b>DBA in a streaming index.</b> Sightline's index is fed continuously from the compacted descriptors
 * topic, so a precomputed DBA would go stale as neighbours arrive and leave. The choice here: the topic and the
 * shards keep the <em>raw</em> descriptor as the source of truth, and the augmented vector is a derived field
 * recomputed at shard refresh. {@link io.sightline.expansion.DatabaseAugmentation} always takes neighbours among
 * raw vectors, so the augmented vector of {@code d} is a function of {@code d} and its current raw top-k only.
 * When {@code x} is inserted (or deleted), only the documents whose raw top-k gains (or loses) {@code x} change:
 * {@code x} itself, and the documents {@code y} with {@code sim(y, x)} above {@code y}'s current k-th
 * similarity, which a reverse search of {@code x} (top-K' with K' a few times k, checked against each hit's
 * stored k-th similarity) finds. Those few documents are re-augmented at the next refresh, so the work per
 * update is bounded by K' and there is no cascade, because augmented vectors never feed other augmentations.
 * A periodic full rebuild from the topic (the index is rebuilt from it anyway) bounds any drift from the
 * approximate reverse search. Until the refresh, a new image is searchable by its raw vector, which is what DBA
 * degrades to with no neighbours. Query expansion needs no such care: it runs per query on the live results.
 */
package io.sightline.expansion;
