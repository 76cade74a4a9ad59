package io.sightline.index;

import java.util.Map;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The document schema of a {@link ShardIndex}: field names, and how one image (id, vector, attributes, PQ / IVF-PQ
 * codes, stored metadata) becomes a Lucene document.
 */
final class ShardSchema {
    // Identity, vector and filterable attributes.
    static final String ID = "id";
    /** The id again as doc values: reading k ids from them is far cheaper than k stored-field lookups. */
    static final String ID_DOC_VALUES = "id.dv";

    static final String VECTOR = "vector";
    static final String ATTRIBUTE_PREFIX = "attr.";

    // Compressed codes (doc values), present when the shard has quantizers.
    static final String PQ_CODE = "pq.code";
    static final String IVF_CELL = "ivf.cell";
    static final String IVF_CODE = "ivf.code";

    // Stored metadata, read back by StoredImageVisitor.
    static final String META_MODEL = "meta.model";
    static final String META_WIDTH = "meta.width";
    static final String META_HEIGHT = "meta.height";
    static final String META_EXTRACTED_AT = "meta.extractedAt";
    static final String THUMBNAIL = "thumbnail";
    static final String LOCAL_FEATURES = "local";

    private ShardSchema() {}

    /** The term that identifies the image's document (updates and deletes replace by it). */
    static Term idTerm(String imageId) {
        return new Term(ID, imageId);
    }

    /** The query that finds the image's document. */
    static Query byId(String imageId) {
        return new TermQuery(idTerm(imageId));
    }

    /** A filter on an attribute given at upsert. */
    static Query attribute(String key, String value) {
        return new TermQuery(new Term(ATTRIBUTE_PREFIX + key, value));
    }

    /** The image's document; {@code meta} may be null. */
    static Document document(
            String imageId, float[] vector, Map<String, String> attributes, EncodedVector codes, ImageMeta meta) {
        Document doc = new Document();
        if (meta != null) {
            if (meta.modelVersion() != null) {
                doc.add(new StoredField(META_MODEL, meta.modelVersion()));
            }
            doc.add(new StoredField(META_WIDTH, meta.width()));
            doc.add(new StoredField(META_HEIGHT, meta.height()));
            doc.add(new StoredField(META_EXTRACTED_AT, meta.extractedAtMillis()));
            if (meta.thumbnail() != null) {
                doc.add(new StoredField(THUMBNAIL, meta.thumbnail()));
            }
            if (meta.localFeatures() != null) {
                doc.add(new StoredField(LOCAL_FEATURES, meta.localFeatures()));
            }
        }
        if (codes.pqCode() != null) {
            doc.add(new BinaryDocValuesField(PQ_CODE, new BytesRef(codes.pqCode())));
        }
        if (codes.ivfCode() != null) {
            doc.add(new IntField(IVF_CELL, codes.cell(), Field.Store.NO));
            doc.add(new BinaryDocValuesField(IVF_CODE, new BytesRef(codes.ivfCode())));
        }
        doc.add(new StringField(ID, imageId, Field.Store.YES));
        doc.add(new BinaryDocValuesField(ID_DOC_VALUES, new BytesRef(imageId)));
        doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        attributes.forEach((key, value) -> {
            doc.add(new StringField(ATTRIBUTE_PREFIX + key, value, Field.Store.NO));
            doc.add(new StoredField(ATTRIBUTE_PREFIX + key, value));
        });
        return doc;
    }
}
