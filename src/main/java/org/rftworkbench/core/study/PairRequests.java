package org.rftworkbench.core.study;

import java.util.List;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.layers.StragglerAnalysis;
import org.rftworkbench.core.layers.StragglerCriterion;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.service.SharpnessRequest;
import org.rftworkbench.core.service.StragglerRequest;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.core.sharpness.SharpnessGroups;
import org.rftworkbench.core.sharpness.SharpnessSettings;
import org.rftworkbench.core.soup.SoupMaker;

/**
 * The three service requests a study sends for one pair (A, run): the accuracy sweep, the straggler analysis and the
 * block-level sharpness heatmap. They are the requests {@code sweep}, {@code stragglers} and {@code sharpness} send
 * for {@code --run LABEL} with the same settings, so their cells are shared with those commands and the window.
 * Immutable.
 *
 * @param run        the run's label
 * @param idDataset  the ID dataset of accuracy, barrier and heatmap (the project's first ID dataset)
 * @param sweep      exact accuracy on every ID and OOD dataset at the sweep grid
 * @param stragglers layer-wise instability on {@code idDataset}, stragglers by instability
 * @param sharpness  overall and block-level sharpness at the sharpness grid
 */
public record PairRequests(String run, String idDataset, SweepRequest sweep, StragglerRequest stragglers,
        SharpnessRequest sharpness) {

    /** The requests of {@code run} in {@code project} (the project's file as its service name). */
    public static PairRequests of(LoadedProject project, StudySettings settings, String run) throws RftException {
        String file = project.file().toString();
        String id = StragglerAnalysis.defaultDataset(project);
        SweepRequest sweep = new SweepRequest(file, settings.sweepAlphas(), null, null, settings.batchSize(), false,
                run);
        StragglerRequest stragglers = new StragglerRequest(file, AlphaGrids.withEndpoints(settings.stragglerAlphas()),
                settings.baseAlpha(), settings.metric(), id, StragglerCriterion.INSTABILITY, settings.selection(), null,
                settings.batchSize(), false, run);
        SharpnessRequest sharpness = new SharpnessRequest(file, settings.sharpnessAlphas(),
                sharpnessSettings(project, settings.sharpness(), id), SharpnessGroups.Granularity.BLOCK,
                SharpnessRequest.Options.DEFAULT, false, run);
        return new PairRequests(run, id, sweep, stragglers, sharpness);
    }

    /**
     * The straggler request of {@code run} with the study's default settings (the project's grid with its ends):
     * what {@code study} sends and what a per-layer search orders its groups by, so they share one cached result.
     */
    public static StragglerRequest defaultStragglers(LoadedProject project, String run) throws RftException {
        return of(project, StudySettings.defaults(AlphaGrids.withEndpoints(AlphaGrids.of(project.spec().alphaGrid()))),
                run).stragglers();
    }

    /** The settings as given when they name a dataset or the project has a "sharpness" dataset; else the ID set. */
    static SharpnessSettings sharpnessSettings(LoadedProject project, SharpnessSettings s, String idDataset) {
        boolean hasSharpnessSet = project.spec().datasets().stream()
                .anyMatch(d -> d.role() == ProjectSpec.Role.SHARPNESS);
        return s.dataset() != null || hasSharpnessSet ? s : s.withData(s.batchSize(), s.examples(), idDataset);
    }

    /**
     * The runs a study covers: the settings' labels (each checked), else every run of the project that is not a
     * model soup ({@link SoupMaker#SOUP_KEY}: a soup is made of the other runs, not one more sample of them), in
     * project order; at least two, since a study compares pairs.
     */
    public static List<String> runs(LoadedProject project, StudySettings settings) throws RftException {
        List<String> all = project.spec().runLabels();
        if (settings.runs() == null) {
            List<String> fineTunes = SoupMaker.ingredientRuns(project);
            if (fineTunes.size() < 2) {
                throw new RftException(project.file() + ": a study needs at least 2 runs, the project has "
                        + fineTunes.size() + (fineTunes.size() < all.size() ? " besides its soups" : ""));
            }
            return fineTunes;
        }
        if (settings.runs().size() < 2) {
            throw new RftException("a study needs at least 2 runs, " + settings.runs().size() + " given");
        }
        for (String label : settings.runs()) {
            if (!all.contains(label)) {
                throw new RftException(project.file() + ": no run labelled '" + label + "' (runs: "
                        + String.join(", ", all) + ")");
            }
        }
        return settings.runs();
    }
}
