package org.rftworkbench.spark;

import java.io.Serializable;
import org.rftworkbench.core.service.Precision;

/**
 * What an executor needs to run parts the way the driver's embedded service would: the shared caches and the
 * evaluation precision. Paths are as every executor sees them (shared storage).
 *
 * @param resultCacheDir the result cache the driver reads back (must be the same storage)
 * @param tensorCacheDir the preprocessed-image cache (the driver fills it while planning)
 * @param precision      evaluation precision
 */
record ExecutorSettings(String resultCacheDir, String tensorCacheDir, Precision precision) implements Serializable {
}
