package org.rftworkbench.ui.interpolation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.ui.common.OncePerPulse;

/**
 * The interpolation screen: the alpha slider (arrow keys step 0.05, Shift+arrow 0.01, numeric field, extrapolation
 * range, flip-convention toggle, play button for teaching), live readouts per dataset, and the linked accuracy and
 * effective-robustness charts. Builds nodes and binds them to {@link InterpolationViewModel}; holds no state of its
 * own beyond what the widgets show.
 */
public final class InterpolationView {
    private static final double STEP = 0.05;
    private static final double FINE_STEP = 0.01;
    /** Presentation: the accuracy chart's share of the width, unless the readouts need more room. */
    private static final double PRESENTATION_DIVIDER = 0.68;

    private final InterpolationViewModel model;
    private final BorderPane root = new BorderPane();
    private final Slider slider = new Slider(0, 1, 0.5);
    private final TextField alphaField = new TextField();
    private final GridPane readoutGrid = new GridPane();
    private final AccuracyChart accuracy = new AccuracyChart();
    private final RobustnessChart robustness = new RobustnessChart();
    private final Timeline play = new Timeline();
    // redraws follow the slider and the estimates at most once per frame (see OncePerPulse)
    private final OncePerPulse readoutsRedraw = new OncePerPulse(() -> {
        rebuildReadouts();
        redrawRobustness();
    });
    private final OncePerPulse chartsRedraw = new OncePerPulse(this::redrawCharts);
    private final List<Label> valueLabels = new ArrayList<>();
    /** Presentation mode: per dataset, the difference to A and to B in points. */
    private final List<Label> versusA = new ArrayList<>();
    private final List<Label> versusB = new ArrayList<>();
    private List<String> shownDatasets = List.of();
    private boolean syncing;
    private boolean presentation;
    private SplitPane shownCharts;
    private HBox controlBar;
    private final Button playButton = new Button("▶ Play");

    public InterpolationView(InterpolationViewModel model) {
        this.model = model;
        root.setTop(controls());
        readoutGrid.setHgap(16);
        readoutGrid.setVgap(4);
        readoutGrid.setPadding(new Insets(8, 12, 8, 12));
        readoutGrid.setId("readouts");
        layOut();
        bind();
    }

    /**
     * Desktop: readouts above the two charts side by side. Presentation: the accuracy chart takes about two thirds
     * of the width and the whole height below the slider; the compact readouts and the robustness chart share the
     * rest.
     */
    private void layOut() {
        readoutGrid.setHgap(presentation ? 8 : 16);
        controlBar.setPadding(presentation ? new Insets(4, 12, 0, 12) : new Insets(10, 12, 4, 12));
        readoutGrid.setPadding(presentation ? new Insets(6, 8, 6, 8) : new Insets(8, 12, 8, 12));
        if (presentation) {
            VBox side = new VBox(readoutGrid, robustness.viewer());
            VBox.setVgrow(robustness.viewer(), Priority.ALWAYS);
            side.setMinWidth(0);
            SplitPane charts = new SplitPane(accuracy.node(), side);
            shownCharts = charts;
            charts.setId("presentationCharts");
            charts.setDividerPositions(PRESENTATION_DIVIDER);
            charts.widthProperty().addListener((obs, old, now) -> fitReadouts());
            root.setCenter(charts);
        } else {
            SplitPane charts = new SplitPane(accuracy.node(), robustness.viewer());
            shownCharts = charts;
            charts.setDividerPositions(0.58);
            VBox center = new VBox(readoutGrid, charts);
            VBox.setVgrow(charts, Priority.ALWAYS);
            root.setCenter(center);
        }
    }

    /**
     * Presentation mode on or off: the layout, the charts' text, lines and markers ({@link ChartLook}) and the
     * readouts (compact, with differences to both endpoints). FX thread.
     */
    public void setPresentation(boolean on) {
        if (on == presentation) {
            return;
        }
        presentation = on;
        // detach the shared nodes from the old containers before the new ones take them
        root.setCenter(null);
        shownCharts.getItems().clear();
        if (readoutGrid.getParent() instanceof VBox box) {
            box.getChildren().clear();
        }
        if (robustness.viewer().getParent() instanceof VBox box) {
            box.getChildren().clear();
        }
        layOut();
        ChartLook look = on ? ChartLook.PRESENTATION : ChartLook.DESKTOP;
        accuracy.setLook(look);
        robustness.setLook(look);
        shownDatasets = List.of(); // rebuild the rows in the other layout
        readoutsRedraw.request();
        chartsRedraw.request();
    }

    public boolean presentation() {
        return presentation;
    }

    /** Sets the slider (alpha as displayed, clamped to its range). FX thread. */
    public void setDisplayedAlpha(double alpha) {
        slider.setValue(clamp(round(alpha)));
    }

    /** Moves the slider by {@code delta} (e.g. 0.05), clamped to its range. FX thread. */
    public void stepAlpha(double delta) {
        setDisplayedAlpha(slider.getValue() + delta);
    }

    /** Starts or stops the Play sweep (as the Play button does). FX thread. */
    public void togglePlay() {
        togglePlay(playButton);
    }

    /** Whether the Play sweep is running. */
    public boolean playing() {
        return play.getStatus() == javafx.animation.Animation.Status.RUNNING;
    }

    /**
     * What the accuracy chart points at (a guided demo's highlights: "best-of-both", "failure"); empty for none.
     * FX thread.
     */
    public void setHighlights(java.util.Set<String> highlights) {
        accuracy.setHighlights(highlights);
        chartsRedraw.request();
    }

    public Node root() {
        return root;
    }

    public Slider slider() {
        return slider;
    }

    /** Snapshots of the two charts as shown (for the clipboard: slides). Call on the FX thread. */
    public javafx.scene.image.Image accuracyImage() {
        flushRedraws();
        return accuracy.node().snapshot(null, null);
    }

    public javafx.scene.image.Image robustnessImage() {
        flushRedraws();
        return robustness.viewer().snapshot(null, null);
    }

    /** The accuracy-vs-alpha chart node (for its context menu). */
    public Node accuracyNode() {
        return accuracy.viewer();
    }

    /** The effective-robustness chart node (for its context menu). */
    public Node robustnessNode() {
        return robustness.viewer();
    }

    private void flushRedraws() {
        readoutsRedraw.runIfPending();
        chartsRedraw.runIfPending();
    }

    AccuracyChart accuracyChart() {
        return accuracy;
    }

    RobustnessChart robustnessChart() {
        return robustness;
    }

    private Node controls() {
        slider.setId("alphaSlider");
        slider.setBlockIncrement(STEP);
        slider.setMajorTickUnit(0.1);
        slider.setShowTickMarks(true);
        slider.setShowTickLabels(true);
        HBox.setHgrow(slider, Priority.ALWAYS);
        slider.setOnKeyPressed(e -> {
            if (e.isShiftDown() && (e.getCode() == KeyCode.LEFT || e.getCode() == KeyCode.RIGHT)) {
                double delta = e.getCode() == KeyCode.LEFT ? -FINE_STEP : FINE_STEP;
                slider.setValue(clamp(round(slider.getValue() + delta)));
                e.consume();
            }
        });
        alphaField.setId("alphaField");
        alphaField.setPrefColumnCount(6);
        alphaField.setOnAction(e -> {
            try {
                slider.setValue(clamp(Double.parseDouble(alphaField.getText().strip())));
            } catch (NumberFormatException ex) {
                alphaField.setText(format(slider.getValue()));
            }
        });
        CheckBox flip = new CheckBox("flip α convention");
        flip.setId("flipToggle");
        flip.selectedProperty().bindBidirectional(model.flipConventionProperty());
        CheckBox extrapolate = new CheckBox("extrapolate (−0.5…1.5)");
        extrapolate.setId("extrapolationToggle");
        extrapolate.selectedProperty().bindBidirectional(model.extrapolationProperty());
        playButton.setId("playButton");
        playButton.setOnAction(e -> togglePlay(playButton));
        Label label = new Label("α");
        label.setStyle("-fx-font-size: 1.4em;");
        HBox bar = new HBox(10, label, slider, alphaField, playButton, flip, extrapolate);
        controlBar = bar;
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(10, 12, 4, 12));
        return bar;
    }

    private void bind() {
        slider.valueProperty().addListener((obs, old, now) -> {
            alphaField.setText(format(now.doubleValue()));
            accuracy.setAlpha(now.doubleValue()); // moves a line node: cheap
            if (!syncing) {
                syncing = true;
                model.alphaProperty().set(toModel(now.doubleValue()));
                syncing = false;
            }
        });
        model.alphaProperty().addListener((obs, old, now) -> {
            if (!syncing) {
                syncing = true;
                slider.setValue(toDisplay(now.doubleValue()));
                syncing = false;
            }
        });
        model.flipConventionProperty().addListener((obs, old, now) -> {
            syncing = true;
            slider.setValue(toDisplay(model.alphaProperty().get()));
            syncing = false;
            chartsRedraw.request();
        });
        model.extrapolationProperty().addListener((obs, old, now) -> {
            slider.setMin(now ? -0.5 : 0);
            slider.setMax(now ? 1.5 : 1);
            accuracy.setAlphaRange(slider.getMin(), slider.getMax());
        });
        alphaField.setText(format(slider.getValue()));
        model.readouts().addListener((ListChangeListener<Readout>) c -> readoutsRedraw.request());
        model.curvesProperty().addListener((obs, old, now) -> {
            chartsRedraw.request();
            readoutsRedraw.request(); // the compact readouts' differences to A and B come from the curves
        });
        model.nonFiniteAlphasProperty().addListener((obs, old, now) -> chartsRedraw.request());
        model.projectProperty().addListener((obs, old, now) -> readoutsRedraw.request());
    }

    /**
     * Shows the readouts: the rows are rebuilt only when the datasets change; otherwise only the value labels whose
     * text changed are touched (new nodes would cost a CSS and layout pass in every frame of a drag).
     */
    private void rebuildReadouts() {
        if (presentation) {
            rebuildCompactReadouts();
            return;
        }
        List<String> datasets = model.readouts().stream().map(Readout::dataset).toList();
        if (!datasets.equals(shownDatasets)) {
            shownDatasets = datasets;
            valueLabels.clear();
            readoutGrid.getChildren().clear();
            int row = 0;
            for (Readout r : model.readouts()) {
                Label name = new Label(r.dataset());
                Label role = new Label(r.role().toUpperCase(Locale.ROOT));
                role.setStyle("-fx-text-fill: #666;");
                Label value = new Label();
                value.setId("readout-" + r.dataset());
                if (r.role().equals("avg")) {
                    name.setStyle("-fx-font-weight: bold;");
                }
                valueLabels.add(value);
                readoutGrid.addRow(row++, name, role, value);
            }
        }
        for (int i = 0; i < valueLabels.size(); i++) {
            Readout r = model.readouts().get(i);
            Label value = valueLabels.get(i);
            if (!value.getText().equals(r.text())) {
                value.setText(r.text());
            }
            String style = r.estimate() != null && r.estimate().exact() ? "-fx-font-weight: bold;"
                    : r.estimate() == null && r.instant() != null ? "-fx-text-fill: #555; -fx-font-style: italic;"
                    : "-fx-text-fill: #555;";
            if (!style.equals(value.getStyle())) {
                value.setStyle(style);
            }
        }
    }

    /**
     * Presentation readouts: one line per dataset (name, value, points above or below A and B), the OOD average in
     * bold and larger; the full progressive text is each value's tooltip.
     */
    private void rebuildCompactReadouts() {
        List<String> datasets = model.readouts().stream().map(Readout::dataset).toList();
        if (!datasets.equals(shownDatasets)) {
            shownDatasets = datasets;
            valueLabels.clear();
            versusA.clear();
            versusB.clear();
            readoutGrid.getChildren().clear();
            readoutGrid.addRow(0, header(""), header("top-1 %"), header("vs A"), header("vs B"));
            int row = 1;
            for (Readout r : model.readouts()) {
                Label name = new Label(r.dataset().equals(InterpolationViewModel.AVG_OOD) ? "OOD avg"
                        : r.dataset());
                Label value = new Label();
                value.setId("readout-" + r.dataset());
                value.setMinWidth(javafx.scene.control.Control.USE_PREF_SIZE);
                value.setTooltip(new javafx.scene.control.Tooltip());
                Label a = new Label();
                a.setId("versusA-" + r.dataset());
                Label b = new Label();
                b.setId("versusB-" + r.dataset());
                for (Label l : List.of(name, a, b)) {
                    l.setMinWidth(javafx.scene.control.Control.USE_PREF_SIZE); // never "…": the numbers are the point
                }
                if (r.role().equals("avg")) {
                    for (Label l : List.of(name, value, a, b)) {
                        l.setStyle("-fx-font-weight: bold; -fx-font-size: 1.1em;");
                    }
                }
                if (!r.role().equals("avg")) {
                    name.getStyleClass().add("readout-name");
                }
                valueLabels.add(value);
                versusA.add(a);
                versusB.add(b);
                readoutGrid.addRow(row++, name, value, a, b);
            }
        }
        Map<String, TreeMap<Double, Double>> curves = model.curvesProperty().get();
        for (int i = 0; i < valueLabels.size(); i++) {
            Readout r = model.readouts().get(i);
            setIfChanged(valueLabels.get(i), r.compactText());
            valueLabels.get(i).getTooltip().setText(r.text()); // the full progressive text
            boolean exact = r.estimate() != null && r.estimate().exact();
            String style = (r.role().equals("avg") ? "-fx-font-weight: bold; -fx-font-size: 1.1em;" : "")
                    + (exact ? "" : "-fx-text-fill: #555;");
            if (!style.equals(valueLabels.get(i).getStyle())) {
                valueLabels.get(i).setStyle(style);
            }
            TreeMap<Double, Double> curve = curves == null ? null : curves.get(r.dataset());
            setIfChanged(versusA.get(i), versus(r.top1(), curve == null ? null : curve.get(0.0)));
            setIfChanged(versusB.get(i), versus(r.top1(), curve == null ? null : curve.get(1.0)));
        }
        fitReadouts();
    }

    /**
     * Presentation: gives the side column the readouts' width when 34 % of the window is too little for them (at
     * 1024 x 768), so that no number is cut off; the accuracy chart keeps the rest (more than half the window).
     */
    private void fitReadouts() {
        if (!presentation || shownCharts == null || shownCharts.getWidth() <= 0) {
            return;
        }
        double need = readoutGrid.prefWidth(-1) + 8; // + the divider
        double divider = Math.min(PRESENTATION_DIVIDER, 1 - need / shownCharts.getWidth());
        if (Math.abs(shownCharts.getDividerPositions()[0] - divider) > 0.002) {
            shownCharts.setDividerPositions(divider);
        }
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("readout-header");
        l.setMinWidth(javafx.scene.control.Control.USE_PREF_SIZE);
        return l;
    }

    private static void setIfChanged(Label label, String text) {
        if (!label.getText().equals(text)) {
            label.setText(text);
        }
    }

    /** "+3.1" / "−1.2" points (top-1 given as fractions), "" when either is unknown. */
    static String versus(double top1, Double endpoint) {
        if (endpoint == null || Double.isNaN(top1)) {
            return "";
        }
        double points = 100 * (top1 - endpoint);
        String text = String.format(Locale.ROOT, "%+.1f", points);
        return text.equals("-0.0") ? "+0.0" : text.replace('-', '−');
    }

    private void redrawCharts() {
        accuracy.update(model.curvesProperty().get(), model.nonFiniteAlphasProperty().get(),
                model.flipConventionProperty().get(), model.alphaAxisLabel());
        accuracy.setAlpha(slider.getValue());
        redrawRobustness();
    }

    private void redrawRobustness() {
        String id = idDataset();
        double[] current = null;
        double idTop1 = top1Of(id);
        double oodTop1 = top1Of(InterpolationViewModel.AVG_OOD);
        if (!Double.isNaN(idTop1) && !Double.isNaN(oodTop1)) { // measured, or the grid's interpolation
            current = new double[] {100 * idTop1, 100 * oodTop1};
        }
        Map<String, TreeMap<Double, Double>> curves = model.curvesProperty().get();
        robustness.update(curves, id, current);
    }

    private double top1Of(String dataset) {
        for (Readout r : model.readouts()) {
            if (r.dataset().equals(dataset)) {
                return r.top1();
            }
        }
        return Double.NaN;
    }

    private String idDataset() {
        if (model.projectProperty().get() == null) {
            return null;
        }
        return model.projectProperty().get().spec().datasets().stream().filter(d -> d.role() == ProjectSpec.Role.ID)
                .map(ProjectSpec.DatasetEntry::name).findFirst().orElse(null);
    }

    private void togglePlay(Button button) {
        if (play.getStatus() == javafx.animation.Animation.Status.RUNNING) {
            play.stop();
            button.setText("▶ Play");
            return;
        }
        play.getKeyFrames().setAll(new KeyFrame(Duration.millis(600), e -> {
            double next = round(slider.getValue() + STEP);
            if (next > slider.getMax() + 1e-9) {
                next = slider.getMin();
            }
            slider.setValue(next);
        }));
        play.setCycleCount(Timeline.INDEFINITE);
        play.play();
        button.setText("■ Stop");
    }

    private double toModel(double displayed) {
        return model.flipConventionProperty().get() ? round(1 - displayed) : displayed;
    }

    private double toDisplay(double alpha) {
        return model.flipConventionProperty().get() ? round(1 - alpha) : alpha;
    }

    private double clamp(double v) {
        return Math.max(slider.getMin(), Math.min(slider.getMax(), v));
    }

    /** Rounds to 1e-9 so that keyboard steps give 0.3, not 0.30000000000000004 (alphas are cache keys). */
    private static double round(double v) {
        return Math.round(v * 1e9) / 1e9;
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
