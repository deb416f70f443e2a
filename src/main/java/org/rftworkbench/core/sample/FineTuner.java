package org.rftworkbench.core.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Locale;
import java.util.Random;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.core.model.OpenClipClassifier;
import org.rftworkbench.core.util.Progress;

/**
 * End-to-end fine-tuning of an image classifier (image tower + head, every parameter) with cross-entropy on clean
 * images only, no augmentation: the "fine-tuned" endpoint of a WiSE-FT pair. AdamW with a cosine schedule. Runs on
 * the calling thread (same rules as {@link ClipPretrainer}).
 */
public final class FineTuner {
    /**
     * @param epochs         passes over the training images
     * @param batchSize      images per step
     * @param lr             peak learning rate
     * @param weightDecay    AdamW decoupled decay on matrices
     * @param warmupFraction share of steps with linear warm-up
     * @param seed           drives the image order
     */
    public record Settings(double epochs, int batchSize, double lr, double weightDecay, double warmupFraction,
            long seed) {
    }

    /**
     * @param steps     optimiser steps
     * @param firstLoss loss of the first step
     * @param lastLoss  mean loss over the last 10% of steps
     * @param seconds   wall time
     */
    public record Result(int steps, double firstLoss, double lastLoss, double seconds) {
    }

    private FineTuner() {
    }

    /** Trains every parameter of {@code model} in place. */
    public static Result run(LabelledImages train, OpenClipClassifier model, Settings s, String label,
            TrainingLog log, Progress progress) {
        long start = System.nanoTime();
        model.parameters().values().forEach(p -> p.setRequiresGradient(true));
        int steps = TrainingBatches.steps(s.epochs(), train.count(), s.batchSize());
        CosineSchedule schedule = CosineSchedule.withWarmupFraction(s.lr(), steps, s.warmupFraction());
        int[][] order = TrainingBatches.order(steps, s.batchSize(), train.count(), new Random(s.seed()));
        int size = train.size();
        int classes = model.numClasses();
        NDManager manager = model.manager();
        double firstLoss = Double.NaN;
        double tailSum = 0;
        int tailCount = 0;
        int tailFrom = steps - Math.max(1, steps / 10);
        long lastLog = System.nanoTime();
        String task = "fine-tune " + label;
        try (AdamW optimizer = AdamW.withDefaults(model.parameters(), s.weightDecay())) {
            for (int step = 0; step < steps; step++) {
                progress.checkCancelled();
                progress.update(task, step, steps);
                float[] input = new float[s.batchSize() * 3 * size * size];
                float[] target = new float[s.batchSize() * classes];
                byte[] pixels = new byte[size * size];
                for (int b = 0; b < s.batchSize(); b++) {
                    int index = order[step][b];
                    System.arraycopy(train.pixels(), index * size * size, pixels, 0, size * size);
                    TrainingBatches.putNormalised(pixels, input, b);
                    target[b * classes + train.labels()[index]] = 1f;
                }
                double loss;
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray images = TrainingBatches.tensor(manager, input, s.batchSize(), size);
                    NDArray oneHot = manager.create(target, new Shape(s.batchSize(), classes));
                    NDArray lossArray;
                    try (GradientCollector collector = Engines.pytorch().newGradientCollector()) {
                        NDArray logits = model.forward(images, true);
                        lossArray = logits.logSoftmax(1).mul(oneHot).sum().neg().div(s.batchSize());
                        collector.backward(lossArray);
                    }
                    loss = lossArray.getFloat();
                    optimizer.step(schedule.rate(step));
                    optimizer.zeroGradients();
                }
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException(task + " diverged at step " + step + " (loss " + loss + ")");
                }
                if (step == 0) {
                    firstLoss = loss;
                }
                if (step >= tailFrom) {
                    tailSum += loss;
                    tailCount++;
                }
                if (step == 0 || step == steps - 1 || System.nanoTime() - lastLog > 30e9) {
                    lastLog = System.nanoTime();
                    log.line(String.format(Locale.ROOT, "%s step %d/%d loss %.4f lr %.2e (%.0f s)", task, step + 1,
                            steps, loss, schedule.rate(step), (System.nanoTime() - start) / 1e9));
                }
            }
        } finally {
            model.parameters().values().forEach(p -> p.setRequiresGradient(false));
        }
        progress.update(task, steps, steps);
        return new Result(steps, firstLoss, tailSum / tailCount, (System.nanoTime() - start) / 1e9);
    }
}
