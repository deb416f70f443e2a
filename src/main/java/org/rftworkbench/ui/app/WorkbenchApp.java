package org.rftworkbench.ui.app;

import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.rftworkbench.core.Version;

/**
 * The desktop window. Until the interpolation and layer views land it shows what the CLI can already do, so that a
 * user who double-clicks the app is not left with an empty frame.
 */
public final class WorkbenchApp extends Application {
    @Override
    public void start(Stage stage) {
        Label title = new Label("RFT Workbench " + Version.get());
        title.setStyle("-fx-font-size: 20px; -fx-font-weight: bold;");
        Label body = new Label("""
                The interactive views (alpha slider, accuracy and robustness charts, layer heatmaps) are not built yet.
                The headless core works from the command line:

                  rft-workbench sweep sample-projects/fashion-clip-wiseft/project.json
                  rft-workbench inspect CHECKPOINT
                  rft-workbench diff A B
                  rft-workbench --help""");
        body.setStyle("-fx-font-family: monospace;");
        VBox root = new VBox(16, title, body);
        root.setPadding(new Insets(24));
        stage.setTitle("RFT Workbench");
        stage.setScene(new Scene(root, 820, 300));
        stage.show();
    }
}
