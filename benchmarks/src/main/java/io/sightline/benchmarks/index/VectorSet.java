package io.sightline.benchmarks.index;

import io.sightline.testing.SyntheticVectors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The vectors a benchmark runs on: a base to index and queries to search, row-major, of one dimension. Either
 * synthetic ({@link SyntheticVectors}) or read from an {@code .fvecs} file (the TEXMEX format Faiss's tools use:
 * per row a little-endian int32 dimension, then that many float32), from which a seeded sample of rows is held out
 * as queries and the rest is the base, so no query is in the base.
 */
public record VectorSet(float[] base, float[] queries, int dim) {
    public int n() {
        return base.length / dim;
    }

    public int queryCount() {
        return queries.length / dim;
    }

    public static VectorSet synthetic(int n, int queries, int dim, long seed) {
        SyntheticVectors gen = new SyntheticVectors(dim, Math.max(16, n / 100), 1.0f, seed);
        return new VectorSet(gen.generate(n, 0), gen.generate(queries, 1), dim);
    }

    /** {@code queries} rows of the file, picked with {@code seed}, become the queries; every other row the base. */
    public static VectorSet holdOut(Path fvecs, int queries, long seed) throws IOException {
        VectorSet all = readFvecs(fvecs);
        int rows = all.n();
        if (queries <= 0 || queries >= rows) {
            throw new IllegalArgumentException(fvecs + " has " + rows + " vectors: cannot hold out " + queries
                    + " of them as queries and keep a base");
        }
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int dim = all.dim();
        float[] q = new float[queries * dim];
        float[] b = new float[(rows - queries) * dim];
        for (int i = 0; i < rows; i++) {
            float[] target = i < queries ? q : b;
            int at = i < queries ? i : i - queries;
            System.arraycopy(all.base(), order[i] * dim, target, at * dim, dim);
        }
        return new VectorSet(b, q, dim);
    }

    /** Every row of the file as the base (no queries). */
    public static VectorSet readFvecs(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.remaining() < 4) {
            throw new IOException(file + ": empty, not an .fvecs file");
        }
        int dim = buf.getInt(0);
        long rowBytes = 4L * (dim + 1);
        if (dim <= 0 || buf.remaining() % rowBytes != 0) {
            throw new IOException(
                    file + ": not an .fvecs file (first dimension " + dim + ", " + buf.remaining() + " bytes)");
        }
        int rows = (int) (buf.remaining() / rowBytes);
        float[] data = new float[rows * dim];
        for (int i = 0; i < rows; i++) {
            int d = buf.getInt();
            if (d != dim) {
                throw new IOException(file + ": row " + i + " has dimension " + d + ", the first has " + dim);
            }
            for (int t = 0; t < dim; t++) {
                data[i * dim + t] = buf.getFloat();
            }
        }
        return new VectorSet(data, new float[0], dim);
    }

    /** Writes {@code n} rows of {@code data} as {@code .fvecs}. */
    public static void writeFvecs(Path file, float[] data, int n, int dim) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n * (dim + 1) * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            buf.putInt(dim);
            for (int t = 0; t < dim; t++) {
                buf.putFloat(data[i * dim + t]);
            }
        }
        Files.write(file, buf.array());
    }
}
