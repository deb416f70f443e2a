package org.rftworkbench.ui.study;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import java.util.concurrent.Executor;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.sharpness.SharpnessSettings;
import org.rftworkbench.core.soup.SoupMaker;
import org.rftworkbench.core.study.PairRow;
import org.rftworkbench.core.study.StudyMeasures;
import org.rftworkbench.core.study.StudyResult;
import org.rftworkbench.core.study.StudyRunner;
import org.rftworkbench.core.study.StudySettings;

/**
 * State of the Study view: the runs of the open pool project, filled row by row while a study runs through the
 * compute service (the same requests and cache as the {@code study} command with its defaults, so a study the CLI
 * finished opens from the cache), the cross-pair result, and the scatter's predictor, outcome and colour key.
 * Selecting a run opens the project with that run as the pair, which every other view follows. The study runs on
 * its own thread; results are applied through {@code fx}. Public methods are for the FX thread.
 */
public final class StudyViewModel {
    private final ComputeService service;
    private final Executor fx;
    private final Consumer<LoadedProject> openPair;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "study-1");
        t.setDaemon(true);
        return t;
    });
    private final ObjectProperty<LoadedProject> project = new SimpleObjectProperty<>();
    private final ObservableList<PairRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<StudyResult> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("open a project with several runs");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper runnable = new ReadOnlyBooleanWrapper(false);
    private final ObjectProperty<String> predictor = new SimpleObjectProperty<>();
    private final ObjectProperty<String> outcome = new SimpleObjectProperty<>(StudyMeasures.G_ZS);
    private final ObjectProperty<String> colourKey = new SimpleObjectProperty<>();
    private final ObservableList<String> metadataKeys = FXCollections.observableArrayList();
    private final IntegerProperty examples = new SimpleIntegerProperty(128);
    private final IntegerProperty steps = new SimpleIntegerProperty(10);
    private StudyRunner runner;
    private int generation;

    /**
     * @param service  the compute service every cell goes through
     * @param fx       where results are applied (the FX thread)
     * @param openPair opens the given project (the same file with another run selected) in the other views
     */
    public StudyViewModel(ComputeService service, Executor fx, Consumer<LoadedProject> openPair) {
        this.service = service;
        this.fx = fx;
        this.openPair = openPair;
        project.addListener((obs, old, now) -> {
            boolean sameFile = old != null && now != null && old.file().equals(now.file());
            if (!sameFile) {
                reset(now);
            }
        });
    }

    /** The open project (bind it to the interpolation view's). */
    public ObjectProperty<LoadedProject> projectProperty() {
        return project;
    }

    /** One row per finished pair, in study order. */
    public ObservableList<PairRow> rows() {
        return rows;
    }

    /** The finished study (null while running or before). */
    public ReadOnlyObjectProperty<StudyResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** True when a project with at least two fine-tuned runs is open. */
    public ReadOnlyBooleanProperty runnableProperty() {
        return runnable.getReadOnlyProperty();
    }

    /** Predictor on the scatter's x axis. */
    public ObjectProperty<String> predictorProperty() {
        return predictor;
    }

    /** Outcome on the scatter's y axis. */
    public ObjectProperty<String> outcomeProperty() {
        return outcome;
    }

    /** Metadata key that colours the scatter (null = one colour). */
    public ObjectProperty<String> colourKeyProperty() {
        return colourKey;
    }

    /** The metadata keys of the project's runs. */
    public ObservableList<String> metadataKeys() {
        return metadataKeys;
    }

    /** Sharpness examples n (default 128: the Quick preset, as the {@code study} command). */
    public IntegerProperty examplesProperty() {
        return examples;
    }

    /** Sharpness ascent steps T (default 10). */
    public IntegerProperty stepsProperty() {
        return steps;
    }

    /** The label of the run the other views show. */
    public String selectedRun() {
        LoadedProject p = project.get();
        return p == null || p.spec().selected() == null ? null : p.spec().selected().label();
    }

    /** The settings a study of the open project uses: the {@code study} command's defaults with n and T. */
    public StudySettings settings() throws org.rftworkbench.core.RftException {
        LoadedProject p = Objects.requireNonNull(project.get(), "no project");
        StudySettings d = StudySettings.defaults(AlphaGrids.withEndpoints(AlphaGrids.of(p.spec().alphaGrid())));
        SharpnessSettings s = d.sharpness().withData(d.sharpness().batchSize(), examples.get(), null)
                .withSteps(steps.get());
        return new StudySettings(null, d.sweepAlphas(), d.stragglerAlphas(), d.baseAlpha(), d.metric(),
                d.selection(), d.sharpnessAlphas(), s, d.predictorAlpha(), d.outcomeAlpha(), d.resamples(), d.seed(),
                d.level(), d.tolerance(), d.batchSize());
    }

    /** Runs (or resumes from the cache) the study of every run of the open project. */
    public void run() {
        LoadedProject p = project.get();
        if (p == null || running.get()) {
            return;
        }
        StudySettings settings;
        try {
            settings = settings();
        } catch (Exception e) {
            status.set(e.getMessage());
            return;
        }
        int mine = ++generation;
        rows.clear();
        result.set(null);
        running.set(true);
        StudyRunner r = new StudyRunner(service);
        runner = r;
        status.set("starting the study");
        worker.execute(() -> {
            try {
                StudyResult done = r.run(p, settings, Priority.USER, null, new StudyRunner.Listener() {
                    @Override
                    public void stage(int index, int count, String run, String stage) {
                        String text = String.format(Locale.ROOT, "run %d of %d: %s, %s", index + 1, count, run, stage);
                        apply(mine, () -> status.set(text));
                    }

                    @Override
                    public void row(int index, int count, PairRow row) {
                        apply(mine, () -> rows.add(row));
                    }
                });
                apply(mine, () -> {
                    result.set(done);
                    if (predictor.get() == null) {
                        predictor.set(StudyMeasures.sharpnessAt("straggler", settings.predictorAlpha()));
                    }
                    running.set(false);
                    status.set(String.format(Locale.ROOT, "study of %d runs done; the scatter's title has tau-b over "
                            + "runs, the line below it says what it means", done.rows().size()));
                });
            } catch (CancellationException e) {
                apply(mine, () -> {
                    running.set(false);
                    status.set("study cancelled; finished cells are cached");
                });
            } catch (Exception e) {
                apply(mine, () -> {
                    running.set(false);
                    status.set("study failed: " + e.getMessage());
                });
            }
        });
    }

    /** Stops the running study (its finished cells stay cached). */
    public void cancel() {
        StudyRunner r = runner;
        if (r != null) {
            r.cancel();
        }
    }

    /** Makes {@code run} the pair of every other view. */
    public void select(String run) {
        LoadedProject p = project.get();
        if (p == null || run == null || run.equals(selectedRun())) {
            return;
        }
        try {
            openPair.accept(p.withSelectedRun(run));
        } catch (Exception e) {
            status.set(e.getMessage());
        }
    }

    /** Stops the worker thread (window closing). */
    public void shutdown() {
        cancel();
        worker.shutdownNow();
    }

    private void reset(LoadedProject now) {
        cancel();
        generation++;
        rows.clear();
        result.set(null);
        running.set(false);
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        if (now != null) {
            now.spec().runs().forEach(r -> {
                if (r.metadata() != null) {
                    keys.addAll(r.metadata().keySet());
                }
            });
        }
        metadataKeys.setAll(new ArrayList<>(keys));
        colourKey.set(keys.isEmpty() ? null : keys.iterator().next());
        int runs = now == null ? 0 : SoupMaker.ingredientRuns(now).size();
        runnable.set(runs >= 2);
        status.set(now == null ? "open a project with several runs" : runs < 2
                ? "this project has one run; a study compares several (project format 3: runs)"
                : runs + " runs; press Run study (cells already computed, by the window or `study`, come from the "
                        + "cache)");
    }

    private void apply(int mine, Runnable r) {
        fx.execute(() -> {
            if (mine == generation) {
                r.run();
            }
        });
    }
}
