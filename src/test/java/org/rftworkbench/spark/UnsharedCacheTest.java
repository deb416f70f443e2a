package org.rftworkbench.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.service.Precision;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.rftworkbench.testutil.CacheAudit;
import org.rftworkbench.testutil.TinyPool;

/**
 * Executors that write a cache the driver does not read (no shared storage) make the job fail in one line naming
 * the cache, instead of the driver quietly computing every cell again.
 */
class UnsharedCacheTest {
    @TempDir
    Path dir;

    @Test
    void aDriverThatWouldHaveToComputeTheCellsItselfFailsTheJob() throws Exception {
        Path pool = TinyPool.create(dir.resolve("p"));
        EmbeddedComputeService.Settings driver = EmbeddedComputeService.Settings.of(dir.resolve("driver/results"),
                dir.resolve("driver/tensors"));
        ExecutorSettings elsewhere = new ExecutorSettings(dir.resolve("elsewhere/results").toString(),
                dir.resolve("elsewhere/tensors").toString(), Precision.FP32);
        JavaSparkContext spark = new JavaSparkContext(new SparkConf().setMaster("local[1]").setAppName("unshared")
                .set("spark.ui.enabled", "false"));
        try (SparkComputeService service = new SparkComputeService(spark, new EmbeddedComputeService(driver), true,
                elsewhere)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> service.sweep(new SweepRequest(
                    pool.toString(), List.of(0.0, 1.0), null, null, null, false, "k2"), Priority.USER, null, null)
                    .result().get());
            RftException cause = assertInstanceOf(RftException.class, e.getCause());
            assertTrue(cause.getMessage().contains("missing from the result cache "
                    + dir.resolve("driver/results").toAbsolutePath() + " after the Spark job wrote them to "
                    + dir.resolve("elsewhere/results")), cause.getMessage());
            assertEquals(1, service.clusterJobs());
        }
        // the executors' cells are there, complete, in their own cache
        assertTrue(CacheAudit.entries(dir.resolve("elsewhere/results")).size() >= 2, "a cell per alpha at least");
    }
}
