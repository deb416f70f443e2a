package org.rftworkbench.core.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter) over named parameter arrays, updated in place, with PyTorch's arithmetic
 * ({@code torch.optim.AdamW}, single-tensor path): {@code p *= 1 - lr*wd} (decoupled decay, only for parameters with
 * two or more dimensions, as open_clip excludes gains, biases, 1-D embeddings and logit_scale), then
 * {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2},
 * {@code p -= lr / (1-b1^t) * m / (sqrt(v) / sqrt(1-b2^t) + eps)}.
 *
 * <p>DJL's own optimizers work on {@code Parameter} objects of blocks; these towers are plain arrays, hence this class.
 * The gradients are the arrays' {@code getGradient()} (filled by a {@code GradientCollector}); parameters without a
 * gradient are skipped. Must be called with grad mode off (outside the collector), on the thread that owns the
 * arrays. Not thread-safe. The moment estimates live in this optimizer's own manager, freed by {@link #close()}.
 */
public final class AdamW implements AutoCloseable {
    private final Map<String, NDArray> parameters;
    private final Map<String, NDArray> firstMoment = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoment = new LinkedHashMap<>();
    private final NDManager manager;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private int steps;

    /**
     * @param parameters  live parameter arrays by name (all on one device); kept by reference
     * @param weightDecay decoupled decay coefficient for parameters with two or more dimensions
     */
    public AdamW(Map<String, NDArray> parameters, double beta1, double beta2, double eps, double weightDecay) {
        this.parameters = new LinkedHashMap<>(parameters);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        NDArray any = parameters.values().iterator().next();
        this.manager = NDManager.newBaseManager(any.getDevice());
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            firstMoment.put(e.getKey(), manager.zeros(e.getValue().getShape(), e.getValue().getDataType()));
            secondMoment.put(e.getKey(), manager.zeros(e.getValue().getShape(), e.getValue().getDataType()));
        }
    }

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8. */
    public static AdamW withDefaults(Map<String, NDArray> parameters, double weightDecay) {
        return new AdamW(parameters, 0.9, 0.999, 1e-8, weightDecay);
    }

    /** True for parameters that get weight decay (two or more dimensions). */
    public static boolean decays(NDArray parameter) {
        return parameter.getShape().dimension() >= 2;
    }

    /** One update with learning rate {@code lr} from the current gradients. */
    public void step(double lr) {
        steps++;
        double bias1 = 1 - Math.pow(beta1, steps);
        double bias2Sqrt = Math.sqrt(1 - Math.pow(beta2, steps));
        float stepSize = (float) (lr / bias1);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
                NDArray p = e.getValue();
                NDArray g = p.getGradient();
                if (g == null) {
                    continue;
                }
                if (weightDecay != 0 && decays(p)) {
                    p.muli((float) (1 - lr * weightDecay));
                }
                NDArray m = firstMoment.get(e.getKey());
                NDArray v = secondMoment.get(e.getKey());
                m.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
                v.muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
                NDArray denom = v.sqrt().divi((float) bias2Sqrt).addi((float) eps);
                p.subi(m.div(denom).muli(stepSize));
            }
        }
    }

    /** Sets every parameter's gradient to zero (PyTorch accumulates gradients across backward passes). */
    public void zeroGradients() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (NDArray p : parameters.values()) {
                NDArray g = p.getGradient();
                if (g != null) {
                    g.muli(0f);
                }
            }
        }
    }

    /** Number of {@link #step} calls so far. */
    public int steps() {
        return steps;
    }

    @Override
    public void close() {
        manager.close();
    }
}
