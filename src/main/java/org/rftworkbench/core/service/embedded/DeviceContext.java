package org.rftworkbench.core.service.embedded;

import org.rftworkbench.core.service.Precision;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.service.cache.ResultCache;
import org.rftworkbench.core.util.Progress;

/**
 * What a device thread offers to the work it runs. Only valid on that thread, during the work.
 */
public interface DeviceContext {
    /** 0-based index of the device thread ("device-0", ...). */
    int index();

    Device device();

    Precision precision();

    /** The service's content-addressed result cache. */
    ResultCache results();

    /** This device's batch-size limit after out-of-memory errors. */
    BatchSizeGovernor batchSizes();

    /** The fastest evaluation rate this device has shown (sweeps and previews record it). */
    EvaluationRate evaluationRate();

    /**
     * The project opened on this device with (at least) the given datasets; reused while its files are unchanged
     * (a small LRU per device), otherwise opened now.
     *
     * @param run      label of the run that is endpoint B (null = the project's selected run); each run is a
     *                 session of its own
     * @param datasets dataset names (null = every id and ood dataset)
     */
    DeviceSession open(Path projectFile, String run, List<String> datasets, Progress progress) throws RftException;

    /** {@link #open(Path, String, List, Progress)} on the project's selected pair. */
    default DeviceSession open(Path projectFile, List<String> datasets, Progress progress) throws RftException {
        return open(projectFile, null, datasets, progress);
    }
}
