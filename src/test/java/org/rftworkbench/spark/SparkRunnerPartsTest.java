package org.rftworkbench.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.service.cluster.ClusterEngine;
import org.rftworkbench.core.service.cluster.ClusterOptions;

/** The Spark runner's pure parts: partitioning, the task's device, the configuration, the engine's registration. */
class SparkRunnerPartsTest {
    private static List<WorkUnit> units(String... pairs) {
        List<WorkUnit> out = new ArrayList<>();
        for (String p : pairs) {
            out.add(new WorkUnit(out.size(), p, "{}", "part " + out.size()));
        }
        return out;
    }

    private static List<List<Integer>> indices(List<List<WorkUnit>> partitions) {
        return partitions.stream().map(p -> p.stream().map(WorkUnit::index).toList()).toList();
    }

    @Test
    void aPartitionHoldsOnePairsPartsInOrderAndFewPairsAreSplitAcrossTheSlots() {
        // more pairs than slots: one partition per pair, its parts in order, pairs in order of first appearance
        assertEquals(List.of(List.of(0, 2), List.of(1, 4), List.of(3)),
                indices(PairAffinePartitions.of(units("a", "b", "a", "c", "b"), 2)));
        // one pair, four slots: contiguous runs of its parts, every slot busy
        assertEquals(List.of(List.of(0), List.of(1, 2), List.of(3, 4), List.of(5, 6)),
                indices(PairAffinePartitions.of(units("a", "a", "a", "a", "a", "a", "a"), 4)));
        // two pairs, three slots: each pair split in two; never an empty partition
        assertEquals(List.of(List.of(0), List.of(1), List.of(2)),
                indices(PairAffinePartitions.of(units("a", "b", "b"), 3)));
        assertEquals(List.of(), PairAffinePartitions.of(List.of(), 2));
    }

    @Test
    void theTaskRunsOnTheGpuSparkAssignedItElseOnTheCpu() {
        assertEquals(Device.cpu(), ExecutorServices.deviceFor(null));
        assertEquals(Device.cpu(), ExecutorServices.deviceFor(new String[0]));
        assertEquals(Device.gpu(1), ExecutorServices.deviceFor(new String[] {" 1"}));
        assertEquals(Device.gpu(0), ExecutorServices.deviceFor(new String[] {"0", "3"}));
        assertThrows(IllegalStateException.class, () -> ExecutorServices.deviceFor(new String[] {"GPU-9f2c"}));
    }

    @Test
    void theConfigurationTakesTheMasterGivenElseTheLaunchersElseLocal() {
        assertEquals("local[*]", SparkEngine.conf(new ClusterOptions(null, null)).get("spark.master"));
        SparkConf local = SparkEngine.conf(new ClusterOptions("local[2]", Map.of("spark.executor.memory", "3g")));
        assertEquals("local[2]", local.get("spark.master"));
        assertEquals("3g", local.get("spark.executor.memory"));
        assertEquals("rft-workbench", local.get("spark.app.name"));
        assertFalse(local.contains("spark.executor.extraClassPath"), "local mode: executors are this JVM");
        SparkConf standalone = SparkEngine.conf(new ClusterOptions("spark://127.0.0.1:7077", null));
        assertEquals(System.getProperty("java.class.path"), standalone.get("spark.executor.extraClassPath"));
        SparkConf submitted = SparkEngine.conf(new ClusterOptions("spark://127.0.0.1:7077",
                Map.of("spark.jars", "/shared/rft-workbench-spark-submit.jar")));
        assertFalse(submitted.contains("spark.executor.extraClassPath"), "spark-submit ships its jar");
    }

    @Test
    void theEngineIsFoundByName() {
        assertEquals(SparkEngine.class, ClusterEngine.find("spark").orElseThrow().getClass());
        assertEquals(List.of("spark"), ClusterEngine.available());
        assertFalse(ClusterEngine.find("ray").isPresent());
    }
}
