package org.rftworkbench.ui.app;

import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.rftworkbench.core.project.DemoScript;

/**
 * A guided demo being walked: the current step of a {@link DemoScript}, moved by the presenter (arrow keys, a
 * clicker's Page Up/Down), and the caption bar that shows it. Each move tells the window what to show through
 * {@link Stage}. FX thread only.
 */
final class GuidedDemo {
    /** What a step does to the window. */
    interface Stage {
        /** Shows a step: its view, alpha, Play, highlights, sparsity apply (the previous step's Play is stopped). */
        void show(DemoScript.Step step);

        /** The demo ended: clear highlights, stop Play. */
        void ended();
    }

    private final DemoScript script;
    private final Stage stage;
    private final ReadOnlyIntegerWrapper index = new ReadOnlyIntegerWrapper(-1);
    private final Label position = new Label();
    private final Label caption = new Label();
    private final VBox bar;

    GuidedDemo(DemoScript script, Stage stage) {
        this.script = Objects.requireNonNull(script);
        this.stage = Objects.requireNonNull(stage);
        position.setId("demoPosition");
        position.getStyleClass().add("demo-position");
        caption.setId("demoCaption");
        caption.getStyleClass().add("demo-caption");
        caption.setWrapText(true);
        caption.setMaxWidth(Double.MAX_VALUE);
        Label hint = new Label("← → or Page Up/Down: step · Esc: end");
        hint.getStyleClass().add("demo-hint");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(12, position, spacer, hint);
        top.setAlignment(Pos.CENTER_LEFT);
        bar = new VBox(4, top, caption);
        bar.setId("demoBar");
        bar.getStyleClass().add("demo-bar");
        bar.setPadding(new Insets(8, 14, 10, 14));
    }

    /** The caption bar (step k of n, the caption, the keys). */
    Node bar() {
        return bar;
    }

    DemoScript script() {
        return script;
    }

    /** The current step's index (0-based), -1 before {@link #start()}. */
    ReadOnlyIntegerProperty indexProperty() {
        return index.getReadOnlyProperty();
    }

    /** Goes to the first step. */
    void start() {
        go(0);
    }

    /** The next step; false (nothing changes) at the last one. */
    boolean next() {
        return index.get() + 1 < script.steps().size() && go(index.get() + 1);
    }

    /** The previous step; false at the first one. */
    boolean previous() {
        return index.get() > 0 && go(index.get() - 1);
    }

    void end() {
        stage.ended();
    }

    private boolean go(int i) {
        index.set(i);
        DemoScript.Step step = script.steps().get(i);
        position.setText(String.format(Locale.ROOT, "%s · step %d of %d", script.title(), i + 1,
                script.steps().size()));
        caption.setText(step.caption());
        stage.show(step);
        return true;
    }
}
