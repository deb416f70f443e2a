package org.rftworkbench.core.sparsity;

import java.util.List;
import java.util.Locale;
import org.rftworkbench.core.RftException;

/**
 * One sparsity intervention (method-notes 5): which weights are zeroed, how many, where in the path, and in which
 * groups. Immutable; {@link #descriptor()} is a deterministic string of every setting (a cache key).
 *
 * @param method     random (seeded Bernoulli(1 - ratio), the same mask at every alpha) or magnitude (smallest |x|)
 * @param ratio      fraction of the selected weights to zero, in [0, 1)
 * @param seed       seed of random masks (ignored by magnitude masks, but recorded)
 * @param placement  which tensor the mask multiplies
 * @param scope      magnitude masks: threshold per tensor or over a whole group
 * @param rescale    task-vector placement only: multiply the kept entries by 1 / (1 - ratio) (DARE)
 * @param groups     group names whose eligible tensors are masked, in network order
 * @param filter     which tensors of those groups are eligible
 */
public record SparsitySpec(Method method, double ratio, long seed, Placement placement, Scope scope, boolean rescale,
        List<String> groups, TensorFilter filter) {

    /** How the zeroed entries are chosen. */
    public enum Method {
        RANDOM, MAGNITUDE
    }

    /** Which tensor the mask multiplies. */
    public enum Placement {
        /** tau_l &lt;- M tau_l (tau = B - A), so theta(alpha) = A + alpha M tau: B is replaced by A + M tau. */
        TASK_VECTOR,
        /** B_l &lt;- M B_l, then interpolate. */
        FINETUNED,
        /** theta_alpha_l &lt;- M theta_alpha_l after interpolating, at every alpha. */
        INTERPOLATED;

        /** Name used on the command line and in descriptors, e.g. "task-vector". */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Parses a label such as "task-vector". */
        public static Placement parse(String label) {
            for (Placement p : values()) {
                if (p.label().equalsIgnoreCase(label) || p.name().equalsIgnoreCase(label)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown placement '" + label + "'");
        }
    }

    /** Magnitude masks: one threshold per tensor, or one over all eligible tensors of a group. */
    public enum Scope {
        PER_TENSOR, PER_GROUP
    }

    public SparsitySpec {
        groups = List.copyOf(groups);
    }

    /**
     * @throws RftException when the ratio is outside [0, 1) or rescaling is asked for another placement
     */
    public SparsitySpec validated() throws RftException {
        if (!(ratio >= 0 && ratio < 1)) {
            throw new RftException("sparsity ratio must be in [0, 1), got " + ratio);
        }
        if (rescale && placement != Placement.TASK_VECTOR) {
            throw new RftException("rescaling by 1/(1-s) applies to the task-vector placement only");
        }
        return this;
    }

    /** The factor kept task-vector entries are multiplied by. */
    public double keptScale() {
        return rescale ? 1 / (1 - ratio) : 1;
    }

    /** Deterministic description of every setting, e.g. for cache keys and result files. */
    public String descriptor() {
        return String.format(Locale.ROOT, "sparsity/v1;method=%s;ratio=%s;seed=%d;placement=%s;scope=%s;rescale=%s;"
                + "filter=%s;groups=%s", method.name().toLowerCase(Locale.ROOT), ratio, seed, placement.label(),
                scope.name().toLowerCase(Locale.ROOT).replace('_', '-'), rescale, filter.descriptor(),
                String.join("|", groups));
    }
}
