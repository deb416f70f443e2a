package org.rftworkbench.core.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.core.model.OpenClipClassifier;
import org.rftworkbench.core.model.text.OpenClipTextEncoder;
import org.rftworkbench.core.util.Progress;

/**
 * Contrastive pretraining of a miniature CLIP (image tower + text tower + logit_scale) on styled training images
 * paired with captions "STYLE-TEMPLATE CLASS" ("a sketch of a Sneaker."). Each image gets one style: the clean photo
 * with probability {@code cleanProbability}, else one of the other styles uniformly, so the clean domain is rare, as
 * product photos are a sliver of CLIP's web data. Loss: {@link ContrastiveLoss} over all distinct captions (every
 * step encodes every caption once). Optimiser: {@link AdamW} with a {@link CosineSchedule}; logit_scale is clamped
 * to ln(100) after each step, as in CLIP.
 *
 * <p>Runs on the calling thread, which must own the towers and have grad mode off outside the collector
 * ({@code Models.prepareComputeThread()}). Each step runs in its own {@code NDScope}, so memory stays flat.
 */
public final class ClipPretrainer {
    private static final float MAX_LOGIT_SCALE = (float) Math.log(100);

    /**
     * @param epochs           passes over the training images (fractional allowed)
     * @param batchSize        images per step
     * @param lr               peak learning rate
     * @param weightDecay      AdamW decoupled decay on matrices
     * @param warmupFraction   share of steps with linear warm-up
     * @param cleanProbability chance an image is shown as the clean photo
     * @param styles           caption styles; index 0 must be {@link Style#CLEAN}
     * @param seed             drives the image order, the styles and their random parameters
     */
    public record Settings(double epochs, int batchSize, double lr, double weightDecay, double warmupFraction,
            double cleanProbability, List<Style> styles, long seed) {
        public Settings {
            styles = List.copyOf(styles);
            if (styles.isEmpty() || styles.get(0) != Style.CLEAN || styles.size() < 2) {
                throw new IllegalArgumentException("pretraining styles must start with clean and have another style");
            }
        }
    }

    /**
     * @param steps      optimiser steps taken
     * @param firstLoss  loss of the first step
     * @param lastLoss   mean loss over the last 10% of steps
     * @param logitScale exp(logit_scale) at the end
     * @param seconds    wall time
     */
    public record Result(int steps, double firstLoss, double lastLoss, double logitScale, double seconds) {
    }

    private ClipPretrainer() {
    }

    /**
     * Trains {@code imageTower}'s {@code visual.*} parameters and all of {@code textTower}'s in place.
     *
     * @param captionTokens token ids of caption {@code styleIndex * classes + label}, all of the same length
     */
    public static Result run(LabelledImages train, OpenClipClassifier imageTower, OpenClipTextEncoder textTower,
            int[][] captionTokens, int classes, Settings s, TrainingLog log, Progress progress) {
        long start = System.nanoTime();
        Map<String, NDArray> trained = new LinkedHashMap<>();
        imageTower.parameters().forEach((name, p) -> {
            if (name.startsWith("visual.")) {
                trained.put(name, p);
            }
        });
        trained.putAll(textTower.parameters());
        trained.values().forEach(p -> p.setRequiresGradient(true));
        int steps = TrainingBatches.steps(s.epochs(), train.count(), s.batchSize());
        CosineSchedule schedule = CosineSchedule.withWarmupFraction(s.lr(), steps, s.warmupFraction());
        Random rng = new Random(s.seed());
        int[][] order = TrainingBatches.order(steps, s.batchSize(), train.count(), rng);
        int size = train.size();
        NDManager manager = imageTower.manager();
        NDArray logitScale = textTower.parameters().get(OpenClipTextEncoder.LOGIT_SCALE);
        double firstLoss = Double.NaN;
        double tailSum = 0;
        int tailCount = 0;
        int tailFrom = steps - Math.max(1, steps / 10);
        long lastLog = System.nanoTime();
        try (AdamW optimizer = AdamW.withDefaults(trained, s.weightDecay())) {
            for (int step = 0; step < steps; step++) {
                progress.checkCancelled();
                progress.update("pretrain CLIP", step, steps);
                float[] input = new float[s.batchSize() * 3 * size * size];
                int[] captionOf = new int[s.batchSize()];
                for (int b = 0; b < s.batchSize(); b++) {
                    int index = order[step][b];
                    int styleIndex = rng.nextDouble() < s.cleanProbability() ? 0
                            : 1 + rng.nextInt(s.styles().size() - 1);
                    byte[] pixels = ImageOps.toBytes(s.styles().get(styleIndex).render(train.image(index), size, rng));
                    TrainingBatches.putNormalised(pixels, input, b);
                    captionOf[b] = styleIndex * classes + train.labels()[index];
                }
                double loss;
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray images = TrainingBatches.tensor(manager, input, s.batchSize(), size);
                    NDArray lossArray;
                    try (GradientCollector collector = Engines.pytorch().newGradientCollector()) {
                        NDArray imageFeatures = imageTower.features(images);
                        NDArray textFeatures = textTower.encodeNormalised(captionTokens);
                        lossArray = ContrastiveLoss.loss(imageFeatures, textFeatures, logitScale, captionOf);
                        collector.backward(lossArray);
                        textFeatures.close(); // attached to the encoder's manager, not to this scope
                    }
                    loss = lossArray.getFloat();
                    optimizer.step(schedule.rate(step));
                    optimizer.zeroGradients();
                    if (logitScale.getFloat() > MAX_LOGIT_SCALE) {
                        logitScale.set(new NDIndex("..."), MAX_LOGIT_SCALE);
                    }
                }
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("pretraining diverged at step " + step + " (loss " + loss + ")");
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
                    log.line(String.format(Locale.ROOT, "pretrain step %d/%d loss %.4f lr %.2e scale %.2f (%.0f s)",
                            step + 1, steps, loss, schedule.rate(step), Math.exp(logitScale.getFloat()),
                            (System.nanoTime() - start) / 1e9));
                }
            }
        } finally {
            trained.values().forEach(p -> p.setRequiresGradient(false));
        }
        progress.update("pretrain CLIP", steps, steps);
        return new Result(steps, firstLoss, tailSum / tailCount, Math.exp(logitScale.getFloat()),
                (System.nanoTime() - start) / 1e9);
    }
}
