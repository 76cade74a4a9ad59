/**
 * Match levels a user can read ({@link io.sightline.match.MatchLevel}: duplicate, near-duplicate, same place) from
 * the raw similarity of two descriptors, with thresholds calibrated per model ({@link io.sightline.match.MatchThresholds}),
 * and the rule that puts copies of the query first whatever expansion does to the ranking.
 */
package io.sightline.match;
