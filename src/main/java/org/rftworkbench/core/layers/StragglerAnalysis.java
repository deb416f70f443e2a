package org.rftworkbench.core.layers;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.Evaluator;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.session.InterpolationWorkspace.DatasetHandle;
import org.rftworkbench.core.util.Progress;

/**
 * The whole straggler pipeline on an open workspace: the layer-wise instability heatmap (block-level groups), the
 * relative weight change per group, the optional sharpness ratio, and the agreement table. Runs on the workspace's
 * compute thread.
 */
public final class StragglerAnalysis {
    private StragglerAnalysis() {
    }

    /**
     * @param instability  alphas, base alpha and metric of the heatmap
     * @param dataset      dataset the heatmap is measured on (null = the project's first ID dataset)
     * @param primary      criterion that defines the stragglers
     * @param selection    threshold or top-k for the primary
     * @param sharpness    per-group sharpness from outside (null or empty = no sharpness-ratio criterion)
     */
    public record Settings(LayerInstability.Settings instability, String dataset, StragglerCriterion primary,
            Stragglers.Selection selection, Map<String, Double> sharpness) {
    }

    /**
     * @param heatmap        the layer-wise instability result
     * @param weightChange   ||B_l - A_l|| / ||A_l|| per group
     * @param sharpnessRatio sharpness / median sharpness per group (empty without sharpness)
     * @param report         stragglers and the agreement table
     */
    public record Result(LayerInstability.Result heatmap, Map<String, Double> weightChange,
            Map<String, Double> sharpnessRatio, Stragglers.Report report) {
    }

    /** The dataset name used when none is given: the first ID dataset. */
    public static String defaultDataset(LoadedProject project) throws RftException {
        return project.spec().datasets().stream().filter(d -> d.role() == ProjectSpec.Role.ID)
                .map(ProjectSpec.DatasetEntry::name).findFirst()
                .orElseThrow(() -> new RftException(project.file() + ": the project has no ID dataset"));
    }

    public static Result run(InterpolationWorkspace ws, Evaluator evaluator, Settings settings, Progress progress)
            throws RftException {
        String name = settings.dataset() != null ? settings.dataset() : defaultDataset(ws.project());
        DatasetHandle dataset = ws.datasets().get(name);
        if (dataset == null) {
            throw new RftException(ws.project().file() + ": dataset '" + name + "' is not open in this workspace");
        }
        Map<String, List<String>> groups = LayerInstability.blockGroups(ws.interpolator());
        if (settings.primary() == StragglerCriterion.SHARPNESS_RATIO
                && (settings.sharpness() == null || settings.sharpness().isEmpty())) {
            throw new RftException("the sharpness-ratio criterion needs per-group sharpness values");
        }
        LayerInstability.Result heatmap = LayerInstability.run(ws.interpolator(), evaluator, dataset, groups,
                settings.instability(), progress);
        Map<String, Double> weightChange = Stragglers.relativeWeightChange(ws.endpointA(), ws.endpointB());
        Map<String, Double> ratio = settings.sharpness() == null ? Map.of()
                : Stragglers.sharpnessRatio(settings.sharpness());
        Map<StragglerCriterion, Map<String, Double>> values = new EnumMap<>(StragglerCriterion.class);
        values.put(StragglerCriterion.INSTABILITY, heatmap.instabilityByGroup());
        values.put(StragglerCriterion.WEIGHT_CHANGE, weightChange);
        if (!ratio.isEmpty()) {
            values.put(StragglerCriterion.SHARPNESS_RATIO, ratio);
        }
        Stragglers.Report report = Stragglers.compare(values, settings.primary(), settings.selection(),
                List.copyOf(groups.keySet()));
        return new Result(heatmap, new LinkedHashMap<>(weightChange), ratio, report);
    }
}
