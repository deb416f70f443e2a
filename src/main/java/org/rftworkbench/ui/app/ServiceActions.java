package org.rftworkbench.ui.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.ServiceInfo;
import org.rftworkbench.core.service.SubmitInBackground;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.rftworkbench.core.service.remote.BearerToken;
import org.rftworkbench.core.service.remote.RemoteComputeService;
import org.rftworkbench.ui.common.ErrorDialog;
import org.rftworkbench.ui.common.FxThread;

/**
 * What the window does with its compute service: File > Connect to Server… and Use Embedded Service (switching the
 * service the views use), Help > Engine…, and the service's description for the status bar. Everything that
 * connects, starts an engine or asks DJL runs on the io thread; dialogs and results are on the FX thread.
 */
final class ServiceActions {
    /** What the window does around a switch: cancel the views' work before, refresh and reopen after. */
    interface SwitchListener {
        void beforeSwitch();

        void afterSwitch();
    }

    private final SwitchableComputeService switchable;
    private final ComputeService service;
    private final Executor io;
    private final SwitchListener listener;

    /**
     * @param switchable the service the views' service forwards to
     * @param service    the service the views use (its {@link ComputeService#info()} describes the current one)
     */
    ServiceActions(SwitchableComputeService switchable, ComputeService service, Executor io, SwitchListener listener) {
        this.switchable = switchable;
        this.service = service;
        this.io = io;
        this.listener = listener;
    }

    /**
     * Asks the service for its description on the io thread (the embedded service asks the DJL engine, which must
     * not happen on the FX thread) and hands it to {@code show} on the FX thread.
     */
    void withServiceInfo(Consumer<ServiceInfo> show) {
        CompletableFuture.supplyAsync(service::info, io).whenCompleteAsync((info, error) -> {
            if (info != null) {
                show.accept(info);
            }
        }, FxThread.FX);
    }

    /** Asks for a server URL and token file, connects off the FX thread, then routes new jobs there. */
    void connectDialog() {
        Dialog<String[]> dialog = new Dialog<>();
        dialog.setTitle("Connect to compute server");
        dialog.setHeaderText("rft-workbench serve on another machine (use an SSH tunnel, see docs/REMOTE.md)");
        TextField url = new TextField("http://127.0.0.1:8765");
        TextField token = new TextField();
        token.setPromptText("token file (empty: no token)");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, new Label("URL"), url);
        grid.addRow(1, new Label("Token file"), token);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.setResultConverter(b -> b == ButtonType.OK
                ? new String[] {url.getText().strip(), token.getText().strip()} : null);
        dialog.showAndWait().ifPresent(values -> io.execute(() -> {
            try {
                String secret = values[1].isEmpty() ? null : BearerToken.readFile(Path.of(values[1]));
                // the client posts each job over the network before it returns: keep that off the FX thread
                ComputeService remote = new SubmitInBackground(RemoteComputeService.connect(URI.create(values[0]),
                        secret));
                Platform.runLater(() -> switchService(remote));
            } catch (Exception ex) {
                Platform.runLater(() -> ErrorDialog.create("Cannot connect to " + values[0], ex).show());
            }
        }));
    }

    /** Starts a new embedded service (on the io thread: it starts the engine) and switches to it. */
    void useEmbedded() {
        io.execute(() -> {
            ComputeService embedded = new EmbeddedComputeService(EmbeddedComputeService.Settings.defaults());
            Platform.runLater(() -> switchService(embedded));
        });
    }

    /** Cancels running work, routes new jobs to {@code next}, closes the old service off the FX thread. */
    private void switchService(ComputeService next) {
        listener.beforeSwitch();
        ComputeService previous = switchable.switchTo(next);
        io.execute(previous::close);
        listener.afterSwitch();
    }

    /** Help > Engine…: the service, its precision and the engine's report (native library, devices). */
    void showEngine() {
        // the service's info and the engine report both ask DJL (and probe CUDA and files): never on the FX thread
        withServiceInfo(info -> {
            String serviceText = "Service: " + info.location() + "\nPrecision: " + info.precision();
            if (!"embedded".equals(info.location())) {
                // a remote server: its engine runs elsewhere, so only what it reported is known here
                showEngineAlert(serviceText + "\nEngine: " + info.engine() + "\nDevices: "
                        + String.join(", ", info.devices()));
                return;
            }
            io.execute(() -> {
                try {
                    String details = String.join("\n", Engines.report().lines());
                    Platform.runLater(() -> showEngineAlert(serviceText + "\n" + details));
                } catch (RuntimeException ex) {
                    Platform.runLater(() -> ErrorDialog.create("Cannot describe the engine", ex).show());
                }
            });
        });
    }

    private static void showEngineAlert(String text) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, text);
        alert.setHeaderText("Compute engine");
        alert.setResizable(true);
        alert.show();
    }
}
