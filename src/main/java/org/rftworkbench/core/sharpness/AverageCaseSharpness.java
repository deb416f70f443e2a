package org.rftworkbench.core.sharpness;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;
import org.rftworkbench.core.model.WeightModel;
import org.rftworkbench.core.util.Progress;

/**
 * Average-case m-sharpness of one batch (method-notes 3.2): the mean over K draws of L(w0 + rho * c * z) - L(w0), with
 * z from a {@link NoiseSource} (unscaled: no division by the dimension, as in the reference). Cost: K + 1 forward
 * passes per batch, no backward. Not thread-safe.
 */
final class AverageCaseSharpness {
    private final WeightModel model;
    private final SharpnessSettings settings;
    private final NoiseSource noise;
    private final Runnable afterPerturbation;

    AverageCaseSharpness(WeightModel model, SharpnessSettings settings, NoiseSource noise,
            Runnable afterPerturbation) {
        this.model = model;
        this.settings = settings;
        this.noise = noise;
        this.afterPerturbation = afterPerturbation;
    }

    BatchOutcome run(PerturbedGroup group, int batch, NDArray images, NDArray targets, BatchLoss loss,
            Progress progress) {
        int n = group.size();
        List<NDArray> radius = new ArrayList<>(n); // rho * c, as the reference scales: z * (rho * c)
        for (int k = 0; k < n; k++) {
            NDArray c = group.scale(k);
            radius.add(c == null ? null : c.mul((float) settings.rho()));
        }
        double[] clean = evaluate(images, targets, loss);
        double lossSum = 0;
        double errorSum = 0;
        noise.startBatch(batch);
        try {
            for (int s = 0; s < settings.samples(); s++) {
                progress.checkCancelled();
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    List<NDArray> delta = new ArrayList<>(n);
                    for (int k = 0; k < n; k++) {
                        NDArray p = group.param(k);
                        NDArray z = noise.draw(batch, s, group.names().get(k), p.getShape(), p.getManager());
                        delta.add(radius.get(k) == null ? z.mul((float) settings.rho()) : z.mul(radius.get(k)));
                    }
                    group.setPerturbation(delta);
                    afterPerturbation.run();
                    double[] noisy = evaluate(images, targets, loss);
                    lossSum += noisy[0];
                    errorSum += noisy[1];
                }
            }
        } finally {
            noise.endBatch();
            group.restore();
            radius.stream().filter(r -> r != null).forEach(NDArray::close);
        }
        int k = settings.samples();
        return new BatchOutcome(clean[0], clean[1], lossSum / k, errorSum / k, 0, 0, k + 1);
    }

    private double[] evaluate(NDArray images, NDArray targets, BatchLoss loss) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray z = loss.prepare(model.forward(images, false));
            return new double[] {BatchLoss.loss(z, targets).getFloat(), BatchLoss.error(z, targets)};
        }
    }
}
