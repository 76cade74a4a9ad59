/**
 * Re-ranking by expansion: average and alpha query expansion (query side) and database-side augmentation (DBA).
 *
 * <p><b>DBA in a streaming index</b> (docs/decisions/016). Sightline's index is fed continuously from the compacted
 * descriptors topic, so augmented vectors precomputed at indexing time would go stale as neighbours arrive and
 * leave. The shards therefore store only the <em>raw</em> descriptor, and the live search applies DBA at query
 * time on a shortlist: each round takes its best R hits by raw vector, augments each from its own k raw nearest
 * neighbours found in the live index then ({@link io.sightline.expansion.DatabaseAugmentation#augmentOne}, one
 * k+1 search per hit, itself left out), and re-ranks the shortlist by the query's dot product with the augmented
 * vectors; query expansion then reads the augmented vectors of the best hits. Because neighbours are always raw,
 * an augmented vector depends only on raw data (no cascade), and because they are looked up at query time it is
 * always consistent with the images present: an image is part of its neighbours' augmentation from the moment it
 * is searchable, and stops being so the moment it is deleted. The price is R small neighbour searches per round
 * (fewer in the second round, which mostly shortlists the same images) and that an image outside a round's raw
 * top R cannot be promoted by its augmentation; {@code ./sightline eval --dba-shortlist R} measures that loss
 * ({@link io.sightline.eval.ShortlistEvaluation}), which vanishes when R covers the collection.
 *
 * <p>The alternative kept for later, should R searches per query become too costly at scale: store the augmented
 * vector as a derived field recomputed at shard refresh. When {@code x} is inserted (or deleted), only the
 * documents whose raw top-k gains (or loses) {@code x} change: {@code x} itself, and the documents {@code y} with
 * {@code sim(y, x)} above {@code y}'s current k-th similarity, which a reverse search of {@code x} (top-K' checked
 * against each hit's stored k-th similarity) finds; a periodic rebuild from the topic bounds the drift.
 * Offline evaluation ({@link io.sightline.expansion.DatabaseAugmentation#augment}) augments the whole collection.
 */
package io.sightline.expansion;
