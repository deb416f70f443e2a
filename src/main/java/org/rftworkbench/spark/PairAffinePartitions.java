package org.rftworkbench.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups a cluster job's parts into partitions so that a partition opens each checkpoint pair once: the parts of one
 * pair stay together, in their order (a pair's sweep parts, then its straggler analysis, then its heatmap parts).
 * With fewer pairs than task slots, each pair's parts are split into contiguous runs so that every slot has work
 * (then a pair opens once per partition that holds it). Stateless.
 */
final class PairAffinePartitions {
    private PairAffinePartitions() {
    }

    /**
     * @param units the parts, in the order they should run
     * @param slots tasks the cluster runs at once (at least 1)
     * @return the partitions, each a non-empty list
     */
    static List<List<WorkUnit>> of(List<WorkUnit> units, int slots) {
        Map<String, List<WorkUnit>> byPair = new LinkedHashMap<>();
        for (WorkUnit u : units) {
            byPair.computeIfAbsent(u.pair(), k -> new ArrayList<>()).add(u);
        }
        int pairs = byPair.size();
        int splits = pairs == 0 || pairs >= slots ? 1 : (slots + pairs - 1) / pairs;
        List<List<WorkUnit>> partitions = new ArrayList<>();
        for (List<WorkUnit> pairUnits : byPair.values()) {
            int chunks = Math.min(splits, pairUnits.size());
            for (int c = 0; c < chunks; c++) {
                int from = (int) ((long) pairUnits.size() * c / chunks);
                int to = (int) ((long) pairUnits.size() * (c + 1) / chunks);
                partitions.add(new ArrayList<>(pairUnits.subList(from, to)));
            }
        }
        return partitions;
    }
}
