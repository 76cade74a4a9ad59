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
    private record Key(Object core, String field) {}

    /**
     * Codes of {@code width} sub-quantizers per doc at {@code doc * width}, one byte each as on disk (the layout
     * {@link io.sightline.pq.AdcKernels} scans); docs not in {@code present} hold zeros.
     */
    record Codes(byte[] bytes, FixedBitSet present) {}

    /**
     * A segment's IVF inverted lists: the docs of cell {@code c} are {@code docs[offsets[c] .. offsets[c + 1])},
     * in doc order, and their codes lie contiguously in the same order in {@code bytes} ({@code width} bytes each,
     * as in {@link Codes}), so probing a cell is one sequential scan. Docs without a cell or code are in no list.
     */
    record CellLists(int[] offsets, int[] docs, byte[] bytes) {}

    private final Map<Key, Object> entries = new ConcurrentHashMap<>();

    Codes codes(LeafReader reader, String field, int width) throws IOException {
        return (Codes) cached(reader, field, () -> loadCodes(reader, field, width));
    }

    /** The segment's docs grouped by the cell in {@code cellField}, with their codes from {@code codeField}. */
    CellLists cellLists(LeafReader reader, String cellField, String codeField, int width, int cells)
            throws IOException {
        return (CellLists) cached(
                reader, codeField + "@" + cellField, () -> loadCellLists(reader, cellField, codeField, width, cells));
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
        return new Codes(out, present);
    }

    private static CellLists loadCellLists(LeafReader reader, String cellField, String codeField, int width, int cells)
            throws IOException {
        int[] cellOf = loadInts(reader, cellField);
        Codes codes = loadCodes(reader, codeField, width);
        int[] offsets = new int[cells + 1];
        for (int doc = 0; doc < cellOf.length; doc++) {
            if (listed(cellOf, codes, doc, cells)) {
                offsets[cellOf[doc] + 1]++;
            }
        }
        for (int c = 0; c < cells; c++) {
            offsets[c + 1] += offsets[c];
        }
        int[] fill = java.util.Arrays.copyOf(offsets, cells);
        int[] docs = new int[offsets[cells]];
        byte[] listed = new byte[offsets[cells] * width];
        for (int doc = 0; doc < cellOf.length; doc++) {
            if (listed(cellOf, codes, doc, cells)) {
                int at = fill[cellOf[doc]]++;
                docs[at] = doc;
                System.arraycopy(codes.bytes(), doc * width, listed, at * width, width);
            }
        }
        return new CellLists(offsets, docs, listed);
    }

    private static boolean listed(int[] cellOf, Codes codes, int doc, int cells) {
        int cell = cellOf[doc];
        if (cell >= cells) {
            throw new IllegalStateException(
                    "doc " + doc + " in cell " + cell + ", the quantizer has " + cells + " cells");
        }
        return cell >= 0 && codes.present().get(doc);
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
