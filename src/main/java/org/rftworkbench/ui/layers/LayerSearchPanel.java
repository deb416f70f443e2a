package org.rftworkbench.ui.layers;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The Layers view's "Per-layer mixing" panel: Search / Make Split &amp; Search / Apply to Slider / Cancel, the status
 * (the held-out report when done), and the alphas found, one line per layer group (stragglers starred). Binds to
 * {@link LayerSearchViewModel}.
 */
final class LayerSearchPanel {
    private LayerSearchPanel() {
    }

    static TitledPane of(LayerSearchViewModel model) {
        Button search = new Button("Search");
        search.setId("layerSearchRun");
        search.setOnAction(e -> model.search(false));
        Button split = new Button("Make Split & Search");
        split.setId("layerSearchSplit");
        split.setOnAction(e -> model.search(true));
        Button apply = new Button("Apply to Slider");
        apply.setId("layerSearchApply");
        apply.setOnAction(e -> model.applyToSlider());
        apply.disableProperty().bind(model.resultProperty().isNull());
        Button cancel = new Button("Cancel");
        cancel.setId("layerSearchCancel");
        cancel.setOnAction(e -> model.cancel());
        cancel.disableProperty().bind(model.runningProperty().not());
        search.disableProperty().bind(model.runningProperty().or(model.projectProperty().isNull()));
        split.disableProperty().bind(search.disableProperty());
        Label status = new Label();
        status.setId("layerSearchStatus");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        Label alphas = new Label();
        alphas.setId("layerSearchAlphas");
        alphas.setWrapText(true);
        model.resultProperty().addListener((obs, old, now) -> alphas.setText(now == null ? ""
                : "alphas found (* = straggler, visited first): "
                        + String.join(", ", LayerSearchViewModel.groupLines(now))));
        Label explain = new Label("One alpha per layer group that raises average OOD accuracy while ID stays within "
                + "0.5 points of uniform interpolation's; tuned on the project's validation split only and reported "
                + "on its untouched test part (`rft-workbench layer-search`).");
        explain.setWrapText(true);
        HBox buttons = new HBox(8, search, split, apply, cancel);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, explain, buttons, status, alphas);
        box.setPadding(new Insets(6));
        TitledPane pane = new TitledPane("Per-layer mixing search", box);
        pane.setId("layerSearchPane");
        pane.setExpanded(false);
        return pane;
    }
}
