package org.rftworkbench.ui.jobs;

import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.Priority;

/**
 * The jobs panel's state: every job the UI started, its progress, an estimate of the time left, and cancel. Only the
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
        JobRow row = new JobRow(handle, clock.getAsLong());
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
            row.statusProperty().set("running");
            if (p.total() > 0) {
                double fraction = Math.min(1, (double) p.done() / p.total());
                row.progressProperty().set(fraction);
                row.timeLeftProperty().set(timeLeft(row, fraction));
            }
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

    private String timeLeft(JobRow row, double fraction) {
        if (fraction <= 0) {
            return "";
        }
        double elapsed = (clock.getAsLong() - row.startedNanos()) / 1e9;
        double left = elapsed * (1 - fraction) / fraction;
        return left < 60 ? String.format(Locale.ROOT, "%.0f s left", left)
                : String.format(Locale.ROOT, "%.0f min left", left / 60);
    }

    private void trim() {
        for (int i = rows.size() - 1; i >= 0 && rows.size() > MAX_ROWS; i--) {
            if (rows.get(i).isFinished()) {
                rows.remove(i);
            }
        }
    }
}
