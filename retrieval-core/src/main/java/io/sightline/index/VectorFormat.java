package io.sightline.index;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

/** How the shard stores its vectors on disk. The graph parameters are Lucene's defaults (M=16, beam 100). */
public enum VectorFormat {
    /** float32 HNSW: the exact baseline, 4 bytes per dimension in memory. */
    HNSW_FLOAT {
        @Override
        KnnVectorsFormat luceneFormat() {
            return new Lucene99HnswVectorsFormat();
        }
    },
    /**
     * HNSW over 8-bit scalar-quantized vectors (the default): about the recall of float32 on CNN descriptors
     * at a quarter of the memory, with the float vectors kept on disk for rescoring.
     */
    HNSW_INT8 {
        @Override
        KnnVectorsFormat luceneFormat() {
            return new Lucene104HnswScalarQuantizedVectorsFormat();
        }
    };

    abstract KnnVectorsFormat luceneFormat();
}
