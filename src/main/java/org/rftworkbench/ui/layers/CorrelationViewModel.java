package org.rftworkbench.ui.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.core.sharpness.SharpnessGroups;
import org.rftworkbench.core.sharpness.SharpnessResult;
import org.rftworkbench.figures.AnalysisFigures;
import org.rftworkbench.figures.CorrelationFigure;
import org.rftworkbench.figures.FigureProvenance;
import org.rftworkbench.ui.common.LatestJob;

/**
 * State of the Correlation view: overall and straggler-layer sharpness against average OOD top-1 over the alphas,
 * one scatter each, with Kendall tau-b, its 95% bootstrap interval and n (the numbers of the `correlate` command
 * with its defaults: endpoints included, 2000 resamples, seed 0; computed by {@link AnalysisFigures#correlation}).
 *
 * <p>Shares the {@link LayersViewModel}: when its sharpness result finishes, the accuracies of the same alphas are
 * requested from the service ({@value #SWEEP_KEY}; served from the result cache the interpolation view filled), and
 * the panels are rebuilt whenever the sharpness, the stragglers or the sweep change. The statistics (a few thousand
 * bootstrap resamples of about a dozen points) are computed where the sweep completes, off the FX thread. All public
 * methods must be called on the FX thread.
 */
public final class CorrelationViewModel {
    public static final String SWEEP_KEY = "correlation:sweep";

    /**
     * One scatter.
     *
     * @param group     {@link SharpnessGroups#OVERALL} or a layer group
     * @param straggler whether the group is a straggler
     * @param data      the points and statistics (null when fewer than 3 alphas have both values)
     */
    public record Panel(String group, boolean straggler, CorrelationFigure.Data data) {
    }

    private final LayersViewModel layers;
    private final ComputeService service;
    private final ReadOnlyObjectWrapper<List<Panel>> panels = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(
            "press Compute sharpness (settings in the Layers tab); the scatters follow");
    /** The accuracy sweep, with the panels built from it off the FX thread; a newer sharpness result supersedes it. */
    private final LatestJob<Built> sweepJob;
    private SweepResult sweep;

    /** A finished sweep and the panels built from it for the stragglers known when it was asked for. */
    private record Built(SweepResult sweep, List<Panel> panels) {
    }

    /**
     * Starts the layer-wise sharpness the scatters need, with the Layers view's settings (its measure switches to
     * sharpness so both views show the same run); the panels follow when cells arrive.
     */
    public void computeSharpness() {
        layers.measureProperty().set(LayerMeasure.SHARPNESS);
        layers.compute();
    }

    /** True while the Layers view's jobs run. */
    public ReadOnlyBooleanProperty computingProperty() {
        return layers.computingProperty();
    }

    public CorrelationViewModel(LayersViewModel layers, ComputeService service, Executor fx) {
        this.layers = layers;
        this.service = service;
        this.sweepJob = new LatestJob<>(fx, SWEEP_KEY);
        layers.sharpnessResultProperty().addListener((obs, old, now) -> onSharpness(now));
        layers.stragglerResultProperty().addListener((obs, old, now) -> rebuild());
        layers.projectProperty().addListener((obs, old, now) -> {
            cancel();
            sweep = null;
            panels.set(List.of());
        });
    }

    /** Overall first, then each straggler layer in network order; empty until sharpness and accuracies are known. */
    public ReadOnlyObjectProperty<List<Panel>> panelsProperty() {
        return panels.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The sweep's provenance plus the sharpness settings, written beside an exported scatter; null before data. */
    public FigureProvenance provenance() {
        SharpnessResult r = layers.sharpnessResultProperty().get();
        if (sweep == null || r == null) {
            return null;
        }
        return FigureProvenance.of(sweep).plus(Map.of("sharpness", r.settings().canonical(),
                "sharpnessDataset", r.dataset(), "statistic", "Kendall tau-b, 95% percentile bootstrap, 2000 "
                        + "resamples, seed 0, endpoints included", "stragglers", layers.stragglers()), List.of());
    }

    /** Cancels the accuracy sweep, if one runs. */
    public void cancel() {
        sweepJob.discard();
    }

    private void onSharpness(SharpnessResult result) {
        cancel();
        LoadedProject project = layers.projectProperty().get();
        if (result == null || project == null) {
            panels.set(List.of());
            return;
        }
        List<Double> alphas = new ArrayList<>(new TreeSet<>(result.cells().stream()
                .map(SharpnessResult.Cell::alpha).toList()));
        if (sweep != null && sweep.points().stream().map(SweepResult.Point::alpha).toList().containsAll(alphas)) {
            rebuild();
            return;
        }
        Set<String> stragglers = Set.copyOf(layers.stragglers()); // captured here: properties belong to FX
        status.set("evaluating OOD accuracy at " + alphas.size() + " alphas");
        SweepRequest request = new SweepRequest(project.file().toString(), alphas, List.of(), null, null, false,
                project.spec().selectedRun());
        sweepJob.submit((key, events) -> service.sweep(request, Priority.USER, key, events),
                s -> new Built(s, panels(s, result, stragglers)), // the statistics: off the FX thread
                LatestJob.Callbacks.<Built>onResult(built -> {
                    sweep = built.sweep();
                    if (Set.copyOf(layers.stragglers()).equals(stragglers)) {
                        show(built.panels());
                    } else {
                        rebuild(); // the stragglers arrived while the sweep ran
                    }
                }).onFailure(error -> status.set("accuracy sweep did not finish: " + error.getMessage())));
    }

    private void rebuild() {
        SharpnessResult result = layers.sharpnessResultProperty().get();
        if (sweep == null || result == null) {
            return;
        }
        show(panels(sweep, result, Set.copyOf(layers.stragglers())));
    }

    private void show(List<Panel> built) {
        panels.set(built);
        long stragglers = built.stream().filter(Panel::straggler).count();
        status.set(stragglers == 0 && layers.stragglerResultProperty().get() == null
                ? "overall sharpness only: the stragglers are still being computed"
                : "overall sharpness and " + stragglers + " straggler layer" + (stragglers == 1 ? "" : "s"));
    }

    /** The overall panel, then one per straggler present in the sharpness result (network order). */
    static List<Panel> panels(SweepResult sweep, SharpnessResult sharpness, Set<String> stragglers) {
        List<Panel> out = new ArrayList<>();
        out.add(new Panel(SharpnessGroups.OVERALL, false,
                AnalysisFigures.correlation(sweep, sharpness, SharpnessGroups.OVERALL)));
        sharpness.cells().stream().map(SharpnessResult.Cell::group).distinct().filter(stragglers::contains)
                .forEach(g -> out.add(new Panel(g, true, AnalysisFigures.correlation(sweep, sharpness, g))));
        return out;
    }
}
