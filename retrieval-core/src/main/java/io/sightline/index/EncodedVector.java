package io.sightline.index;

/**
 * Precomputed codes of one vector, for writers that encode elsewhere (e.g. once per descriptor upstream).
 *
 * @param pqCode  flat product-quantization code, or null
 * @param cell    IVF cell, or -1 when there is no IVF code
 * @param ivfCode PQ code of the residual to the cell's centroid, or null
 */
public record EncodedVector(byte[] pqCode, int cell, byte[] ivfCode) {}
