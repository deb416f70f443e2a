package org.rftworkbench.core.interpolate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.model.LayerGroups;

/**
 * How far B moved from A: per tensor and per block, ||B - A||_2, the relative change ||B - A|| / ||A|| and the cosine
 * similarity of A and B (all computed in float64 from float32 sums). Stateless.
 */
public final class WeightDiff {
    private WeightDiff() {
    }

    /**
     * One row of the diff.
     *
     * @param name        tensor or block name
     * @param scalars     number of elements
     * @param normA       ||A||_2
     * @param normDiff    ||B - A||_2
     * @param relative    ||B - A|| / ||A|| (NaN when ||A|| = 0)
     * @param cosine      <A,B> / (||A|| ||B||) (NaN when either is 0)
     */
    public record Row(String name, long scalars, double normA, double normDiff, double relative, double cosine) {
    }

    /**
     * Per-tensor and per-block results.
     *
     * @param nonFiniteTensors tensors with NaN or Inf in A or B: their rows, their blocks and the total are NaN or Inf
     */
    public record Result(List<Row> tensors, List<Row> blocks, Row total, List<String> nonFiniteTensors) {
        public Result {
            nonFiniteTensors = List.copyOf(nonFiniteTensors);
        }

        /** True when some tensor has NaN or Inf, so some numbers of this diff mean nothing. */
        @JsonProperty("nonFinite")
        public boolean nonFinite() {
            return !nonFiniteTensors.isEmpty();
        }
    }

    /** Computes the diff of two validated endpoints (floating tensors only). */
    public static Result compute(EndpointWeights a, EndpointWeights b) throws RftException {
        EndpointValidator.requireCompatible(a, b);
        List<Row> rows = new ArrayList<>();
        List<String> nonFinite = new ArrayList<>();
        Map<String, double[]> blockSums = new LinkedHashMap<>(); // per block: {aa, bb, ab, dd, scalars}
        for (Map.Entry<String, NDArray> e : a.tensors().entrySet()) {
            NDArray ta = e.getValue();
            if (!ta.getDataType().isFloating()) {
                continue;
            }
            NDArray tb = b.tensors().get(e.getKey());
            double[] s;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray d = tb.sub(ta);
                s = new double[] {dot(ta, ta), dot(tb, tb), dot(ta, tb), dot(d, d), ta.size()};
            }
            Row row = row(e.getKey(), s);
            rows.add(row);
            if (a.nonFinite().contains(e.getKey()) || b.nonFinite().contains(e.getKey())
                    || !Double.isFinite(row.normA()) || !Double.isFinite(row.normDiff())) {
                nonFinite.add(e.getKey());
            }
            double[] acc = blockSums.computeIfAbsent(LayerGroups.blockOf(e.getKey()), k -> new double[5]);
            for (int k = 0; k < acc.length; k++) {
                acc[k] += s[k];
            }
        }
        List<Row> blocks = new ArrayList<>();
        double[] total = new double[5];
        for (Map.Entry<String, double[]> g : blockSums.entrySet()) {
            blocks.add(row(g.getKey(), g.getValue()));
            for (int k = 0; k < total.length; k++) {
                total[k] += g.getValue()[k];
            }
        }
        return new Result(rows, blocks, row("total", total), nonFinite);
    }

    private static double dot(NDArray x, NDArray y) {
        return x.toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                .mul(y.toType(ai.djl.ndarray.types.DataType.FLOAT64, false)).sum().getDouble();
    }

    /** s = {<A,A>, <B,B>, <A,B>, <B-A,B-A>, scalars}. */
    private static Row row(String name, double[] s) {
        long n = (long) s[4];
        double normA = Math.sqrt(s[0]);
        double normB = Math.sqrt(s[1]);
        double normD = Math.sqrt(s[3]);
        double rel = normA > 0 ? normD / normA : Double.NaN;
        double cos = normA > 0 && normB > 0 ? s[2] / (normA * normB) : Double.NaN;
        return new Row(name, n, normA, normD, rel, cos);
    }
}
