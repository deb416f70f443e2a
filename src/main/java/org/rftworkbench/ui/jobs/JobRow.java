package org.rftworkbench.ui.jobs;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.util.ProgressRate;

/** One job in the jobs panel. Mutated only on the FX thread. */
public final class JobRow {
    private final JobHandle<?> handle;
    /** The job's current task as measured from its progress events: rate and time left. */
    private final ProgressRate rate = new ProgressRate();
    private final StringProperty status = new SimpleStringProperty("queued");
    private final DoubleProperty progress = new SimpleDoubleProperty(-1);
    private final StringProperty timeLeft = new SimpleStringProperty("");
    private final StringProperty task = new SimpleStringProperty("");

    JobRow(JobHandle<?> handle) {
        this.handle = handle;
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

    /** The current task in words: "prepare imagenet_val: 1,200/50,000 images, 262 images/s"; empty before any. */
    public StringProperty taskProperty() {
        return task;
    }

    /** "3 min 6 s left" for the current task while that can be measured, else empty (never a stale figure). */
    public StringProperty timeLeftProperty() {
        return timeLeft;
    }

    ProgressRate rate() {
        return rate;
    }

    public boolean isFinished() {
        String s = status.get();
        return s.equals("finished") || s.startsWith("failed") || s.equals("cancelled");
    }
}
