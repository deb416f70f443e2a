package org.rftworkbench.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobRequest;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.cluster.ClusterComputeService;
import org.rftworkbench.core.service.cluster.ClusterOptions;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.rftworkbench.core.study.PairRequests;
import org.rftworkbench.core.study.StudySettings;
import org.rftworkbench.testutil.CacheAudit;
import org.rftworkbench.testutil.TinyPool;

/**
 * Executors in JVMs of their own ({@code local-cluster}: a standalone master and two workers started by Spark in
 * this JVM, each worker launching an executor process), and one executor killed (SIGKILL) while the job runs: Spark
 * reruns its tasks elsewhere, the job completes, the results equal the embedded service's, and every result-cache
 * entry is complete and valid (one file per key, the same set and values as the embedded cache).
 */
class SparkClusterTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // executors that cannot start are relaunched forever, not failed
    void aStudysCellsSurviveAKilledExecutorAndEqualTheEmbeddedOnes() throws Exception {
        Path pool = TinyPool.create(dir.resolve("p"));
        LoadedProject project = ProjectStore.load(pool);
        StudySettings settings = StudySettings.defaults(List.of(0.0, 0.25, 0.5, 0.75, 1.0));
        List<JobRequest> requests = new ArrayList<>();
        List<SweepRequestPair> sweeps = new ArrayList<>();
        for (String run : PairRequests.runs(project, settings)) {
            PairRequests r = PairRequests.of(project, settings, run);
            requests.add(r.sweep());
            requests.add(r.stragglers());
            sweeps.add(new SweepRequestPair(run, r.sweep()));
        }

        // the embedded reference
        EmbeddedComputeService.Settings embeddedSettings = EmbeddedComputeService.Settings.of(
                dir.resolve("embedded/results"), dir.resolve("embedded/tensors"));
        List<SweepResult> expected = new ArrayList<>();
        try (EmbeddedComputeService embedded = new EmbeddedComputeService(embeddedSettings)) {
            for (JobRequest q : requests) {
                if (q instanceof org.rftworkbench.core.service.SweepRequest s) {
                    expected.add(embedded.sweep(s, Priority.USER, null, null).result().get());
                } else {
                    embedded.analyze((org.rftworkbench.core.service.AnalysisRequest<?>) q, Priority.USER, null,
                            null).result().get();
                }
            }
        }

        Files.createDirectories(Path.of(System.getenv("SPARK_HOME"), "jars"));
        Map<String, String> conf = Map.of(
                "spark.ui.enabled", "false",
                "spark.executor.extraClassPath", System.getProperty("surefire.test.class.path",
                        System.getProperty("java.class.path")),
                "spark.executor.extraJavaOptions", "-Dai.djl.pytorch.num_threads=1 --enable-native-access=ALL-UNNAMED",
                "spark.task.maxFailures", "4",
                "spark.executor.cores", "1");
        List<JobEvent> events = new CopyOnWriteArrayList<>();
        AtomicBoolean killed = new AtomicBoolean();
        try (ClusterComputeService spark = new SparkEngine().open(new ClusterOptions("local-cluster[2,1,1536]", conf),
                EmbeddedComputeService.Settings.of(dir.resolve("spark/results"), dir.resolve("spark/tensors")))) {
            ClusterComputeService.ClusterReport report = spark.computeMissing(requests, e -> {
                events.add(e);
                // after the first task finished, kill one executor process while the others run
                if (e instanceof JobEvent.Progress p && "spark parts".equals(p.task()) && p.done() > 0
                        && !killed.get()) {
                    List<ProcessHandle> running = executors();
                    if (!running.isEmpty() && killed.compareAndSet(false, true)) {
                        running.get(0).destroyForcibly();
                    }
                }
            });
            assertTrue(killed.get(), "an executor was killed mid-job");
            assertTrue(report.failedAttempts() >= 1, "the killed executor's running task failed and ran again");
            assertEquals(requests.size() / 2 * 6, report.parts(), "5 sweep alphas + stragglers per run");
            assertTrue(report.partitions() >= 5, "a task per pair at least");
            int i = 0;
            for (SweepRequestPair s : sweeps) {
                List<JobEvent> assembly = new CopyOnWriteArrayList<>();
                SweepResult actual = spark.sweep(s.request(), Priority.USER, null, assembly::add).result().get();
                assertEquals(expected.get(i).points(), actual.points(), "run " + s.run());
                i++;
            }
        }
        CacheAudit.assertSameEntries(dir.resolve("embedded/results"), dir.resolve("spark/results"));
        long deadline = System.nanoTime() + 60_000_000_000L; // executors exit on their own once the driver stops
        while (!executors().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(executors().isEmpty(), "no executor process left");
    }

    private record SweepRequestPair(String run, org.rftworkbench.core.service.SweepRequest request) {
    }

    /**
     * This JVM's executor processes: children of the workers Spark started in it, recognised by their main class in
     * /proc/PID/cmdline (ProcessHandle's command line is cut short after the long class path).
     */
    private static List<ProcessHandle> executors() {
        try (Stream<ProcessHandle> all = ProcessHandle.current().descendants()) {
            return all.filter(p -> {
                try {
                    return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"))
                            .contains("CoarseGrainedExecutorBackend");
                } catch (java.io.IOException e) {
                    return false; // exited meanwhile
                }
            }).toList();
        }
    }
}
