package io.sightline.pq;

import java.util.Arrays;

/** Selection of the largest values of an array (a bounded min-heap), best first, ties to the lower index. */
public final class TopK {
    private TopK() {}

    /** Indices of the {@code count} largest of {@code values[0..n)}, best first. */
    public static int[] largest(float[] values, int n, int count) {
        int[] heap = new int[count];
        int size = 0;
        for (int i = 0; i < n; i++) {
            if (size < count) {
                heap[size] = i;
                siftUp(heap, size++, values);
            } else if (values[i] > values[heap[0]]) {
                heap[0] = i;
                siftDown(heap, count, values);
            }
        }
        Integer[] boxed = new Integer[size];
        for (int i = 0; i < size; i++) {
            boxed[i] = heap[i];
        }
        Arrays.sort(
                boxed, (a, b) -> values[a] != values[b] ? Float.compare(values[b], values[a]) : Integer.compare(a, b));
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = boxed[i];
        }
        return out;
    }

    /** Whether {@code a} ranks below {@code b} (smaller value, or equal value and higher index). */
    private static boolean worse(float[] v, int a, int b) {
        return v[a] < v[b] || (v[a] == v[b] && a > b);
    }

    private static void siftUp(int[] h, int i, float[] v) {
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (!worse(v, h[i], h[p])) {
                break;
            }
            int t = h[i];
            h[i] = h[p];
            h[p] = t;
            i = p;
        }
    }

    private static void siftDown(int[] h, int size, float[] v) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int r = l + 1;
            int c = r < size && worse(v, h[r], h[l]) ? r : l;
            if (!worse(v, h[c], h[i])) {
                return;
            }
            int t = h[i];
            h[i] = h[c];
            h[c] = t;
            i = c;
        }
    }
}
