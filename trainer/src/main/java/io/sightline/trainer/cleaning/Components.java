package io.sightline.trainer.cleaning;

import java.util.ArrayList;
import java.util.List;

/** Connected components of an undirected graph on nodes 0..n-1 (union-find with path halving). */
final class Components {
    private final int[] parent;

    Components(int n) {
        parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
    }

    void connect(int a, int b) {
        int ra = root(a);
        int rb = root(b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    /** The nodes of the largest component, ascending; ties go to the component holding the smallest node. */
    List<Integer> largest() {
        int[] size = new int[parent.length];
        int best = -1;
        for (int i = 0; i < parent.length; i++) {
            int r = root(i);
            size[r]++;
            if (best < 0 || size[r] > size[best] || (size[r] == size[best] && r < best)) {
                best = r;
            }
        }
        List<Integer> nodes = new ArrayList<>();
        for (int i = 0; i < parent.length; i++) {
            if (root(i) == best) {
                nodes.add(i);
            }
        }
        return nodes;
    }

    private int root(int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
