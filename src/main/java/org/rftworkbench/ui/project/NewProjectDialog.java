package org.rftworkbench.ui.project;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.session.ProjectCheck;

/**
 * File > New Project: picks the model, both checkpoints, the class names and the datasets; "Check" validates them
 * from file headers on the io thread and shows the cost of a sweep; "Create" (enabled only after a passing check of
 * exactly these inputs) writes project.json on the io thread and opens it. The FX thread only collects input.
 */
public final class NewProjectDialog {
    private final NewProjectForm form = new NewProjectForm();
    private final Executor io;
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final TextField name = new TextField("my-wiseft-study");
    private final TextField folder = new TextField();
    private final ChoiceBox<NewProjectForm.ModelKind> modelKind = new ChoiceBox<>();
    private final TextField modelFile = new TextField();
    private final ChoiceBox<String> builtin = new ChoiceBox<>();
    private final Spinner<Integer> imageSize = new Spinner<>(16, 1024, 224, 8);
    private final TextField checkpointA = new TextField();
    private final TextField checkpointB = new TextField();
    private final TextField classes = new TextField();
    private final TextField grid = new TextField("0:1:0.1");
    private final TableView<NewProjectForm.DatasetRow> datasets = new TableView<>();
    private final TextArea report = new TextArea("Fill in the fields, then press Check.");
    private final ButtonType createType = new ButtonType("Create", ButtonBar.ButtonData.OK_DONE);
    private LoadedProject checked;

    public NewProjectDialog(Window owner, Executor io) {
        this.io = io;
        dialog.initOwner(owner);
        dialog.setTitle("New Project");
        dialog.setHeaderText("Two checkpoints of one architecture, the class names, and ID/OOD datasets");
        dialog.setResizable(true);
        dialog.getDialogPane().setContent(content(owner));
        dialog.getDialogPane().getButtonTypes().setAll(createType, ButtonType.CANCEL);
        Node create = dialog.getDialogPane().lookupButton(createType);
        create.setDisable(true);
        create.setId("newProjectCreate");
        dialog.getDialogPane().setPrefSize(860, 780);
    }

    /** Shows the dialog; {@code open} receives the written project file (on the FX thread). */
    public void show(Consumer<Path> open) {
        Node create = dialog.getDialogPane().lookupButton(createType);
        // consumed so the dialog stays open until the file is written (or the error is shown)
        create.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            e.consume();
            create(open);
        });
        dialog.show();
    }

    private Node content(Window owner) {
        name.setId("newProjectName");
        modelKind.getItems().setAll(NewProjectForm.ModelKind.values());
        modelKind.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(NewProjectForm.ModelKind kind) {
                return kind == null ? "" : switch (kind) {
                    case CONFIG -> "open_clip config file";
                    case BUILTIN -> "built-in config";
                    case TORCHSCRIPT -> "TorchScript module";
                };
            }

            @Override
            public NewProjectForm.ModelKind fromString(String text) {
                return null; // not editable
            }
        });
        modelKind.setValue(NewProjectForm.ModelKind.CONFIG);
        builtin.getItems().setAll(ModelConfig.BUILTIN);
        builtin.setValue(ModelConfig.BUILTIN[0]);
        GridPane general = grid();
        int r = 0;
        general.addRow(r++, new Label("Name"), name);
        general.addRow(r++, new Label("Folder"), withBrowse(folder, () -> chooseDir(owner, folder)));
        general.addRow(r++, new Label("Alpha grid"), grid);
        GridPane model = grid();
        r = 0;
        model.addRow(r++, new Label("Architecture"), new HBox(8, modelKind, builtin));
        model.addRow(r++, new Label("Config / TorchScript"), withBrowse(modelFile, () -> chooseFile(owner,
                modelFile)));
        model.addRow(r++, new Label("Image size (TorchScript)"), imageSize);
        model.addRow(r++, new Label("Zero-shot A"), withBrowse(checkpointA, () -> chooseFile(owner, checkpointA)));
        model.addRow(r++, new Label("Fine-tuned B"), withBrowse(checkpointB, () -> chooseFile(owner, checkpointB)));
        model.addRow(r++, new Label("Class names file"), withBrowse(classes, () -> chooseFile(owner, classes)));
        builtin.disableProperty().bind(modelKind.valueProperty().isNotEqualTo(NewProjectForm.ModelKind.BUILTIN));
        imageSize.disableProperty().bind(modelKind.valueProperty().isNotEqualTo(
                NewProjectForm.ModelKind.TORCHSCRIPT));
        datasetTable();
        Button addIdx = new Button("Add IDX dataset…");
        addIdx.setOnAction(e -> addIdx(owner));
        Button addFolder = new Button("Add image folder…");
        addFolder.setOnAction(e -> addFolder(owner));
        Button remove = new Button("Remove");
        remove.setOnAction(e -> datasets.getItems().remove(datasets.getSelectionModel().getSelectedItem()));
        ChoiceBox<ProjectSpec.Role> role = new ChoiceBox<>();
        role.getItems().setAll(ProjectSpec.Role.values());
        role.setValue(ProjectSpec.Role.ID);
        role.setId("newDatasetRole");
        datasets.setUserData(role);
        VBox data = new VBox(6, datasets, new HBox(8, new Label("Role of the next dataset"), role, addIdx,
                addFolder, remove));
        Button check = new Button("Check");
        check.setId("newProjectCheck");
        check.setOnAction(e -> check());
        report.setEditable(false);
        report.setPrefRowCount(8);
        report.setMinHeight(120);
        report.setWrapText(true);
        report.setId("newProjectReport");
        VBox box = new VBox(8, new TitledPane("Project", general), new TitledPane("Model and checkpoints", model),
                new TitledPane("Datasets", data), new HBox(8, check, new Label("validates from file headers and "
                        + "estimates the cost before any long job")), report);
        VBox.setVgrow(report, Priority.ALWAYS);
        for (TextField f : new TextField[] {name, folder, modelFile, checkpointA, checkpointB, classes, grid}) {
            f.textProperty().addListener((o, a, b) -> invalidate());
        }
        modelKind.valueProperty().addListener((o, a, b) -> invalidate());
        builtin.valueProperty().addListener((o, a, b) -> invalidate());
        datasets.getItems().addListener((javafx.collections.ListChangeListener<NewProjectForm.DatasetRow>) c ->
                invalidate());
        return box;
    }

    private void datasetTable() {
        datasets.setPrefHeight(110);
        datasets.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        datasets.getColumns().add(column("Name", r -> r.name()));
        datasets.getColumns().add(column("Role", r -> r.role().name().toLowerCase(java.util.Locale.ROOT)));
        datasets.getColumns().add(column("Format", r -> r.format() == ProjectSpec.Format.IDX ? "idx" : "image folder"));
        datasets.getColumns().add(column("Images", r -> r.images().toString()));
        datasets.getColumns().add(column("Labels", r -> r.labels() == null ? "" : r.labels().toString()));
        datasets.setPlaceholder(new Label("No datasets yet: add at least one ID dataset"));
    }

    private static TableColumn<NewProjectForm.DatasetRow, String> column(String title,
            java.util.function.Function<NewProjectForm.DatasetRow, String> value) {
        TableColumn<NewProjectForm.DatasetRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }

    @SuppressWarnings("unchecked")
    private ProjectSpec.Role nextRole() {
        return ((ChoiceBox<ProjectSpec.Role>) datasets.getUserData()).getValue();
    }

    private void addIdx(Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("IDX images file");
        File images = chooser.showOpenDialog(owner);
        if (images == null) {
            return;
        }
        chooser.setTitle("IDX labels file");
        chooser.setInitialDirectory(images.getParentFile());
        File labels = chooser.showOpenDialog(owner);
        if (labels == null) {
            return;
        }
        datasets.getItems().add(new NewProjectForm.DatasetRow(uniqueName(images.getName()), nextRole(),
                ProjectSpec.Format.IDX, images.toPath(), labels.toPath()));
    }

    private void addFolder(Window owner) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Image folder (one subfolder per class)");
        File dir = chooser.showDialog(owner);
        if (dir != null) {
            datasets.getItems().add(new NewProjectForm.DatasetRow(uniqueName(dir.getName()), nextRole(),
                    ProjectSpec.Format.IMAGE_FOLDER, dir.toPath(), null));
        }
    }

    /** A dataset name from a file name, made unique within the table. */
    private String uniqueName(String fileName) {
        String base = fileName.replaceAll("(-images)?(\\.gz)?$", "").replaceAll("[^A-Za-z0-9_.-]", "_");
        String candidate = base;
        int n = 2;
        while (true) {
            String c = candidate;
            if (datasets.getItems().stream().noneMatch(r -> r.name().equals(c))) {
                return candidate;
            }
            candidate = base + "_" + n++;
        }
    }

    private void fillForm() {
        form.name = name.getText();
        form.folder = path(folder);
        form.modelKind = modelKind.getValue();
        form.modelFile = path(modelFile);
        form.builtin = builtin.getValue();
        form.imageSize = imageSize.getValue();
        form.checkpointA = path(checkpointA);
        form.checkpointB = path(checkpointB);
        form.classesFile = path(classes);
        form.alphaGrid = grid.getText();
        form.datasets.clear();
        form.datasets.addAll(datasets.getItems());
    }

    private void check() {
        fillForm();
        LoadedProject project;
        try {
            project = form.toLoaded();
        } catch (Exception e) {
            report.setText("Not yet: " + e.getMessage());
            return;
        }
        report.setText("Checking…");
        io.execute(() -> {
            String text;
            ProjectCheck result;
            try {
                result = ProjectCheck.run(project);
                text = describe(result, project.spec().alphaGrid().values().size());
            } catch (RuntimeException e) {
                result = null;
                text = "Cannot check the project: " + e.getMessage();
            }
            ProjectCheck outcome = result;
            String shown = text;
            Platform.runLater(() -> {
                report.setText(shown);
                checked = outcome != null && outcome.ok() ? project : null;
                dialog.getDialogPane().lookupButton(createType).setDisable(checked == null);
            });
        });
    }

    static String describe(ProjectCheck result, int alphas) {
        StringBuilder sb = new StringBuilder();
        if (result.ok()) {
            sb.append("OK. ").append(result.estimateLine(alphas)).append('\n');
        } else {
            sb.append(result.problems().size()).append(" problem(s):\n");
            result.problems().forEach(p -> sb.append("  \u2717 ").append(p).append('\n'));
        }
        result.facts().forEach(f -> sb.append("  ").append(f).append('\n'));
        return sb.toString();
    }

    private void invalidate() {
        checked = null;
        Node create = dialog.getDialogPane().lookupButton(createType);
        if (create != null) {
            create.setDisable(true);
        }
    }

    private void create(Consumer<Path> open) {
        LoadedProject project = checked;
        if (project == null) {
            return;
        }
        io.execute(() -> {
            try {
                if (Files.exists(project.file())) {
                    throw new org.rftworkbench.core.RftException(project.file()
                            + ": a project already exists here; choose another folder");
                }
                Files.createDirectories(project.dir());
                ProjectStore.save(project.spec(), project.file());
                Platform.runLater(() -> {
                    dialog.close();
                    open.accept(project.file());
                });
            } catch (Exception e) {
                Platform.runLater(() -> report.setText("Cannot create the project: " + e.getMessage()));
            }
        });
    }

    private static Path path(TextField field) {
        String t = field.getText().strip();
        return t.isEmpty() ? null : Path.of(t);
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        g.setPadding(new Insets(6));
        return g;
    }

    private static HBox withBrowse(TextField field, Runnable browse) {
        Button b = new Button("Browse…");
        b.setOnAction(e -> browse.run());
        field.setPrefColumnCount(40);
        HBox.setHgrow(field, Priority.ALWAYS);
        return new HBox(6, field, b);
    }

    private static void chooseDir(Window owner, TextField target) {
        File dir = new DirectoryChooser().showDialog(owner);
        if (dir != null) {
            target.setText(dir.getAbsolutePath());
        }
    }

    private static void chooseFile(Window owner, TextField target) {
        File f = new FileChooser().showOpenDialog(owner);
        if (f != null) {
            target.setText(f.getAbsolutePath());
        }
    }

    /** Scripted set-up (documentation screenshots): fills the fields and runs the check. */
    public void fillAndCheck(NewProjectForm values) {
        fill(values);
        check();
    }

    /** Fills the fields from a form. */
    void fill(NewProjectForm values) {
        name.setText(values.name);
        folder.setText(values.folder == null ? "" : values.folder.toString());
        modelKind.setValue(values.modelKind);
        modelFile.setText(values.modelFile == null ? "" : values.modelFile.toString());
        checkpointA.setText(values.checkpointA.toString());
        checkpointB.setText(values.checkpointB.toString());
        classes.setText(values.classesFile.toString());
        grid.setText(values.alphaGrid);
        datasets.getItems().setAll(values.datasets);
    }
}
