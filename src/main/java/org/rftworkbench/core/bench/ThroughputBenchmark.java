package org.rftworkbench.core.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rftworkbench.core.data.ClassMapping;
import org.rftworkbench.core.data.PreparedDataset;
import org.rftworkbench.core.eval.Evaluator;
import org.rftworkbench.core.interpolate.Interpolator;
import org.rftworkbench.core.model.WeightModel;
import org.rftworkbench.core.util.Progress;

/**
 * Measures the two hot paths against their floor, in the same run so that machine noise affects both alike:
 * interpolation per alpha against a single-pass copy of the same bytes, and evaluation throughput against pure
 * forward passes on pre-loaded tensors. Reports medians. Runs on the model's thread.
 */
public final class ThroughputBenchmark {
    private ThroughputBenchmark() {
    }

    /** Median milliseconds of one interpolation and of one copy of all working-model tensors from B. */
    public record InterpolationTiming(long scalars, double interpolateMs, double copyMs) {
        public double ratio() {
            return interpolateMs / copyMs;
        }
    }

    /** Images per second of the evaluator and of bare forward passes at the same batch size. */
    public record EvaluationTiming(int images, int batchSize, double evaluateImagesPerSecond,
            double forwardImagesPerSecond) {
        public double ratio() {
            return evaluateImagesPerSecond / forwardImagesPerSecond;
        }
    }

    /**
     * Interleaves {@code repeats} interpolations at random interior alphas with {@code repeats} copies of B into the
     * working model (the least any interpolation has to do: write every byte once).
     */
    public static InterpolationTiming interpolation(Interpolator interpolator, Map<String, NDArray> fromB,
            int repeats) {
        WeightModel working = interpolator.working();
        NDIndex all = new NDIndex("...");
        SplittableRandom random = new SplittableRandom(42);
        List<Double> interp = new ArrayList<>();
        List<Double> copy = new ArrayList<>();
        interpolator.apply(0.5); // warm-up
        for (int r = 0; r < repeats + 1; r++) {
            double alpha = 0.05 + 0.9 * random.nextDouble();
            long t0 = System.nanoTime();
            interpolator.apply(alpha);
            long t1 = System.nanoTime();
            for (Map.Entry<String, NDArray> e : working.parameters().entrySet()) {
                e.getValue().set(all, fromB.get(e.getKey()));
            }
            long t2 = System.nanoTime();
            if (r > 0) { // the first round warms the copy path
                interp.add((t1 - t0) / 1e6);
                copy.add((t2 - t1) / 1e6);
            }
        }
        long scalars = working.parameters().values().stream().mapToLong(NDArray::size).sum();
        return new InterpolationTiming(scalars, median(interp), median(copy));
    }

    /**
     * Evaluator throughput on a prepared dataset versus forward passes on one pre-loaded random batch of the same
     * shape, both over {@code rounds} rounds (median of rounds).
     */
    public static EvaluationTiming evaluation(WeightModel model, PreparedDataset data, ClassMapping mapping,
            int batchSize, int rounds) {
        int images = data.size();
        int size = data.imageSize();
        List<Double> evalRates = new ArrayList<>();
        List<Double> forwardRates = new ArrayList<>();
        try (Evaluator evaluator = new Evaluator(model, batchSize);
                NDArray x = model.manager().randomNormal(new Shape(batchSize, 3, size, size))) {
            forwardOnly(model, x, 2); // warm-up of both paths
            evaluator.evaluate(data, mapping, Progress.NONE);
            int batches = (images + batchSize - 1) / batchSize;
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                evaluator.evaluate(data, mapping, Progress.NONE);
                long t1 = System.nanoTime();
                forwardOnly(model, x, batches);
                long t2 = System.nanoTime();
                evalRates.add(images / ((t1 - t0) / 1e9));
                forwardRates.add((double) batches * batchSize / ((t2 - t1) / 1e9));
            }
        }
        return new EvaluationTiming(images, batchSize, median(evalRates), median(forwardRates));
    }

    private static void forwardOnly(WeightModel model, NDArray x, int batches) {
        for (int i = 0; i < batches; i++) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                model.forward(x, false).toFloatArray(); // the evaluator also copies logits to the CPU
            }
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
