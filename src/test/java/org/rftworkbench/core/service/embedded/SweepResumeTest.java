package org.rftworkbench.core.service.embedded;

import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SweepRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.Main;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.service.cache.ResultCache;
import org.rftworkbench.testutil.TinyProject;

/**
 * A sweep killed with SIGKILL (no shutdown hooks, no cleanup) and run again computes only the cells the killed run
 * had not finished, and gives the same results as a clean run.
 */
class SweepResumeTest {
    private static final String GRID = "0:1:0.1";

    @TempDir
    Path dir;

    @Test
    void aRerunAfterKillMinusNineComputesOnlyTheMissingCells() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        Path tensors = dir.resolve("tensors");
        Path results = dir.resolve("results");
        List<Double> alphas = AlphaGrids.parse(GRID);
        int cells = alphas.size() * 2;

        Process child = startSweep(project, tensors, results);
        ResultCache cache = new ResultCache(results);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (cache.entryCount() < 2 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(child.isAlive(), "the sweep must still be running when it is killed (exit "
                + (child.isAlive() ? "-" : child.exitValue()) + ")");
        child.destroyForcibly(); // SIGKILL on Unix
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        long finished = cache.entryCount();
        assertTrue(finished >= 2 && finished < cells, "cells finished before the kill: " + finished);

        SweepRequest request = new SweepRequest(project.toString(), alphas, null, null, 16);
        EmbeddedComputeService.Settings settings = EmbeddedComputeService.Settings.of(results, tensors)
                .withDevices(List.of(Device.cpu()));
        SweepResult resumed;
        try (EmbeddedComputeService service = new EmbeddedComputeService(settings)) {
            resumed = service.sweep(request, Priority.USER, null, null).result().get(120, TimeUnit.SECONDS);
            assertEquals(cells - finished, service.resultCache().stats().writes(), "only missing cells computed");
            assertEquals(cells - finished, service.cellsEvaluatedPerDevice().get(0));
            assertEquals(finished, service.resultCache().stats().hits());
        }
        SweepResult clean;
        try (EmbeddedComputeService service = new EmbeddedComputeService(
                EmbeddedComputeService.Settings.of(dir.resolve("clean-results"), tensors)
                        .withDevices(List.of(Device.cpu())))) {
            clean = service.sweep(request, Priority.USER, null, null).result().get(120, TimeUnit.SECONDS);
        }
        assertEquals(clean.points(), resumed.points());
    }

    /** Runs {@code rft-workbench sweep} in a child JVM with this JVM's class path and DJL settings. */
    private static Process startSweep(Path project, Path tensors, Path results) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        for (String property : new String[] {"ai.djl.offline", "ENGINE_CACHE_DIR", "DJL_CACHE_DIR",
            "ai.djl.pytorch.num_threads", "org.slf4j.simpleLogger.defaultLogLevel"}) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of("sweep", project.toString(), "--alphas", GRID, "--batch-size", "16", "--cache-dir",
                tensors.toString(), "--results-dir", results.toString(), "-q"));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
