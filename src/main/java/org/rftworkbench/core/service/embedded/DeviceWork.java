package org.rftworkbench.core.service.embedded;


/**
 * Custom work for a device thread (e.g. a sharpness heatmap cell), submitted with
 * {@link EmbeddedComputeService#submit}. It runs on the thread that owns the device's models, so it may use the
 * {@link DeviceSession}s the device keeps open. It should poll {@link JobContext#isCancelled()} (or use
 * {@link JobContext#progress()}) between batches.
 *
 * @param <R> result type
 */
@FunctionalInterface
public interface DeviceWork<R> {
    R run(DeviceContext device, JobContext job) throws Exception;
}
