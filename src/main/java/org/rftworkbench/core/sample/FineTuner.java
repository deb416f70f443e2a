package org.rftworkbench.core.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.core.model.OpenClipClassifier;
import org.rftworkbench.core.util.Progress;

/**
 * Fine-tuning of an image classifier with cross-entropy on clean training images: the "fine-tuned" endpoint of a
 * WiSE-FT pair. AdamW with a cosine schedule. By default end to end (image tower + head, every parameter), one-hot
 * targets and no augmentation, as the two single-pair samples were made; the options the fine-tuning literature
 * varies across a pool of runs (label smoothing, strong augmentation, training the head only) are off unless
 * {@link Settings} asks for them, and when off the computation is exactly the default one. Runs on the calling thread
 * (same rules as {@link ClipPretrainer}).
 */
public final class FineTuner {
    /**
     * @param epochs         passes over the training images
     * @param batchSize      images per step
     * @param lr             peak learning rate
     * @param weightDecay    AdamW decoupled decay on matrices
     * @param warmupFraction share of steps with linear warm-up
     * @param seed           drives the image order (and, offset by {@link #AUGMENTATION_SEED_OFFSET}, the
     *                       augmentation draws)
     * @param labelSmoothing epsilon of label smoothing: targets (1 - epsilon) one-hot + epsilon / classes; 0 = none
     * @param augmentation   what is done to each training image before it enters the model
     * @param headOnly       train only the classification head (the image tower stays A's: a linear probe started
     *                       from the zero-shot head); false = every parameter
     */
    public record Settings(double epochs, int batchSize, double lr, double weightDecay, double warmupFraction,
            long seed, double labelSmoothing, Augmentation augmentation, boolean headOnly) {
        public Settings {
            if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
                throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
            }
            augmentation = augmentation == null ? Augmentation.NONE : augmentation;
        }

        /** End to end, one-hot targets, no augmentation: how the single-pair samples are fine-tuned. */
        public Settings(double epochs, int batchSize, double lr, double weightDecay, double warmupFraction,
                long seed) {
            this(epochs, batchSize, lr, weightDecay, warmupFraction, seed, 0, Augmentation.NONE, false);
        }

        /** True when no option departs from the default end-to-end, one-hot, unaugmented fine-tuning. */
        public boolean isDefault() {
            return labelSmoothing == 0 && augmentation == Augmentation.NONE && !headOnly;
        }
    }

    /** Offset between the image-order seed and the seed of the augmentation draws (two independent streams). */
    public static final long AUGMENTATION_SEED_OFFSET = 7919;

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
        Map<String, NDArray> trained = trainedParameters(model, s.headOnly());
        trained.values().forEach(p -> p.setRequiresGradient(true));
        int steps = TrainingBatches.steps(s.epochs(), train.count(), s.batchSize());
        CosineSchedule schedule = CosineSchedule.withWarmupFraction(s.lr(), steps, s.warmupFraction());
        int[][] order = TrainingBatches.order(steps, s.batchSize(), train.count(), new Random(s.seed()));
        Random augmentationRng = new Random(s.seed() + AUGMENTATION_SEED_OFFSET);
        int size = train.size();
        int classes = model.numClasses();
        NDManager manager = model.manager();
        double firstLoss = Double.NaN;
        double tailSum = 0;
        int tailCount = 0;
        int tailFrom = steps - Math.max(1, steps / 10);
        long lastLog = System.nanoTime();
        String task = "fine-tune " + label;
        try (AdamW optimizer = AdamW.withDefaults(trained, s.weightDecay())) {
            for (int step = 0; step < steps; step++) {
                progress.checkCancelled();
                progress.update(task, step, steps);
                float[] input = new float[s.batchSize() * 3 * size * size];
                float[] target = new float[s.batchSize() * classes];
                byte[] pixels = new byte[size * size];
                for (int b = 0; b < s.batchSize(); b++) {
                    int index = order[step][b];
                    System.arraycopy(train.pixels(), index * size * size, pixels, 0, size * size);
                    if (s.augmentation() == Augmentation.NONE) {
                        TrainingBatches.putNormalised(pixels, input, b);
                    } else {
                        TrainingBatches.putNormalised(s.augmentation().apply(pixels, size, augmentationRng), input,
                                b);
                    }
                    putTarget(target, b, classes, train.labels()[index], s.labelSmoothing());
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
            trained.values().forEach(p -> p.setRequiresGradient(false));
        }
        progress.update(task, steps, steps);
        return new Result(steps, firstLoss, tailSum / tailCount, (System.nanoTime() - start) / 1e9);
    }

    /** Every parameter, or only the classification head's. */
    static Map<String, NDArray> trainedParameters(OpenClipClassifier model, boolean headOnly) {
        if (!headOnly) {
            return model.parameters();
        }
        Map<String, NDArray> head = new LinkedHashMap<>();
        model.parameters().forEach((name, p) -> {
            if (name.startsWith("classification_head.")) {
                head.put(name, p);
            }
        });
        return head;
    }

    /**
     * Writes the target row of image {@code slot}: one-hot for {@code epsilon} 0 (exactly 1 and 0), else
     * {@code (1 - epsilon)} one-hot + {@code epsilon / classes} (PyTorch's {@code label_smoothing}).
     */
    static void putTarget(float[] target, int slot, int classes, int label, double epsilon) {
        if (epsilon == 0) {
            target[slot * classes + label] = 1f;
            return;
        }
        float off = (float) (epsilon / classes);
        float on = (float) (1 - epsilon + epsilon / classes);
        for (int c = 0; c < classes; c++) {
            target[slot * classes + c] = c == label ? on : off;
        }
    }
}
