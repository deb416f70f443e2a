package org.rftworkbench.ui.sparsity;

import java.util.List;
import org.rftworkbench.core.sparsity.SparsitySpec;
import org.rftworkbench.core.sparsity.TensorFilter;

/**
 * What the user chose in the sparsity view, captured on the FX thread when Apply is pressed. Immutable.
 *
 * @param groups    the groups to sparsify, in network order
 * @param method    random or magnitude masks
 * @param ratio     fraction of the eligible weights zeroed, in [0, {@link #MAX_RATIO}]
 * @param placement which tensor the mask multiplies
 * @param control   also run the same sparsity on as many random non-straggler groups
 * @param rescale   task-vector placement only: multiply the kept entries by 1 / (1 - ratio) (DARE)
 */
public record SparsitySettings(List<String> groups, SparsitySpec.Method method, double ratio,
        SparsitySpec.Placement placement, boolean control, boolean rescale) {
    /** Largest ratio the view offers (1 would remove the groups' weight matrices entirely). */
    public static final double MAX_RATIO = 0.95;
    /** Seed of random masks and of the control's group draw, as the CLI's default. */
    public static final long SEED = 0;

    public SparsitySettings {
        groups = List.copyOf(groups);
    }

    /** The intervention on {@code targetGroups} (the chosen groups, or the control's), weight matrices only. */
    public SparsitySpec spec(List<String> targetGroups) {
        return new SparsitySpec(method, ratio, SEED, placement, SparsitySpec.Scope.PER_TENSOR,
                rescale && placement == SparsitySpec.Placement.TASK_VECTOR, targetGroups, TensorFilter.WEIGHT_MATRICES);
    }
}
