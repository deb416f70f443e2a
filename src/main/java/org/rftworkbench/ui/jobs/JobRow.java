package org.rftworkbench.ui.jobs;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.rftworkbench.core.service.JobHandle;

/** One job in the jobs panel. Mutated only on the FX thread. */
public final class JobRow {
    private final JobHandle<?> handle;
    private final long startedNanos;
    private final StringProperty status = new SimpleStringProperty("queued");
    private final DoubleProperty progress = new SimpleDoubleProperty(-1);
    private final StringProperty timeLeft = new SimpleStringProperty("");

    JobRow(JobHandle<?> handle, long startedNanos) {
        this.handle = handle;
        this.startedNanos = startedNanos;
    }

    public JobHandle<?> handle() {
        return handle;
    }

    public String description() {
        return handle.request().describe();
    }

    public String priority() {
        return handle.priority().name().toLowerCase(java.util.Locale.ROOT);
    }

    public StringProperty statusProperty() {
        return status;
    }

    /** Fraction done in [0,1], or -1 while unknown. */
    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty timeLeftProperty() {
        return timeLeft;
    }

    long startedNanos() {
        return startedNanos;
    }

    public boolean isFinished() {
        String s = status.get();
        return s.equals("finished") || s.startsWith("failed") || s.equals("cancelled");
    }
}
