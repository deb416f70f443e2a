package org.rftworkbench.core.service.cluster;

import java.util.List;
import java.util.function.Consumer;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobRequest;

/**
 * A {@link ComputeService} whose sweeps, sharpness heatmaps and straggler analyses compute their missing cells on a
 * cluster and then assemble the same result records the embedded service returns (read back from the shared result
 * cache). Thread-safe.
 */
public interface ClusterComputeService extends ComputeService {
    /**
     * Computes the missing cells of all {@code requests} in one cluster job (a study's sweeps, straggler analyses
     * and heatmaps across its runs), so that running the requests afterwards computes nothing. Blocks until done.
     *
     * @param events progress of the cluster job (cells as they arrive), a {@link JobEvent.Note} per stage; may be
     *               null
     * @return what the cluster did
     * @throws java.util.concurrent.CancellationException when cancelled from another thread
     * @throws Exception when a part fails on every attempt
     */
    ClusterReport computeMissing(List<JobRequest> requests, Consumer<JobEvent> events) throws Exception;

    /**
     * What one cluster job did.
     *
     * @param parts      requests run on the cluster (single-alpha sweeps and heatmaps, whole straggler analyses)
     * @param partitions cluster tasks they were grouped into (each opens a checkpoint pair once)
     * @param computed   cells (or whole results) the executors computed
     * @param fromCache  cells of those parts already cached when an executor got to them (a retried task's, or
     *                   another job's)
     * @param failedAttempts task attempts that failed and were retried (a lost executor's tasks, for one)
     * @param seconds    wall time of the cluster job, planning included
     */
    record ClusterReport(int parts, int partitions, int computed, int fromCache, int failedAttempts,
            double seconds) {
    }
}
