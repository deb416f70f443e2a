package org.rftworkbench.core.service.estimate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rftworkbench.core.eval.DatasetMetrics;

/**
 * The additive sufficient statistics of evaluating one model on (part of) one dataset: counts and the loss sum, so
 * that disjoint parts add up exactly to the whole (the progressive evaluation sums its steps) and a cached cell
 * reproduces every reported metric. Immutable (the arrays are copied in and never handed out).
 *
 * @param n               images evaluated
 * @param correctTop1     top-1 hits
 * @param correctTop5     top-5 hits
 * @param lossSum         sum of the per-image cross-entropy, nats
 * @param perClassCorrect top-1 hits per dataset class
 * @param perClassCount   images per dataset class
 * @param nonFinite       images whose logits held NaN/Inf (in {@code n}, counted wrong, not in {@code lossSum})
 */
public record CellCounts(long n, long correctTop1, long correctTop5, double lossSum, long[] perClassCorrect,
        long[] perClassCount, long nonFinite) {

    public CellCounts {
        perClassCorrect = perClassCorrect.clone();
        perClassCount = perClassCount.clone();
    }

    /** Counts of an evaluation whose logits were all finite. */
    public CellCounts(long n, long correctTop1, long correctTop5, double lossSum, long[] perClassCorrect,
            long[] perClassCount) {
        this(n, correctTop1, correctTop5, lossSum, perClassCorrect, perClassCount, 0);
    }

    /** Nothing evaluated yet, for a dataset with {@code classes} classes. */
    public static CellCounts empty(int classes) {
        return new CellCounts(0, 0, 0, 0, new long[classes], new long[classes]);
    }

    public static CellCounts of(DatasetMetrics m) {
        return new CellCounts(m.n(), m.correctTop1(), m.correctTop5(), m.lossSum(), m.perClassCorrect(),
                m.perClassCount(), m.nonFinite());
    }

    /** The counts of this part and a disjoint other part of the same dataset. */
    public CellCounts plus(CellCounts o) {
        long[] correct = perClassCorrect.clone();
        long[] count = perClassCount.clone();
        for (int c = 0; c < correct.length; c++) {
            correct[c] += o.perClassCorrect[c];
            count[c] += o.perClassCount[c];
        }
        return new CellCounts(n + o.n, correctTop1 + o.correctTop1, correctTop5 + o.correctTop5, lossSum + o.lossSum,
                correct, count, nonFinite + o.nonFinite);
    }

    /** As the evaluator's metrics record (for {@link org.rftworkbench.core.eval.SweepResult.Metrics#of}). */
    public DatasetMetrics toMetrics(String dataset, List<String> classNames) {
        return new DatasetMetrics(dataset, Math.toIntExact(n), correctTop1, correctTop5, lossSum, classNames,
                perClassCorrect.clone(), perClassCount.clone(), nonFinite);
    }

    @Override
    public long[] perClassCorrect() {
        return perClassCorrect.clone();
    }

    @Override
    public long[] perClassCount() {
        return perClassCount.clone();
    }

    /** JSON for the result cache; doubles are written in Java's shortest exact form, so they read back bit for bit. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("n", n);
        o.put("correctTop1", correctTop1);
        o.put("correctTop5", correctTop5);
        o.put("lossSum", lossSum);
        o.put("nonFinite", nonFinite);
        ArrayNode correct = o.putArray("perClassCorrect");
        ArrayNode count = o.putArray("perClassCount");
        for (int c = 0; c < perClassCorrect.length; c++) {
            correct.add(perClassCorrect[c]);
            count.add(perClassCount[c]);
        }
        return o;
    }

    /** @throws IllegalArgumentException when a field is missing or inconsistent */
    public static CellCounts fromJson(JsonNode o) {
        JsonNode correct = o.get("perClassCorrect");
        JsonNode count = o.get("perClassCount");
        if (!o.hasNonNull("n") || !o.hasNonNull("lossSum") || correct == null || count == null
                || correct.size() != count.size()) {
            throw new IllegalArgumentException("incomplete cell counts");
        }
        long[] perCorrect = new long[correct.size()];
        long[] perCount = new long[count.size()];
        for (int c = 0; c < perCorrect.length; c++) {
            perCorrect[c] = correct.get(c).asLong();
            perCount[c] = count.get(c).asLong();
        }
        return new CellCounts(o.get("n").asLong(), o.get("correctTop1").asLong(), o.get("correctTop5").asLong(),
                o.get("lossSum").asDouble(), perCorrect, perCount, o.path("nonFinite").asLong(0));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CellCounts c && n == c.n && correctTop1 == c.correctTop1
                && correctTop5 == c.correctTop5 && nonFinite == c.nonFinite && Double.compare(lossSum, c.lossSum) == 0
                && java.util.Arrays.equals(perClassCorrect, c.perClassCorrect)
                && java.util.Arrays.equals(perClassCount, c.perClassCount);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(n, correctTop1, correctTop5, lossSum, nonFinite,
                java.util.Arrays.hashCode(perClassCorrect), java.util.Arrays.hashCode(perClassCount));
    }

    @Override
    public String toString() {
        return "CellCounts[n=" + n + ", top1=" + correctTop1 + ", top5=" + correctTop5 + ", lossSum=" + lossSum
                + (nonFinite == 0 ? "" : ", nonFinite=" + nonFinite) + "]";
    }
}
