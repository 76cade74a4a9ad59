package io.sightline.search.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who owns which partition's shard, at one moment.
 *
 * @param partitions how many partitions (shards) the index has
 * @param owners     partition to its active owner; a partition without one is missing
 */
public record Placement(int partitions, Map<Integer, Owner> owners) {
    public Placement {
        owners = Map.copyOf(owners);
    }

    /** Partitions that no instance serves right now. */
    public List<Integer> unowned() {
        List<Integer> missing = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            if (!owners.containsKey(p)) {
                missing.add(p);
            }
        }
        return missing;
    }

    /** Each owner with its partitions, ascending. */
    public Map<Owner, List<Integer>> byOwner() {
        Map<Owner, List<Integer>> grouped = new LinkedHashMap<>();
        new TreeMap<>(owners)
                .forEach((partition, owner) ->
                        grouped.computeIfAbsent(owner, o -> new ArrayList<>()).add(partition));
        return grouped;
    }
}
