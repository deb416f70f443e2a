package org.rftworkbench.ui.layers;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.layers.LayerMixingSearch;
import org.rftworkbench.core.layers.LayerSearchResult;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.Estimate;
import org.rftworkbench.core.service.LayerSearchRequest;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.study.PairRequests;
import org.rftworkbench.ui.common.LatestJob;

/**
 * State of the Layers view's per-layer mixing panel: runs the {@code layer-search} command's request (stragglers
 * first, the same cache) on the open project's selected pair, records a new validation split in the project file
 * (on the io thread) when asked to make one, shows the alphas found per group with the held-out report, and applies
 * them to the slider view through {@code apply}. Public methods are for the FX thread.
 */
public final class LayerSearchViewModel {
    private final ComputeService service;
    private final Executor io;
    private final Executor fx;
    private final BiConsumer<List<AlphaOverrides.Rule>, Double> apply;
    private final ObjectProperty<LoadedProject> project = new SimpleObjectProperty<>();
    private final ObjectProperty<LayerMixingSearch.Settings> settings = new SimpleObjectProperty<>(
            LayerMixingSearch.Settings.defaults());
    private final ReadOnlyObjectWrapper<LayerSearchResult> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final LatestJob<LayerSearchResult> job;
    private final LatestJob<org.rftworkbench.core.layers.StragglerAnalysis.Result> stragglerJob;

    /**
     * @param service the compute service
     * @param fx      where results are applied (the FX thread)
     * @param io      where the project file is written
     * @param apply   gives the slider view the rules of the groups the search moved off the baseline and the
     *                baseline alpha (at which the slider then shows the mix found)
     */
    public LayerSearchViewModel(ComputeService service, Executor fx, Executor io,
            BiConsumer<List<AlphaOverrides.Rule>, Double> apply) {
        this.service = service;
        this.io = io;
        this.fx = fx;
        this.apply = apply;
        this.job = new LatestJob<>(fx, "layer-search");
        this.stragglerJob = new LatestJob<>(fx, "layer-search-stragglers");
        project.addListener((obs, old, now) -> {
            stragglerJob.discard();
            job.discard();
            running.set(false);
            result.set(null);
            status.set(now == null ? "" : now.spec().validationSplit() == null
                    ? "no validation split yet: Make Split & Search records one in the project file"
                    : "Search tunes on the recorded validation split and reports on the held-out test part");
        });
    }

    public ObjectProperty<LoadedProject> projectProperty() {
        return project;
    }

    /** Candidate alphas, tolerance, passes and baseline (the command's defaults). */
    public ObjectProperty<LayerMixingSearch.Settings> settingsProperty() {
        return settings;
    }

    public ReadOnlyObjectProperty<LayerSearchResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /**
     * Searches the selected pair: the stragglers first (the study's straggler request, cached), then the search.
     *
     * @param makeSplit record a new split (seed 0, half of each class) when the project has none
     */
    public void search(boolean makeSplit) {
        LoadedProject p = project.get();
        if (p == null || running.get()) {
            return;
        }
        running.set(true);
        result.set(null);
        status.set("finding the stragglers, then searching (validation part only)…");
        LayerMixingSearch.Settings s = settings.get();
        String run = p.spec().selectedRun();
        org.rftworkbench.core.service.StragglerRequest stragglers;
        try {
            stragglers = PairRequests.defaultStragglers(p, run);
        } catch (Exception e) {
            submitSearch(p, s, run, makeSplit, List.of()); // no stragglers: the groups in network order
            return;
        }
        // two jobs in turn, each started on the FX thread: the stragglers (cached), then the search visiting them first
        stragglerJob.submit((key, events) -> service.analyze(stragglers, Priority.USER, key, events),
                new LatestJob.Callbacks<org.rftworkbench.core.layers.StragglerAnalysis.Result>(e -> { },
                        done -> submitSearch(p, s, run, makeSplit, done.report().stragglers()),
                        failure -> submitSearch(p, s, run, makeSplit, List.of())));
    }

    private void submitSearch(LoadedProject p, LayerMixingSearch.Settings s, String run, boolean makeSplit,
            List<String> first) {
        LayerSearchRequest request = new LayerSearchRequest(p.file().toString(), run, s, first,
                makeSplit ? new LayerSearchRequest.NewSplit(0.5, 0) : null, null, false);
        job.submit((key, events) -> service.analyze(request, Priority.USER, key, events),
                new LatestJob.Callbacks<LayerSearchResult>(e -> { }, done -> {
                    result.set(done);
                    status.set(summary(done));
                    if (done.splitCreated()) {
                        io.execute(() -> record(p, done));
                    }
                    running.set(false);
                }, failure -> {
                    running.set(false);
                    status.set(failure instanceof CancellationException ? "search cancelled; its tries are cached"
                            : failure.getMessage());
                }));
    }

    /**
     * Gives the slider view the rules of the groups the search moved away from the uniform baseline, and the
     * baseline alpha: the slider's alpha keeps moving the other groups, so at the baseline it shows the mix found
     * and elsewhere how the mix behaves along the path.
     */
    public void applyToSlider() {
        LayerSearchResult r = result.get();
        if (r != null) {
            apply.accept(movedRules(r), r.outcome().uniformAlpha());
        }
    }

    /** The result's rules of the groups whose alpha is not the baseline's (rules are in group order). */
    static List<AlphaOverrides.Rule> movedRules(LayerSearchResult r) {
        List<AlphaOverrides.Rule> out = new java.util.ArrayList<>();
        int i = 0;
        for (double alpha : r.outcome().groupAlphas().values()) {
            if (alpha != r.outcome().uniformAlpha()) {
                out.add(r.rules().get(i));
            }
            i++;
        }
        return out;
    }

    public void cancel() {
        if (stragglerJob.isRunning()) {
            stragglerJob.discard();
            running.set(false);
            status.set("search cancelled");
        }
        job.cancel();
    }

    /** Adds the split to the project file (read again: only the split changes). Runs on the io thread. */
    private void record(LoadedProject p, LayerSearchResult done) {
        try {
            LoadedProject now = ProjectStore.load(p.file());
            ProjectStore.save(now.spec().withValidationSplit(done.split()), now.file());
        } catch (Exception e) {
            fx.execute(() -> status.set("could not record the split in " + p.file() + ": " + e.getMessage()));
        }
    }

    static String summary(LayerSearchResult r) {
        Estimate u = r.uniformTest().averageOod();
        Estimate f = r.foundTest().averageOod();
        return String.format(Locale.ROOT, "held-out average OOD: uniform alpha %.2f %.2f %% [%.2f, %.2f], per-layer "
                + "%.2f %% [%.2f, %.2f] (%+.2f points); ID %.2f -> %.2f %%", r.outcome().uniformAlpha(),
                100 * u.top1(), 100 * u.low(), 100 * u.high(), 100 * f.top1(), 100 * f.low(), 100 * f.high(),
                100 * (f.top1() - u.top1()), 100 * r.uniformTest().idTop1().top1(), 100 * r.foundTest().idTop1().top1());
    }

    /** "resblock 0 = 0.75 *" lines, stragglers starred. */
    static List<String> groupLines(LayerSearchResult r) {
        return r.outcome().groupAlphas().entrySet().stream().map((Map.Entry<String, Double> e) -> String.format(
                Locale.ROOT, "%s = %.2f%s", e.getKey(), e.getValue(), r.first().contains(e.getKey()) ? " *" : ""))
                .toList();
    }
}
