package org.rftworkbench.ui.jobs;

import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.util.ProgressRate;
import org.rftworkbench.core.util.ProgressText;

/**
 * The jobs panel's state: every job the UI started, its current task with counts and rate, the time left of that task
 * when it can be measured (from the task's own progress events, {@link ProgressRate}), and cancel. Only the
 * newest interactive preview is kept (slider moves would otherwise flood the list); finished rows beyond
 * {@link #MAX_ROWS} are dropped oldest first. Must be used on the FX thread; events arrive through {@code fx}.
 */
public final class JobsViewModel {
    static final int MAX_ROWS = 40;

    private final ObservableList<JobRow> rows = FXCollections.observableArrayList();
    private final Executor fx;
    private final LongSupplier clock;
    private Consumer<String> notifier = message -> { };

    public JobsViewModel(Executor fx, LongSupplier nanoClock) {
        this.fx = fx;
        this.clock = nanoClock;
    }

    public ObservableList<JobRow> rows() {
        return rows;
    }

    /** Receives "finished: ..." / "failed: ..." lines for user-started jobs (the app shows them as notifications). */
    public void setNotifier(Consumer<String> notifier) {
        this.notifier = notifier;
    }

    /** Registers a job; returns the event consumer to chain in front of the job's own listener. */
    public Consumer<JobEvent> track(JobHandle<?> handle) {
        JobRow row = new JobRow(handle);
        fx.execute(() -> {
            if (handle.priority() == Priority.INTERACTIVE) {
                rows.removeIf(r -> r.handle().priority() == Priority.INTERACTIVE);
            }
            rows.add(0, row);
            trim();
        });
        return event -> fx.execute(() -> apply(row, event));
    }

    /**
     * Jobs the user started ({@link Priority#USER}) that have not ended: what closing the window would cancel
     * (previews and the background precompute do not count).
     */
    public long runningUserJobs() {
        return rows.stream().filter(r -> !r.isFinished() && r.handle().priority() == Priority.USER).count();
    }

    /** Cancels a job (the row turns "cancelled" when the service confirms). */
    public void cancel(JobRow row) {
        row.handle().cancel();
    }

    private void apply(JobRow row, JobEvent event) {
        if (event instanceof JobEvent.Progress p) {
            long now = clock.getAsLong();
            row.rate().update(p.task(), p.done(), p.total(), p.unit(), now);
            row.statusProperty().set("running");
            row.taskProperty().set(ProgressText.status(row.rate()));
            row.progressProperty().set(p.total() > 0 ? Math.min(1, (double) p.done() / p.total()) : -1);
            row.timeLeftProperty().set(ProgressText.timeLeft(row.rate().secondsLeft(now)));
        } else if (event instanceof JobEvent.Estimates) {
            row.statusProperty().set("running");
        } else if (event instanceof JobEvent.Finished && row.handle().priority() == Priority.BACKGROUND) {
            rows.remove(row); // finished precompute cells would bury the user's own jobs; their results are cached
            return;
        } else if (event instanceof JobEvent.Finished) {
            row.statusProperty().set("finished");
            row.progressProperty().set(1);
            row.timeLeftProperty().set("");
            if (row.handle().priority() == Priority.USER) {
                notifier.accept("finished: " + row.description());
            }
        } else if (event instanceof JobEvent.Failed f) {
            row.statusProperty().set("failed: " + f.message());
            row.timeLeftProperty().set("");
            if (row.handle().priority() != Priority.BACKGROUND) {
                notifier.accept("failed: " + row.description() + ": " + f.message());
            }
        } else if (event instanceof JobEvent.Cancelled) {
            row.statusProperty().set("cancelled");
            row.timeLeftProperty().set("");
        }
        trim();
    }

    /**
     * Counts the time left of running jobs down between their progress events (the view calls this about once a
     * second); a figure whose countdown ran out disappears rather than reading "0 s left" (see {@link ProgressRate}).
     */
    public void tick() {
        long now = clock.getAsLong();
        for (JobRow row : rows) {
            if (!row.isFinished() && row.rate().started()) {
                String left = ProgressText.timeLeft(row.rate().secondsLeft(now));
                if (!left.equals(row.timeLeftProperty().get())) {
                    row.timeLeftProperty().set(left);
                }
            }
        }
    }

    private void trim() {
        for (int i = rows.size() - 1; i >= 0 && rows.size() > MAX_ROWS; i--) {
            if (rows.get(i).isFinished()) {
                rows.remove(i);
            }
        }
    }
}
