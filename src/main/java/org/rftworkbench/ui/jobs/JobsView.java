package org.rftworkbench.ui.jobs;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.util.Duration;

/** The jobs panel: description, priority, progress bar, status, time left, and a cancel button per job. */
public final class JobsView {
    private final TableView<JobRow> table = new TableView<>();

    public JobsView(JobsViewModel model) {
        table.setId("jobsTable");
        table.setItems(model.rows());
        table.setPlaceholder(new javafx.scene.control.Label("no jobs"));
        TableColumn<JobRow, String> what = new TableColumn<>("job");
        what.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().description()));
        what.setPrefWidth(180);
        TableColumn<JobRow, String> priority = new TableColumn<>("priority");
        priority.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().priority()));
        TableColumn<JobRow, Number> progress = new TableColumn<>("progress");
        progress.setCellValueFactory(c -> c.getValue().progressProperty());
        progress.setCellFactory(c -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();

            @Override
            protected void updateItem(Number value, boolean empty) {
                super.updateItem(value, empty);
                if (empty || value == null) {
                    setGraphic(null);
                } else {
                    bar.setProgress(value.doubleValue() < 0 ? ProgressBar.INDETERMINATE_PROGRESS : value.doubleValue());
                    setGraphic(bar);
                }
            }
        });
        TableColumn<JobRow, String> status = new TableColumn<>("status");
        // while running, what it is doing ("prepare imagenet_val: 1,200/50,000 images, 262 images/s")
        status.setCellValueFactory(c -> Bindings.createStringBinding(() -> {
            JobRow row = c.getValue();
            String state = row.statusProperty().get();
            return state.equals("running") && !row.taskProperty().get().isEmpty() ? row.taskProperty().get() : state;
        }, c.getValue().statusProperty(), c.getValue().taskProperty()));
        status.setPrefWidth(330); // "prepare imagenet_val: 1,200/50,000 images, 262 images/s"
        TableColumn<JobRow, String> left = new TableColumn<>("time left");
        left.setCellValueFactory(c -> c.getValue().timeLeftProperty());
        // the cell observes the status, so the button disappears as soon as the job ends
        TableColumn<JobRow, String> cancel = new TableColumn<>("");
        cancel.setCellValueFactory(c -> c.getValue().statusProperty());
        cancel.setCellFactory(c -> new TableCell<>() {
            private final Button button = new Button("Cancel");

            @Override
            protected void updateItem(String status, boolean empty) {
                super.updateItem(status, empty);
                JobRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                if (row == null || row.isFinished()) {
                    setGraphic(null);
                } else {
                    button.setOnAction(e -> model.cancel(row));
                    button.setId("cancel-" + row.handle().id());
                    setGraphic(button);
                }
            }
        });
        table.getColumns().setAll(java.util.List.of(what, priority, progress, status, left, cancel));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // time left counts down between progress events (which may be seconds apart while a dataset is prepared)
        Timeline ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> model.tick()));
        ticker.setCycleCount(Animation.INDEFINITE);
        ticker.play();
    }

    public Node root() {
        return table;
    }
}
