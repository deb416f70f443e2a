package org.rftworkbench.ui.sparsity;

import java.util.List;
import org.rftworkbench.core.sparsity.PathEvaluation.PathResult;

/**
 * One applied sparsity setting and its evaluated paths. Immutable.
 *
 * @param settings      what was applied
 * @param controlGroups the control's groups (empty without a control)
 * @param before        the unchanged path
 * @param after         the path with the chosen groups sparsified
 * @param control       the path with the control groups sparsified, or null
 */
public record SparsityOutcome(SparsitySettings settings, List<String> controlGroups, PathResult before,
        PathResult after, PathResult control) {
    public SparsityOutcome {
        controlGroups = List.copyOf(controlGroups);
    }
}
