package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.rftworkbench.core.service.remote.RemoteComputeService;
import org.rftworkbench.core.sharpness.SharpnessSettings;
import org.rftworkbench.core.study.StudyResult;
import org.rftworkbench.core.study.StudyRunner;
import org.rftworkbench.core.study.StudySettings;
import org.rftworkbench.testutil.TinyPool;
import picocli.CommandLine;

/**
 * The window's path to a cluster: {@code serve --engine spark} on a gateway, a client (as the Study view uses it)
 * running a study through it. Each request's missing cells run on Spark, the events carry the cluster's progress
 * ("spark parts") as the cells arrive, and the rows equal the embedded service's.
 */
class SparkServeTest {
    @TempDir
    Path dir;

    @Test
    void aStudyThroughServeOnSparkEqualsTheEmbeddedOneAndReportsTheClustersProgress() throws Exception {
        Path pool = TinyPool.create(dir.resolve("p"));
        LoadedProject project = ProjectStore.load(pool);
        StudySettings d = StudySettings.defaults(List.of(0.0, 0.5, 1.0));
        SharpnessSettings quick = StudySettings.quickSharpness();
        StudySettings settings = new StudySettings(List.of("k0.5", "k2"), d.sweepAlphas(), d.stragglerAlphas(),
                d.baseAlpha(), d.metric(), d.selection(), d.sharpnessAlphas(),
                quick.withData(quick.batchSize(), 16, null).withSteps(2), d.predictorAlpha(), d.outcomeAlpha(), 200,
                d.seed(), d.level(), d.tolerance(), d.batchSize());
        StudyResult expected;
        try (EmbeddedComputeService embedded = new EmbeddedComputeService(EmbeddedComputeService.Settings.of(
                dir.resolve("embedded/results"), dir.resolve("embedded/tensors")))) {
            expected = new StudyRunner(embedded).run(project, settings, Priority.USER, null, (i, n, r, s) -> { });
        }

        ServeCommand serve = new ServeCommand();
        CommandLine cl = new CommandLine(serve);
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("--port", "0", "--root",
                dir.toString(), "--cache-dir", dir.resolve("gateway").toString(), "--engine", "spark", "--master",
                "local[2]", "--spark-conf", "spark.ui.enabled=false"));
        URI url = serve.listening.get(120, TimeUnit.SECONDS);
        List<JobEvent> events = new CopyOnWriteArrayList<>();
        StudyResult actual;
        try (RemoteComputeService client = RemoteComputeService.connect(url, null)) {
            assertTrue(client.info().engine().endsWith("on Spark 4.0.1 local[2]"), client.info().engine());
            actual = new StudyRunner(client).run(project, settings, Priority.USER, events::add, (i, n, r, s) -> { });
        }
        serve.stopRequested.countDown();
        assertEquals(0, exit.get(60, TimeUnit.SECONDS));
        assertEquals(expected.rows(), actual.rows());
        assertTrue(events.stream().anyMatch(e -> e instanceof JobEvent.Progress p && "spark parts".equals(p.task())
                && p.done() > 0), "the cluster's progress reaches the client");
        assertTrue(events.stream().anyMatch(e -> e instanceof JobEvent.SharpnessCell), "heatmap cells arrive");
        assertTrue(out.toString().contains("on Spark 4.0.1 local[2]"), out.toString());
    }
}
