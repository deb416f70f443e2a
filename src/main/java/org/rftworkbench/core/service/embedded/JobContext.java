package org.rftworkbench.core.service.embedded;

import org.rftworkbench.core.service.JobEvent;

import org.rftworkbench.core.util.Progress;

/** The running job as its work sees it. Thread-safe. */
public interface JobContext {
    /** The job's id, as in its events and its handle. */
    String id();

    /** True once the job was cancelled (by its handle, a newer job with its key, or service shutdown). */
    boolean isCancelled();

    /** Reports {@link JobEvent.Progress} events and answers {@link Progress#isCancelled()} for this job. */
    Progress progress();

    /**
     * A progress sink that reports nothing and answers {@link Progress#isCancelled()} for this job: for evaluations
     * whose per-batch progress the work reports its own way (per step, per point).
     */
    default Progress cancellation() {
        return new Progress() {
            @Override
            public void update(String task, long done, long total) {
            }

            @Override
            public boolean isCancelled() {
                return JobContext.this.isCancelled();
            }
        };
    }

    /** Publishes an event to the job's listener (ignored after the job ended). */
    void publish(JobEvent event);
}
