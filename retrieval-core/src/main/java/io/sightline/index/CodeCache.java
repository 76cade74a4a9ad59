package io.sightline.index;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * Per-segment copies of the PQ codes and IVF cells in plain arrays indexed by doc id, as Faiss keeps its codes in
 * memory: the ADC scan then costs m table lookups per document instead of a doc-values read. A segment's codes
 * never change (deletes only hide documents; updates add new documents elsewhere), so an entry lives until the
 * segment core closes. Belongs to one shard; not static.
 */
final class CodeCache {
    private record Key(Object core, String field) {
    }

    /**
     * Codes of {@code width} sub-quantizers per doc at {@code doc * width}, expanded to ADC table positions
     * ({@link io.sightline.pq.Kernels#tablePositions}, 2 bytes per sub-quantizer in memory: twice the on-disk size,
     * for a scan about twice as fast); docs not in {@code present} hold zeros.
     */
    record Codes(char[] positions, FixedBitSet present) {
    }

    private final Map<Key, Object> entries = new ConcurrentHashMap<>();

    Codes codes(LeafReader reader, String field, int width) throws IOException {
        return (Codes) cached(reader, field, () -> loadCodes(reader, field, width));
    }

    /** The int of each doc, -1 where absent. */
    int[] ints(LeafReader reader, String field) throws IOException {
        return (int[]) cached(reader, field, () -> loadInts(reader, field));
    }

    private interface Loader {
        Object load() throws IOException;
    }

    private Object cached(LeafReader reader, String field, Loader loader) throws IOException {
        IndexReader.CacheHelper helper = reader.getCoreCacheHelper();
        if (helper == null) {
            return loader.load();
        }
        Key key = new Key(helper.getKey(), field);
        Object value = entries.get(key);
        if (value != null) {
            return value;
        }
        value = loader.load();
        if (entries.putIfAbsent(key, value) == null) {
            helper.addClosedListener(core -> entries.keySet().removeIf(k -> k.core() == core));
        }
        return entries.get(key);
    }

    private static Codes loadCodes(LeafReader reader, String field, int width) throws IOException {
        byte[] out = new byte[reader.maxDoc() * width];
        FixedBitSet present = new FixedBitSet(Math.max(1, reader.maxDoc()));
        BinaryDocValues values = reader.getBinaryDocValues(field);
        if (values != null) {
            for (int doc = values.nextDoc(); doc != BinaryDocValues.NO_MORE_DOCS; doc = values.nextDoc()) {
                BytesRef b = values.binaryValue();
                if (b.length != width) {
                    throw new IllegalStateException(field + ": code of " + b.length + " bytes, expected " + width);
                }
                System.arraycopy(b.bytes, b.offset, out, doc * width, width);
                present.set(doc);
            }
        }
        return new Codes(io.sightline.pq.Kernels.tablePositions(out, width), present);
    }

    private static int[] loadInts(LeafReader reader, String field) throws IOException {
        int[] out = new int[reader.maxDoc()];
        Arrays.fill(out, -1);
        SortedNumericDocValues values = reader.getSortedNumericDocValues(field);
        if (values != null) {
            for (int doc = values.nextDoc(); doc != SortedNumericDocValues.NO_MORE_DOCS; doc = values.nextDoc()) {
                out[doc] = (int) values.nextValue();
            }
        }
        return out;
    }

    int size() {
        return entries.size();
    }
}
