/**
 * The trainer service: keeps the curated landmark images ({@code landmarks.curated}) materialised on local disk,
 * retrains the descriptor when enough of them changed or on a schedule, scores the candidate on a held-out
 * evaluation set it never trained on, and publishes it on {@code models.published} only if it beats the bundle
 * being served (docs/decisions/015).
 */
package io.sightline.trainer.service;
