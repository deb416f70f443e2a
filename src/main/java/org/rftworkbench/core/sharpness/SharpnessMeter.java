package org.rftworkbench.core.sharpness;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.rftworkbench.core.model.WeightModel;
import org.rftworkbench.core.util.Progress;

/**
 * Measures the sharpness of a parameter group of the working model at its current weights (e.g. theta(alpha) written
 * by the interpolator), with one set of {@link SharpnessSettings}. Only the group is perturbed (its step, projection
 * and momentum; everything else is never written), and it holds exactly its original values again when
 * {@link #measure} returns or throws (cancellation included). No model copy is made: the extra memory is a few
 * group-sized buffers.
 *
 * <p>Not thread-safe: call on the thread that owns the model (see {@link WeightModel}); libtorch allows one gradient
 * collector at a time per process.
 */
public final class SharpnessMeter {
    private final WeightModel model;
    private final SharpnessData data;
    private final SharpnessSettings settings;
    private final NoiseSource noise;
    private final BatchLoss loss;
    private Runnable afterPerturbation = () -> { };
    private final java.nio.ByteBuffer staging;

    /**
     * @param noise average-case noise, or null for the default {@link SeededNoise} of the settings
     * @throws IllegalArgumentException when the data's n or m differ from the settings
     */
    public SharpnessMeter(WeightModel model, SharpnessData data, SharpnessSettings settings, NoiseSource noise) {
        if (data.examples() != settings.examples() || data.batchSize() != settings.batchSize()) {
            throw new IllegalArgumentException("sharpness data has n=" + data.examples() + ", m=" + data.batchSize()
                    + " but the settings ask for n=" + settings.examples() + ", m=" + settings.batchSize());
        }
        this.model = model;
        this.data = data;
        this.settings = settings;
        this.noise = noise != null ? noise : new SeededNoise(settings.noise(), settings.seed());
        this.loss = new BatchLoss(settings.logitNormalization(), data.logitColumns());
        this.staging = data.newStagingBuffer();
    }

    /** Test hook: runs each time a perturbation has been written into the model. */
    void afterEachPerturbation(Runnable hook) {
        this.afterPerturbation = hook;
    }

    public SharpnessSettings settings() {
        return settings;
    }

    public SharpnessData data() {
        return data;
    }

    public NoiseSource noise() {
        return noise;
    }

    /** The floating parameters of the model that pass the settings' include/exclude filters, in model order. */
    public List<String> perturbable() {
        return perturbable(model.parameters().keySet());
    }

    /** The given names that are floating parameters passing the filters, in the given order. */
    public List<String> perturbable(Collection<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            NDArray p = model.parameters().get(n);
            if (p != null && p.getDataType().isFloating() && settings.perturbs(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * Median wall time of one forward+backward pass (gradients for the given group only, as in its measurement) and
     * of one forward pass on the first batch, after one warm-up: the unit of the cost estimate and of the benchmark.
     * Weights are not changed.
     *
     * @return {forward+backward seconds, forward seconds}
     */
    public double[] timePasses(List<String> group, int repeats) {
        double[] fb = new double[repeats];
        double[] f = new double[repeats];
        try (PerturbedGroup g = new PerturbedGroup(model, group, false, 0);
                NDManager batchManager = model.manager().newSubManager()) {
            NDArray x = data.images(0, batchManager, staging);
            NDArray y = data.targets(0, batchManager);
            WorstCaseSharpness probe = new WorstCaseSharpness(model, settings, afterPerturbation);
            for (int r = -1; r < repeats; r++) {
                long t0 = System.nanoTime();
                probe.evaluate(g, x, y, loss, true);
                long t1 = System.nanoTime();
                probe.evaluate(g, x, y, loss, false);
                long t2 = System.nanoTime();
                if (r >= 0) {
                    fb[r] = (t1 - t0) / 1e9;
                    f[r] = (t2 - t1) / 1e9;
                }
            }
        }
        java.util.Arrays.sort(fb);
        java.util.Arrays.sort(f);
        return new double[] {fb[repeats / 2], f[repeats / 2]};
    }

    /**
     * Sharpness of {@code group} (names of model parameters; not filtered again) averaged over the batches.
     *
     * @param task label for progress updates (units: batches of this measurement)
     * @throws org.rftworkbench.core.util.CancelledException when cancelled (checked every iteration / draw)
     */
    public SharpnessValue measure(List<String> group, String task, Progress progress) {
        long start = System.nanoTime();
        int batches = data.batchCount();
        double clean = 0;
        double cleanErr = 0;
        double perturbed = 0;
        double perturbedErr = 0;
        double maxDelta = 0;
        int fwdBwd = 0;
        int fwdOnly = 0;
        long scalars;
        try (PerturbedGroup g = new PerturbedGroup(model, group, settings.adaptive(), settings.eta())) {
            scalars = g.scalarCount();
            WorstCaseSharpness worst = new WorstCaseSharpness(model, settings, afterPerturbation);
            AverageCaseSharpness average = new AverageCaseSharpness(model, settings, noise, afterPerturbation);
            for (int b = 0; b < batches; b++) {
                progress.checkCancelled();
                BatchOutcome o;
                try (NDManager batchManager = model.manager().newSubManager()) {
                    NDArray x = data.images(b, batchManager, staging);
                    NDArray y = data.targets(b, batchManager);
                    o = settings.definition() == SharpnessSettings.Definition.WORST_CASE
                            ? worst.run(g, x, y, loss, progress)
                            : average.run(g, b, x, y, loss, progress);
                }
                clean += o.cleanLoss();
                cleanErr += o.cleanError();
                perturbed += o.perturbedLoss();
                perturbedErr += o.perturbedError();
                maxDelta = Math.max(maxDelta, o.deltaNorm());
                fwdBwd += o.forwardBackward();
                fwdOnly += o.forwardOnly();
                progress.update(task, b + 1, batches);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new SharpnessValue((perturbed - clean) / batches, (perturbedErr - cleanErr) / batches,
                clean / batches, cleanErr / batches, perturbed / batches, perturbedErr / batches, maxDelta, scalars,
                batches, fwdBwd, fwdOnly, seconds);
    }
}
