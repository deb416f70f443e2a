package org.rftworkbench.core.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.interpolate.EndpointWeights;
import org.rftworkbench.core.interpolate.WeightDiff;

/**
 * Flags straggler groups by one primary criterion and compares the selection with the other criteria.
 *
 * <p>Selection: with a threshold, the primary criterion flags every group whose value exceeds epsilon (epsilon is
 * in the criterion's own unit: nats or error fraction for instability, a plain ratio otherwise). With top-k, the k
 * largest values. The other criteria always use top-k with k = the number of groups the primary flagged, so the sets
 * compared have equal size. Larger is "more straggling" for every criterion. Stateless and thread-safe.
 */
public final class Stragglers {
    private Stragglers() {
    }

    /** Either a threshold or a top-k (exactly one is non-null). */
    public record Selection(Double epsilon, Integer topK) {
        public Selection {
            if ((epsilon == null) == (topK == null)) {
                throw new IllegalArgumentException("give exactly one of epsilon and top-k");
            }
            if (topK != null && topK < 0) {
                throw new IllegalArgumentException("top-k must be >= 0");
            }
        }

        public static Selection threshold(double epsilon) {
            return new Selection(epsilon, null);
        }

        public static Selection top(int k) {
            return new Selection(null, k);
        }

        @Override
        public String toString() {
            return epsilon != null ? "value > " + epsilon : "top-" + topK;
        }
    }

    /**
     * One group's line of the agreement table.
     *
     * @param group    group name
     * @param values   criterion -> value (criteria without data are absent)
     * @param flagged  criterion -> flagged by it
     * @param votes    number of criteria that flag the group
     */
    public record Row(String group, Map<StragglerCriterion, Double> values, Map<StragglerCriterion, Boolean> flagged,
            int votes) {
    }

    /**
     * @param primary     the criterion that defines the stragglers
     * @param selection   how the primary flags groups
     * @param criteria    the criteria compared (those with data)
     * @param rows        one per group, in network order
     * @param stragglers  groups flagged by the primary, in network order
     * @param agreedByAll groups flagged by every criterion compared
     * @param overlap     criterion -> Jaccard index of its flagged set with the primary's (1 when both are empty)
     */
    public record Report(StragglerCriterion primary, Selection selection, List<StragglerCriterion> criteria,
            List<Row> rows, List<String> stragglers, List<String> agreedByAll,
            Map<StragglerCriterion, Double> overlap) {
    }

    /** ||B_l - A_l|| / ||A_l|| per block-level group. */
    public static Map<String, Double> relativeWeightChange(EndpointWeights a, EndpointWeights b) throws RftException {
        Map<String, Double> out = new LinkedHashMap<>();
        for (WeightDiff.Row r : WeightDiff.compute(a, b).blocks()) {
            out.put(r.name(), r.relative());
        }
        return out;
    }

    /** Each group's sharpness divided by the median over groups (NaN ratios when the median is 0). */
    public static Map<String, Double> sharpnessRatio(Map<String, Double> sharpness) {
        double[] sorted = sharpness.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Map.of();
        }
        int mid = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        Map<String, Double> out = new LinkedHashMap<>();
        sharpness.forEach((g, v) -> out.put(g, median == 0 ? Double.NaN : v / median));
        return out;
    }

    /** The groups a selection flags, in the map's order. NaN values are never flagged. */
    public static List<String> select(Map<String, Double> values, Selection selection) {
        Set<String> chosen = new LinkedHashSet<>();
        if (selection.epsilon() != null) {
            values.forEach((g, v) -> {
                if (v > selection.epsilon()) {
                    chosen.add(g);
                }
            });
        } else {
            values.entrySet().stream().filter(e -> !Double.isNaN(e.getValue()))
                    .sorted(Comparator.comparingDouble((Map.Entry<String, Double> e) -> e.getValue()).reversed())
                    .limit(selection.topK()).forEach(e -> chosen.add(e.getKey()));
        }
        return values.keySet().stream().filter(chosen::contains).toList();
    }

    /**
     * Builds the agreement table.
     *
     * @param values    criterion -> (group -> value); must contain the primary; groups missing from a criterion are
     *                  treated as NaN (never flagged)
     * @param groups    every group, in network order
     */
    public static Report compare(Map<StragglerCriterion, Map<String, Double>> values, StragglerCriterion primary,
            Selection selection, List<String> groups) {
        if (!values.containsKey(primary)) {
            throw new IllegalArgumentException("no values for the primary criterion " + primary.label());
        }
        List<StragglerCriterion> criteria = Arrays.stream(StragglerCriterion.values()).filter(values::containsKey)
                .toList();
        Map<StragglerCriterion, Set<String>> flagged = new EnumMap<>(StragglerCriterion.class);
        List<String> primaryFlags = select(complete(values.get(primary), groups), selection);
        flagged.put(primary, new LinkedHashSet<>(primaryFlags));
        for (StragglerCriterion c : criteria) {
            if (c != primary) {
                flagged.put(c, new LinkedHashSet<>(select(complete(values.get(c), groups),
                        Selection.top(primaryFlags.size()))));
            }
        }
        List<Row> rows = new ArrayList<>();
        List<String> agreed = new ArrayList<>();
        for (String g : groups) {
            Map<StragglerCriterion, Double> v = new EnumMap<>(StragglerCriterion.class);
            Map<StragglerCriterion, Boolean> f = new EnumMap<>(StragglerCriterion.class);
            int votes = 0;
            for (StragglerCriterion c : criteria) {
                v.put(c, values.get(c).getOrDefault(g, Double.NaN));
                boolean on = flagged.get(c).contains(g);
                f.put(c, on);
                votes += on ? 1 : 0;
            }
            rows.add(new Row(g, v, f, votes));
            if (votes == criteria.size()) {
                agreed.add(g);
            }
        }
        Map<StragglerCriterion, Double> overlap = new EnumMap<>(StragglerCriterion.class);
        for (StragglerCriterion c : criteria) {
            overlap.put(c, jaccard(flagged.get(primary), flagged.get(c)));
        }
        return new Report(primary, selection, criteria, rows, primaryFlags, agreed, overlap);
    }

    private static Map<String, Double> complete(Map<String, Double> values, List<String> groups) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String g : groups) {
            out.put(g, values.getOrDefault(g, Double.NaN));
        }
        return out;
    }

    private static double jaccard(Set<String> a, Set<String> b) {
        Set<String> union = new LinkedHashSet<>(a);
        union.addAll(b);
        if (union.isEmpty()) {
            return 1;
        }
        long both = a.stream().filter(b::contains).count();
        return (double) both / union.size();
    }
}
