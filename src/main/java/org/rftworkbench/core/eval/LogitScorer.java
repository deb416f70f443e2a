package org.rftworkbench.core.eval;

/**
 * Accumulates top-1/top-5 hits, cross-entropy and per-class counts from float logits, on the CPU in double precision.
 * Logits of subset datasets are restricted to the subset's head columns first (ImageNet-R/-A style masking).
 *
 * <p>Non-finite values are never a success: an image whose (restricted) logit row holds any NaN or +-Inf counts as
 * wrong for top-1 and top-5 (comparisons with NaN are false, so ranking it would put the true class first), is
 * counted in {@code nonFinite}, and its cross-entropy is left out of the loss sum (the mean loss is over the finite
 * rows only; see {@link DatasetMetrics#loss()}). Finite rows score exactly as they always did.
 * Not thread-safe.
 */
final class LogitScorer {
    private final int[] columns;
    private final long[] perClassCorrect;
    private final long[] perClassCount;
    private long correctTop1;
    private long correctTop5;
    private double lossSum;
    private int n;
    private long nonFinite;

    /**
     * @param columns head column of each dataset class (column j of the restricted logits is dataset class j), or
     *                null to use all head columns with {@code labelColumn} mapping
     */
    LogitScorer(int[] columns, int datasetClasses) {
        this.columns = columns;
        this.perClassCorrect = new long[datasetClasses];
        this.perClassCount = new long[datasetClasses];
    }

    /**
     * Scores one image.
     *
     * @param logits      the batch's logits, row-major [batch, headClasses]
     * @param offset      start of this image's row
     * @param headClasses row length
     * @param target      column (within the restricted set when {@code columns != null}) of the true class
     * @param datasetClass dataset label, for per-class counts
     */
    void add(float[] logits, int offset, int headClasses, int target, int datasetClass) {
        int k = columns == null ? headClasses : columns.length;
        n++;
        perClassCount[datasetClass]++;
        for (int j = 0; j < k; j++) {
            if (!Float.isFinite(logits[offset + (columns == null ? j : columns[j])])) {
                nonFinite++; // wrong for top-1 and top-5, no loss term
                return;
            }
        }
        double targetLogit = logit(logits, offset, target);
        double max = Double.NEGATIVE_INFINITY;
        int rank = 0;
        for (int j = 0; j < k; j++) {
            double z = logit(logits, offset, j);
            max = Math.max(max, z);
            if (z > targetLogit || (z == targetLogit && j < target)) {
                rank++;
            }
        }
        double sumExp = 0;
        for (int j = 0; j < k; j++) {
            sumExp += Math.exp(logit(logits, offset, j) - max);
        }
        lossSum += max + Math.log(sumExp) - targetLogit;
        if (rank == 0) {
            correctTop1++;
            perClassCorrect[datasetClass]++;
        }
        if (rank < 5) {
            correctTop5++;
        }
    }

    private double logit(float[] logits, int offset, int j) {
        return logits[offset + (columns == null ? j : columns[j])];
    }

    DatasetMetrics result(String dataset, java.util.List<String> classNames) {
        return new DatasetMetrics(dataset, n, correctTop1, correctTop5, lossSum, classNames,
                perClassCorrect.clone(), perClassCount.clone(), nonFinite);
    }
}
