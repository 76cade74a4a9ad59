package io.sightline.index;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;

/** Reads by id and by doc: image ids of hits, membership, stored vectors and stored images. */
final class ShardLookups {
    private ShardLookups() {}

    /** Image ids of the docs, from doc values (visited in doc order), or stored fields for docs written before them. */
    static String[] ids(IndexSearcher searcher, List<ScoreDoc> docs) throws IOException {
        Integer[] order = new Integer[docs.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(docs.get(a).doc, docs.get(b).doc));
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        String[] ids = new String[order.length];
        BinaryDocValues values = null;
        int leafIndex = -1;
        var stored = searcher.storedFields();
        for (int i : order) {
            int doc = docs.get(i).doc;
            int li = ReaderUtil.subIndex(doc, leaves);
            if (li != leafIndex) {
                leafIndex = li;
                values = leaves.get(li).reader().getBinaryDocValues(ShardSchema.ID_DOC_VALUES);
            }
            if (values != null && values.advanceExact(doc - leaves.get(li).docBase)) {
                ids[i] = values.binaryValue().utf8ToString();
            } else {
                ids[i] = stored.document(doc, Set.of(ShardSchema.ID)).get(ShardSchema.ID);
            }
        }
        return ids;
    }

    static boolean contains(IndexSearcher searcher, String imageId) throws IOException {
        return searcher.count(ShardSchema.byId(imageId)) > 0;
    }

    /** The stored float vector of an image, if the searcher sees it. */
    static Optional<float[]> vector(IndexSearcher searcher, String imageId) throws IOException {
        TopDocs top = searcher.search(ShardSchema.byId(imageId), 1);
        if (top.scoreDocs.length == 0) {
            return Optional.empty();
        }
        int doc = top.scoreDocs[0].doc;
        var leaves = searcher.getIndexReader().leaves();
        var leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        FloatVectorValues values = leaf.reader().getFloatVectorValues(ShardSchema.VECTOR);
        if (values == null) {
            return Optional.empty();
        }
        var iterator = values.iterator();
        if (iterator.advance(doc - leaf.docBase) != doc - leaf.docBase) {
            return Optional.empty();
        }
        return Optional.of(values.vectorValue(iterator.index()).clone());
    }

    /** The image's stored local features (bytes of {@code LocalFeatures#toBytes}), if it has any. */
    static Optional<byte[]> localFeatures(IndexSearcher searcher, String imageId) throws IOException {
        TopDocs top = searcher.search(ShardSchema.byId(imageId), 1);
        if (top.scoreDocs.length == 0) {
            return Optional.empty();
        }
        var field = searcher.storedFields()
                .document(top.scoreDocs[0].doc, Set.of(ShardSchema.LOCAL_FEATURES))
                .getBinaryValue(ShardSchema.LOCAL_FEATURES);
        return field == null ? Optional.empty() : Optional.of(BytesRef.deepCopyOf(field).bytes);
    }

    /** The image's attributes and stored metadata; the thumbnail bytes only when asked for. */
    static Optional<StoredImage> image(IndexSearcher searcher, String imageId, boolean withThumbnail)
            throws IOException {
        TopDocs top = searcher.search(ShardSchema.byId(imageId), 1);
        if (top.scoreDocs.length == 0) {
            return Optional.empty();
        }
        StoredImageVisitor visitor = new StoredImageVisitor(withThumbnail);
        searcher.storedFields().document(top.scoreDocs[0].doc, visitor);
        return Optional.of(visitor.image(imageId));
    }
}
