package org.rftworkbench.ui.devtools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Slider;
import javafx.scene.control.TabPane;
import javafx.scene.image.WritableImage;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.ui.app.MainWindow;
import org.rftworkbench.ui.app.UserSettings;
import org.rftworkbench.ui.layers.LayersViewModel;
import org.rftworkbench.ui.project.NewProjectDialog;
import org.rftworkbench.ui.project.NewProjectForm;

/**
 * Documentation and smoke-test aids, driven by system properties so that a plain launch never sees them:
 * {@code -Drft.snapshot=FILE.png} writes a snapshot of the window after {@code -Drft.snapshotAfterMs} (default 8000;
 * a comma list such as 5000,30000,90000 writes FILE-1.png, FILE-2.png, ... at those times, see {@link #snapshotPlan})
 * and {@code -Drft.exitAfterMs=N} quits after N ms. Used by tools/screenshots.sh and the installer smoke test.
 * {@code -Drft.tab=NAME} selects the tab whose id is NAME + "Tab" (interpolation, layers, correlation, sparsity, study, plane);
 * with {@code -Drft.autorun=true} the tab's NAME + "Apply", "Compute" or "Run" button is pressed as soon as it is
 * enabled (a view that first needs data enables it when the data is there); {@code -Drft.check=#ID,...} ticks those
 * check boxes first (e.g. #sparsityControl); {@code -Drft.layer=GROUP} shows that layer's detail in the Layers view;
 * {@code -Drft.alpha=A -Drft.alphaAtMs=N} moves the slider to A after N ms (a screenshot mid-drag);
 * {@code -Drft.dialog=new-project} opens File > New Project filled with the bundled sample's files and checks them;
 * {@code -Drft.presentation=true} starts in presentation mode, {@code -Drft.size=1024x768} at that window size, and
 * {@code -Drft.demoStep=N} starts the project's guided demo at step N; {@code -Drft.planePoint=U,V} moves the Plane
 * view's point there once its plane is complete, and {@code -Drft.planeB2=RUN} makes RUN its B2.
 */
public final class SnapshotHooks {
    private SnapshotHooks() {
    }

    /** Applies {@code rft.planePoint=U,V}: the Plane view's point moves there once a plane is complete. */
    public static void planePoint(org.rftworkbench.ui.plane.PlaneViewModel plane) {
        String b2 = System.getProperty("rft.planeB2");
        if (b2 != null) {
            plane.secondRuns().addListener((javafx.collections.ListChangeListener<String>) c -> {
                if (plane.secondRuns().contains(b2)) {
                    plane.secondRunProperty().set(b2);
                }
            });
        }
        String point = System.getProperty("rft.planePoint");
        if (point == null) {
            return;
        }
        String[] uv = point.split(",");
        plane.planeProperty().addListener(new ChangeListener<org.rftworkbench.core.eval.PlaneResult>() {
            @Override
            public void changed(ObservableValue<? extends org.rftworkbench.core.eval.PlaneResult> obs,
                    org.rftworkbench.core.eval.PlaneResult old, org.rftworkbench.core.eval.PlaneResult now) {
                if (now != null && now.isComplete()) {
                    obs.removeListener(this);
                    plane.moveTo(Double.parseDouble(uv[0]), Double.parseDouble(uv[1]));
                }
            }
        });
    }

    /** Applies {@code rft.layer}: the Layers view shows that group's detail once a project is open. */
    public static void startup(LayersViewModel layers) {
        String layer = System.getProperty("rft.layer");
        if (layer == null) {
            return;
        }
        layers.projectProperty().addListener(new ChangeListener<LoadedProject>() {
            @Override
            public void changed(ObservableValue<? extends LoadedProject> obs, LoadedProject old, LoadedProject now) {
                if (now != null) {
                    obs.removeListener(this);
                    layers.selectedGroupProperty().set(layer);
                }
            }
        });
    }

    /**
     * Applies {@code rft.presentation=true|false} (presentation mode) and {@code rft.size=WxH} (window size) to the
     * settings the window starts with.
     */
    public static UserSettings settings(UserSettings settings) {
        String presentation = System.getProperty("rft.presentation");
        if (presentation != null) {
            settings = settings.withTheme(settings.darkTheme(), Boolean.parseBoolean(presentation));
        }
        String size = System.getProperty("rft.size");
        if (size != null) {
            String[] wh = size.toLowerCase(java.util.Locale.ROOT).split("x");
            settings = settings.withWindow(Double.parseDouble(wh[0]), Double.parseDouble(wh[1]));
        }
        return settings;
    }

    /** Applies {@code rft.demoStep=N}: once a project is open, its guided demo starts and goes to step N (1-based). */
    public static void demo(MainWindow window) {
        Integer step = Integer.getInteger("rft.demoStep");
        if (step == null) {
            return;
        }
        window.interpolation().projectProperty().addListener(new ChangeListener<LoadedProject>() {
            @Override
            public void changed(ObservableValue<? extends LoadedProject> obs, LoadedProject old, LoadedProject now) {
                if (now != null) {
                    obs.removeListener(this);
                    Platform.runLater(() -> window.startDemo(step - 1));
                }
            }
        });
    }

    /** Applies {@code rft.dialog=new-project}. */
    public static void newProjectDialog(MainWindow window) {
        if (!"new-project".equals(System.getProperty("rft.dialog"))) {
            return;
        }
        Path sample = Path.of("sample-projects", "fashion-clip-wiseft").toAbsolutePath();
        NewProjectForm form = new NewProjectForm();
        form.name = "my-wiseft-study";
        form.folder = Path.of(System.getProperty("java.io.tmpdir"), "my-wiseft-study");
        form.modelFile = sample.resolve("model/config.json");
        form.checkpointA = sample.resolve("checkpoints/zeroshot.safetensors");
        form.checkpointB = sample.resolve("checkpoints/finetuned.safetensors");
        form.classesFile = sample.resolve("classes.txt");
        for (String name : new String[] {"id_clean", "ood_blur", "ood_lowcon"}) {
            form.datasets.add(new NewProjectForm.DatasetRow(name,
                    name.startsWith("id") ? ProjectSpec.Role.ID
                            : ProjectSpec.Role.OOD,
                    ProjectSpec.Format.IDX,
                    sample.resolve("data/" + name + "-images-idx3-ubyte.gz"),
                    sample.resolve("data/" + name + "-labels-idx1-ubyte.gz")));
        }
        Platform.runLater(() -> {
            NewProjectDialog dialog = window.newProjectDialog();
            dialog.show(file -> { });
            dialog.fillAndCheck(form);
        });
    }

    /** Applies the tab, check, autorun, alpha, snapshot and exit properties to the shown window's scene. */
    public static void install(Scene scene, Runnable shutdown) {
        String tab = System.getProperty("rft.tab");
        if (tab != null) {
            selectTab(scene, tab);
            for (String id : System.getProperty("rft.check", "").split(",")) {
                if (!id.isBlank() && scene.lookup(id.strip()) instanceof CheckBox box) {
                    box.setSelected(true);
                }
            }
            if (Boolean.getBoolean("rft.autorun")) {
                pressWhenEnabled(scene, "#" + tab + "Apply", "#" + tab + "Compute", "#" + tab + "Run", "#" + tab + "Fill");
            }
        }
        String alpha = System.getProperty("rft.alpha");
        if (alpha != null && scene.lookup("#alphaSlider") instanceof Slider slider) {
            PauseTransition wait = new PauseTransition(Duration.millis(Long.getLong("rft.alphaAtMs", 6000)));
            wait.setOnFinished(e -> slider.setValue(Double.parseDouble(alpha)));
            wait.play();
        }
        String snapshot = System.getProperty("rft.snapshot");
        if (snapshot != null) {
            List<Snapshot> plan;
            try {
                plan = snapshotPlan(snapshot, System.getProperty("rft.snapshotAfterMs", "8000"));
            } catch (IllegalArgumentException e) {
                System.err.println("error: " + e.getMessage() + "; no snapshot is taken");
                plan = List.of();
            }
            for (Snapshot shot : plan) {
                PauseTransition wait = new PauseTransition(Duration.millis(shot.afterMs()));
                wait.setOnFinished(e -> writeSnapshot(scene, shot.file()));
                wait.play();
            }
        }
        Long exitAfter = Long.getLong("rft.exitAfterMs");
        if (exitAfter != null) {
            PauseTransition wait = new PauseTransition(Duration.millis(exitAfter));
            wait.setOnFinished(e -> {
                shutdown.run();
                Platform.exit();
            });
            wait.play();
        }
    }

    /**
     * One planned snapshot.
     *
     * @param afterMs milliseconds after the window is shown
     * @param file    the PNG to write
     */
    public record Snapshot(long afterMs, Path file) {
    }

    /**
     * The snapshots that {@code -Drft.snapshot=FILE -Drft.snapshotAfterMs=TIMES} ask for: one time ("8000") writes
     * FILE itself; a comma list ("5000,30000,90000") writes FILE with "-1", "-2", ... before its extension, one per
     * time, in the order given (e.g. during preparation, at the first estimate, while the grid fills).
     *
     * @throws IllegalArgumentException a time that is not a non-negative whole number of milliseconds
     */
    public static List<Snapshot> snapshotPlan(String file, String times) {
        String[] parts = times.split(",");
        List<Snapshot> plan = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            long ms;
            try {
                ms = Long.parseLong(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("rft.snapshotAfterMs: '" + parts[i].strip()
                        + "' is not a whole number of milliseconds");
            }
            if (ms < 0) {
                throw new IllegalArgumentException("rft.snapshotAfterMs: " + ms + " is negative");
            }
            plan.add(new Snapshot(ms, parts.length == 1 ? Path.of(file) : numbered(Path.of(file), i + 1)));
        }
        return plan;
    }

    /** "shot.png", 2 -> "shot-2.png" (in the same folder). */
    private static Path numbered(Path file, int n) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String numbered = dot > 0 ? name.substring(0, dot) + "-" + n + name.substring(dot) : name + "-" + n;
        return file.resolveSibling(numbered);
    }

    /** Snapshots the scene on the FX thread and writes the PNG on a separate thread. */
    private static void writeSnapshot(Scene scene, Path file) {
        WritableImage image = scene.snapshot(null);
        var buffered = SwingFXUtils.fromFXImage(image, null);
        Thread writer = new Thread(() -> {
            try {
                ImageIO.write(buffered, "png", file.toFile());
            } catch (IOException ex) {
                System.err.println("error: cannot write snapshot " + file + ": " + ex.getMessage());
            }
        }, "snapshot-writer");
        writer.start();
    }

    private static void selectTab(Scene scene, String name) {
        if (scene.lookup("#mainTabs") instanceof TabPane tabs) {
            tabs.getTabs().stream().filter(t -> (name + "Tab").equals(t.getId())).findFirst()
                    .ifPresent(t -> tabs.getSelectionModel().select(t));
        }
    }

    /** Polls twice a second until one of the buttons exists and is enabled, then fires it once. */
    private static void pressWhenEnabled(Scene scene, String... selectors) {
        Timeline poll = new Timeline();
        poll.getKeyFrames().add(new KeyFrame(Duration.millis(500), e -> {
            for (String selector : selectors) {
                if (scene.lookup(selector) instanceof ButtonBase button && !button.isDisabled()) {
                    poll.stop();
                    button.fire();
                    return;
                }
            }
        }));
        poll.setCycleCount(Animation.INDEFINITE);
        poll.play();
    }
}
