package io.sightline.search;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Test double for the real decoder + extractor: hashes the bytes into a deterministic L2-normalised vector, so the
 * same bytes always give the same descriptor. Recognises a few trigger payloads to exercise failure paths.
 */
final class HashingQueryEncoder implements QueryEncoder {

    static final int DIM = 16;
    static final String UNDECODABLE = "not an image";
    static final String SECRET_FAILURE = "boom: jdbc://secret-password@internal";
    static final String FAIL = "fail";
    static final String ERROR = "error";

    @Override
    public float[] encode(byte[] imageBytes) throws QueryRejectedException {
        String text = new String(imageBytes, StandardCharsets.ISO_8859_1);
        switch (text) {
            case UNDECODABLE -> throw new QueryRejectedException("The query image could not be decoded", 422);
            case FAIL -> throw new IllegalStateException(SECRET_FAILURE);
            case ERROR -> throw new AssertionError(SECRET_FAILURE);
            default -> {
                return vector(imageBytes);
            }
        }
    }

    static float[] vector(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            float[] v = new float[DIM];
            double norm = 0;
            for (int i = 0; i < DIM; i++) {
                v[i] = (digest[i] & 0xff) - 127.5f;
                norm += v[i] * v[i];
            }
            float inv = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < DIM; i++) {
                v[i] *= inv;
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
