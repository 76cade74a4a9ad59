package io.sightline.index;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104ScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * How the shard stores its vectors on disk. The graph parameters are Lucene's defaults (M=16, beam 100). Every
 * format keeps the float vectors too (exact mode and re-ranking read them).
 */
public enum VectorFormat {
    /** float32 HNSW: the exact baseline, 4 bytes per dimension in memory. */
    HNSW_FLOAT(1) {
        @Override
        KnnVectorsFormat luceneFormat() {
            return new Lucene99HnswVectorsFormat();
        }
    },
    /**
     * HNSW over 8-bit scalar-quantized vectors (the default): about the recall of float32 on CNN descriptors
     * at a quarter of the memory, with the float vectors kept on disk for rescoring.
     */
    HNSW_INT8(1) {
        @Override
        KnnVectorsFormat luceneFormat() {
            return new Lucene104HnswScalarQuantizedVectorsFormat();
        }
    },
    /** 4-bit (packed nibbles): an eighth of float32; loses recall, so searches oversample 3x and rescore. */
    HNSW_INT4(3) {
        @Override
        KnnVectorsFormat luceneFormat() {
            return new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.PACKED_NIBBLE, 16, 100);
        }
    },
    /**
     * No graph: Lucene's flat 8-bit scalar-quantized format (HNSW-mode searches scan every vector). For shards
     * searched only by exact, pq and ivfpq, e.g. the benchmark's quantizer shard at 1M, where building a graph
     * nobody queries would take most of the run.
     */
    FLAT_INT8(1) {
        @Override
        KnnVectorsFormat luceneFormat() {
            return new Lucene104ScalarQuantizedVectorsFormat();
        }

        @Override
        public boolean graph() {
            return false;
        }
    },
    /** 1-bit vectors scored against a 4-bit query (BBQ-style): 1/32 of float32; oversamples 5x and rescores. */
    HNSW_BIT(5) {
        @Override
        KnnVectorsFormat luceneFormat() {
            return new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE, 16, 100);
        }
    };

    private final int oversample;

    VectorFormat(int oversample) {
        this.oversample = oversample;
    }

    /**
     * How many times k candidates an HNSW search collects before rescoring them with the float vectors; 1 means
     * the format's own scores are used as they are.
     */
    public int oversample() {
        return oversample;
    }

    /** Whether the format builds an HNSW graph (false: HNSW mode is an exhaustive scan). */
    public boolean graph() {
        return true;
    }

    abstract KnnVectorsFormat luceneFormat();
}
