package org.rftworkbench.core.service;

import org.rftworkbench.core.util.Progress;

/** The running job as its work sees it. Thread-safe. */
public interface JobContext {
    String jobId();

    /** True once the job was cancelled (by its handle, a newer job with its key, or service shutdown). */
    boolean isCancelled();

    /** Reports {@link JobEvent.Progress} events and answers {@link Progress#isCancelled()} for this job. */
    Progress progress();

    /** Publishes an event to the job's listener (ignored after the job ended). */
    void publish(JobEvent event);
}
