package org.rftworkbench.ui.app;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import org.rftworkbench.core.project.DemoScript;
import org.rftworkbench.ui.interpolation.InterpolationView;
import org.rftworkbench.ui.layers.LayersViewModel;
import org.rftworkbench.ui.sparsity.SparsityViewModel;

/**
 * Does what a guided demo's step says to the window: selects the step's view; on the interpolation view sets
 * alpha, starts or stops Play and sets the chart's highlights; on the layers view computes the heatmap if it is not
 * there yet and, for "stragglers", selects the first straggler group (its details open beside the heatmap); on the
 * sparsity view applies the preselected straggler groups once they are known (not again when an outcome is shown).
 * FX thread only.
 */
final class DemoDirector implements GuidedDemo.Stage {
    private final TabPane tabs;
    private final Map<DemoScript.View, Tab> viewTabs;
    private final InterpolationView interpolation;
    private final LayersViewModel layers;
    private final SparsityViewModel sparsity;
    /** Waits for the straggler groups or the sparsity groups of the current step; removed on the next move. */
    private Runnable pendingCleanup = () -> { };

    DemoDirector(TabPane tabs, Map<DemoScript.View, Tab> viewTabs, InterpolationView interpolation,
            LayersViewModel layers, SparsityViewModel sparsity) {
        this.tabs = tabs;
        this.viewTabs = new EnumMap<>(viewTabs);
        this.interpolation = interpolation;
        this.layers = layers;
        this.sparsity = sparsity;
    }

    @Override
    public void show(DemoScript.Step step) {
        pendingCleanup.run();
        pendingCleanup = () -> { };
        tabs.getSelectionModel().select(viewTabs.get(step.view()));
        if (interpolation.playing() && !step.play()) {
            interpolation.togglePlay();
        }
        Set<String> chartHighlights = new HashSet<>(step.highlights());
        chartHighlights.retainAll(List.of("best-of-both", "failure"));
        interpolation.setHighlights(step.view() == DemoScript.View.INTERPOLATION ? chartHighlights : Set.of());
        if (step.alpha() != null) {
            interpolation.setDisplayedAlpha(step.alpha());
        }
        if (step.play() && !interpolation.playing()) {
            interpolation.togglePlay();
        }
        if (step.view() == DemoScript.View.LAYERS) {
            if (layers.heatmapProperty().get() == null && !layers.computingProperty().get()) {
                layers.compute();
            }
            if (step.highlights().contains("stragglers")) {
                whenReady(layers.stragglerResultProperty(), r -> r != null, () -> {
                    List<String> stragglers = layers.stragglers();
                    if (!stragglers.isEmpty()) {
                        layers.selectedGroupProperty().set(stragglers.get(0));
                    }
                });
            }
        }
        if (step.view() == DemoScript.View.SPARSITY && step.apply()) {
            whenReady(sparsity.groupsReadyProperty(), ready -> ready, () -> {
                if (sparsity.outcomeProperty().get() == null && !sparsity.runningProperty().get()) {
                    sparsity.apply();
                }
            });
        }
    }

    @Override
    public void ended() {
        pendingCleanup.run();
        pendingCleanup = () -> { };
        if (interpolation.playing()) {
            interpolation.togglePlay();
        }
        interpolation.setHighlights(Set.of());
    }

    /** Runs {@code action} now if {@code value} is ready, else once it becomes ready while this step is shown. */
    private <T> void whenReady(ObservableValue<T> value, java.util.function.Predicate<T> ready, Runnable action) {
        if (ready.test(value.getValue())) {
            action.run();
            return;
        }
        ChangeListener<T> listener = new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends T> obs, T old, T now) {
                if (ready.test(now)) {
                    value.removeListener(this);
                    action.run();
                }
            }
        };
        value.addListener(listener);
        pendingCleanup = () -> value.removeListener(listener);
    }
}
