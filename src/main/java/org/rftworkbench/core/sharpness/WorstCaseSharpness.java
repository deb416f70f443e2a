package org.rftworkbench.core.sharpness;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.rftworkbench.core.model.WeightModel;
import org.rftworkbench.core.util.Progress;

/**
 * Worst-case m-sharpness of one batch by m-APGD on the weights (method-notes 3.3 and 3.3a): delta starts at 0, the
 * step starts at 2 rho, each iteration takes a sign (l_inf) or normalised-gradient (l_2) step scaled by c, projects
 * onto the ball {|delta / c| <= rho}, mixes with the previous delta (0.75 / 0.25) and sets w = w0 + delta; the worst
 * loss is tracked; at the APGD checkpoints the step is halved and the next gradient is taken at the worst point found
 * so far ("grad-point reload": delta itself is not reset).
 *
 * <p>Cost: T forward+backward passes per batch (the clean point's pass also gives the first gradient; each new point's
 * pass gives the loss that the reference evaluates separately and the next gradient; the gradient of the worst point
 * is kept, so a reload costs no extra pass; the last iteration needs a forward only). Memory: five group-sized fp32
 * buffers (w0, delta, previous delta, the worst point's gradient, plus the live gradient) plus the scale c when adaptive.
 *
 * <p>Not thread-safe: run on the thread that owns the model.
 */
final class WorstCaseSharpness {
    static final float MOMENTUM = 0.75f;
    static final double STEP_CUT = 0.5;
    static final double MIN_UPDATE_RATIO = 0.75;
    private static final double L2_EPS = 1e-12;
    private static final double BISECTION_TOLERANCE = 1e-5;
    private static final int BISECTION_MAX_ITERATIONS = 10_000;

    private final WeightModel model;
    private final SharpnessSettings settings;
    private final int[] checkpoints;
    private final Runnable afterPerturbation;

    /** @param afterPerturbation called each time w0 + delta has been written (tests inspect the weights) */
    WorstCaseSharpness(WeightModel model, SharpnessSettings settings, Runnable afterPerturbation) {
        this.model = model;
        this.settings = settings;
        this.checkpoints = ApgdSchedule.checkpoints(settings.steps());
        this.afterPerturbation = afterPerturbation;
    }

    /**
     * Runs the ascent on one batch. The group's parameters hold w0 on entry and on return (also on cancellation,
     * through the caller's {@link PerturbedGroup#close()}).
     */
    BatchOutcome run(PerturbedGroup group, NDArray images, NDArray targets, BatchLoss loss, Progress progress) {
        int n = group.size();
        double rho = settings.rho();
        Buffers b = new Buffers(group, settings);
        Point clean = evaluate(group, images, targets, loss, true);
        int fwdBwd = 1;
        int fwdOnly = 0;
        double worstLoss = clean.loss;
        double worstError = clean.error;
        double worstDeltaNorm = 0;
        copyGradients(group, b.worstGradient);

        double step = 2 * rho;
        double previousStep = step;
        double previousWorst = worstLoss;
        int previousCheckpoint = 0;
        int improvements = 0;
        boolean gradientAtWorst = false;
        for (int i = 0; i < settings.steps(); i++) {
            progress.checkCancelled();
            boolean last = i == settings.steps() - 1;
            Point current;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                List<NDArray> gradient = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    gradient.add(gradientAtWorst ? b.worstGradient.get(k) : group.gradient(k));
                }
                List<NDArray> next = ascend(group, b, gradient, step);
                for (int k = 0; k < n; k++) {
                    b.previous.get(k).set(PerturbedGroup.ALL, b.delta.get(k));
                    b.delta.get(k).set(PerturbedGroup.ALL, next.get(k));
                }
                group.setPerturbation(b.delta);
                afterPerturbation.run();
                current = evaluate(group, images, targets, loss, !last);
                if (last) {
                    fwdOnly++;
                } else {
                    fwdBwd++;
                }
                if (current.loss > worstLoss) {
                    worstLoss = current.loss;
                    worstError = current.error;
                    worstDeltaNorm = norm(b.delta);
                    if (!last) {
                        copyGradients(group, b.worstGradient);
                    }
                    improvements++;
                }
            }
            gradientAtWorst = false;
            if (isCheckpoint(i)) {
                boolean fewImprovements = improvements < MIN_UPDATE_RATIO * (i - previousCheckpoint);
                boolean stalled = previousStep == step && previousWorst == worstLoss;
                previousStep = step;
                previousWorst = worstLoss;
                previousCheckpoint = i;
                improvements = 0;
                if (fewImprovements || stalled) {
                    step *= STEP_CUT;
                    gradientAtWorst = true;
                }
            }
        }
        group.restore();
        return new BatchOutcome(clean.loss, clean.error, worstLoss, worstError, worstDeltaNorm, fwdBwd, fwdOnly);
    }

    private boolean isCheckpoint(int i) {
        for (int c : checkpoints) {
            if (c == i) {
                return true;
            }
        }
        return false;
    }

    /** delta + step, projected onto the ball, mixed with the previous delta (new arrays in the current scope). */
    private List<NDArray> ascend(PerturbedGroup group, Buffers b, List<NDArray> gradient, double step) {
        int n = group.size();
        List<NDArray> next = new ArrayList<>(n);
        if (settings.norm() == SharpnessSettings.Norm.LINF) {
            for (int k = 0; k < n; k++) {
                NDArray direction = gradient.get(k).sign().muli((float) step);
                NDArray c = group.scale(k);
                if (c != null) {
                    direction.muli(c);
                }
                NDArray moved = b.delta.get(k).add(direction);
                next.add(c != null ? moved.minimum(b.bound.get(k)).maximum(b.negativeBound.get(k))
                        : moved.clip(-settings.rho(), settings.rho()));
            }
        } else {
            double gradNorm = norm(gradient);
            float factor = (float) (step / (gradNorm + L2_EPS));
            for (int k = 0; k < n; k++) {
                NDArray direction = gradient.get(k).mul(factor);
                NDArray c = group.scale(k);
                if (c != null) {
                    direction.muli(c);
                }
                next.add(b.delta.get(k).add(direction));
            }
            next = settings.adaptive() ? projectOntoEllipsoid(next, b) : projectOntoSphere(next);
        }
        for (int k = 0; k < n; k++) {
            next.get(k).muli(MOMENTUM).addi(b.previous.get(k).mul(1 - MOMENTUM));
        }
        return next;
    }

    private List<NDArray> projectOntoSphere(List<NDArray> delta) {
        double norm = norm(delta);
        if (norm > settings.rho()) {
            float shrink = (float) (settings.rho() / norm);
            for (NDArray d : delta) {
                d.muli(shrink);
            }
        }
        return delta;
    }

    /**
     * Projection onto {||delta / c||_2 <= rho}: delta_i / (1 + 2 lambda / c_i^2) with lambda found by the reference's
     * bisection (start 0.1 in [0, 10], the upper limit doubling when approached) until the weighted norm is within
     * 1e-5 of rho. Coordinates with c = 0 never move, so they are left out of the weighted norm.
     */
    private List<NDArray> projectOntoEllipsoid(List<NDArray> delta, Buffers b) {
        double rho = settings.rho();
        double norm = weightedNorm(delta, b);
        if (!(norm > rho)) {
            return delta;
        }
        double lambda = 0.1;
        double low = 0;
        double limit = 10;
        double high = limit;
        List<NDArray> shrunk = null;
        for (int it = 0; Math.abs(norm - rho) > BISECTION_TOLERANCE && it < BISECTION_MAX_ITERATIONS; it++) {
            if (shrunk != null) {
                shrunk.forEach(NDArray::close);
            }
            shrunk = new ArrayList<>(delta.size());
            for (int k = 0; k < delta.size(); k++) {
                NDArray denominator = b.inverseScaleSquared.get(k).mul((float) (2 * lambda)).addi(1f);
                shrunk.add(delta.get(k).div(denominator));
                denominator.close();
            }
            norm = weightedNorm(shrunk, b);
            if (norm > rho) {
                low = lambda;
                lambda = (lambda + high) / 2;
            } else {
                high = lambda;
                lambda = (low + lambda) / 2;
            }
            if (limit - high < 1e-2) {
                limit *= 2;
                high *= 2;
            }
        }
        return shrunk == null ? delta : shrunk;
    }

    private static double weightedNorm(List<NDArray> delta, Buffers b) {
        double sum = 0;
        for (int k = 0; k < delta.size(); k++) {
            try (NDArray scaled = delta.get(k).div(b.safeScale.get(k)); NDArray sq = scaled.square().sum()) {
                sum += sq.getFloat();
            }
        }
        return Math.sqrt(sum);
    }

    static double norm(List<NDArray> tensors) {
        double sum = 0;
        for (NDArray t : tensors) {
            try (NDArray n = t.norm()) {
                double v = n.getFloat();
                sum += v * v;
            }
        }
        return Math.sqrt(sum);
    }

    private static void copyGradients(PerturbedGroup group, List<NDArray> into) {
        for (int k = 0; k < group.size(); k++) {
            try (NDArray g = group.gradient(k)) {
                into.get(k).set(PerturbedGroup.ALL, g);
            }
        }
    }

    /** Loss and error at the group's current values; with {@code gradient}, also fills the members' gradients. */
    Point evaluate(PerturbedGroup group, NDArray images, NDArray targets, BatchLoss loss, boolean gradient) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            if (!gradient) {
                NDArray z = loss.prepare(model.forward(images, false));
                return new Point(BatchLoss.loss(z, targets).getFloat(), BatchLoss.error(z, targets));
            }
            group.zeroGradients();
            NDArray z;
            NDArray value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                z = loss.prepare(model.forward(images, true));
                value = BatchLoss.loss(z, targets);
                collector.backward(value);
            } finally {
                JniUtils.setGradMode(false);
            }
            return new Point(value.getFloat(), BatchLoss.error(z, targets));
        }
    }

    record Point(double loss, double error) {
    }

    /** Group-sized state of the ascent, owned by the group's manager (freed when the group closes). */
    private static final class Buffers {
        final List<NDArray> delta;
        final List<NDArray> previous;
        final List<NDArray> worstGradient;
        final List<NDArray> bound = new ArrayList<>();
        final List<NDArray> negativeBound = new ArrayList<>();
        final List<NDArray> safeScale = new ArrayList<>();
        final List<NDArray> inverseScaleSquared = new ArrayList<>();

        Buffers(PerturbedGroup group, SharpnessSettings s) {
            delta = group.zeros();
            previous = group.zeros();
            worstGradient = group.zeros();
            for (int k = 0; k < group.size(); k++) {
                NDArray c = group.scale(k);
                if (c == null) {
                    continue;
                }
                if (s.norm() == SharpnessSettings.Norm.LINF) {
                    NDArray upper = c.mul((float) s.rho());
                    bound.add(upper);
                    negativeBound.add(upper.neg());
                } else {
                    // c = 0 only where w = 0 and eta = 0; delta stays 0 there, so dividing by 1 keeps it out of the norm
                    NDArray safe = c.add(c.eq(0).toType(c.getDataType(), false));
                    safeScale.add(safe);
                    inverseScaleSquared.add(safe.pow(-1).square());
                }
            }
        }
    }
}
