package org.rftworkbench.core.service.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.layers.ErrorMetric;
import org.rftworkbench.core.layers.StragglerCriterion;
import org.rftworkbench.core.layers.Stragglers;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.ModelLayout;
import org.rftworkbench.core.service.ModelLayoutRequest;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SharpnessRequest;
import org.rftworkbench.core.service.StragglerRequest;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.core.service.remote.ComputeServer;
import org.rftworkbench.core.service.remote.RemoteComputeService;
import org.rftworkbench.core.service.remote.ServerConfig;
import org.rftworkbench.core.service.remote.ServerRoots;
import org.rftworkbench.core.sharpness.SharpnessGroups;
import org.rftworkbench.core.sharpness.SharpnessSettings;
import org.rftworkbench.core.sparsity.TensorFilter;
import org.rftworkbench.testutil.TinyProject;

/**
 * Every sweep and analysis reports exactly how many cells (or whole results) it computed and how many came from the
 * result cache, embedded and through the remote server alike; the layout request and the sharpness run options
 * survive the trip to the server.
 */
class CacheUseEventsTest {
    @TempDir
    static Path dir;
    static EmbeddedComputeService service;
    static ComputeServer server;
    static RemoteComputeService remote;
    static final String PROJECT = "tiny/project.json";

    @BeforeAll
    static void open() throws Exception {
        TinyProject.create(dir.resolve("tiny"));
        service = new EmbeddedComputeService(EmbeddedComputeService.Settings.of(dir.resolve("results"),
                dir.resolve("tensors")));
        server = ComputeServer.start(service, ServerConfig.loopback(ServerRoots.of(List.of(dir))));
        remote = RemoteComputeService.connect(server.url(), null);
    }

    @AfterAll
    static void close() {
        remote.close();
        server.close();
        service.close();
    }

    private static String local() {
        return dir.resolve(PROJECT).toString();
    }

    /** The job's single CacheUse event, after checking it is the last event before Finished. */
    private static JobEvent.CacheUse cacheUse(List<JobEvent> events) {
        List<JobEvent.CacheUse> uses = events.stream().filter(e -> e instanceof JobEvent.CacheUse)
                .map(e -> (JobEvent.CacheUse) e).toList();
        assertEquals(1, uses.size(), events.toString());
        assertTrue(events.get(events.size() - 1) instanceof JobEvent.Finished);
        assertEquals(uses.get(0), events.get(events.size() - 2), "just before the end");
        return uses.get(0);
    }

    private static <R> List<JobEvent> run(ComputeService s, java.util.function.BiFunction<ComputeService,
            java.util.function.Consumer<JobEvent>, org.rftworkbench.core.service.JobHandle<R>> submit)
            throws Exception {
        List<JobEvent> events = new CopyOnWriteArrayList<>();
        submit.apply(s, events::add).result().get(120, TimeUnit.SECONDS);
        return events;
    }

    @Test
    void sweepCountsEveryCellOnceEmbeddedAndRemote() throws Exception {
        JobEvent.CacheUse first = cacheUse(run(service, (s, l) -> s.sweep(new SweepRequest(local(),
                List.of(0.0, 0.3), null, null, null), Priority.USER, null, l)));
        assertEquals(new JobEvent.CacheUse(first.jobId(), "cell", 4, 0), first, "2 alphas x (id, ood)");
        JobEvent.CacheUse overRemote = cacheUse(run(remote, (s, l) -> s.sweep(new SweepRequest(PROJECT,
                List.of(0.0, 0.3, 0.6), null, null, null), Priority.USER, null, l)));
        assertEquals("cell", overRemote.unit());
        assertEquals(2, overRemote.computed(), "0.6 is new");
        assertEquals(4, overRemote.fromCache());
    }

    @Test
    void analysesCountWholeResultsAndSharpnessCells() throws Exception {
        StragglerRequest stragglers = new StragglerRequest(PROJECT, List.of(0.5), 1.0, ErrorMetric.LOSS, null,
                StragglerCriterion.INSTABILITY, Stragglers.Selection.top(1), null, null);
        JobEvent.CacheUse first = cacheUse(run(remote, (s, l) -> s.analyze(stragglers, Priority.USER, null, l)));
        assertEquals(List.of("result", 1, 0), List.of(first.unit(), first.computed(), first.fromCache()));
        JobEvent.CacheUse again = cacheUse(run(remote, (s, l) -> s.analyze(stragglers, Priority.USER, null, l)));
        assertEquals(List.of("result", 0, 1), List.of(again.unit(), again.computed(), again.fromCache()));

        SharpnessSettings settings = new SharpnessSettings(SharpnessSettings.Definition.WORST_CASE,
                SharpnessSettings.Norm.LINF, true, 0, true, 1e-3, 1, 8, 8, 0, SharpnessSettings.Noise.GAUSSIAN, 1,
                null, null, "id");
        SharpnessRequest sharpness = new SharpnessRequest(PROJECT, List.of(0.0), settings, null,
                new SharpnessRequest.Options(null, false, true, false, false));
        List<JobEvent> events = run(remote, (s, l) -> s.analyze(sharpness, Priority.USER, null, l));
        JobEvent.CacheUse cells = cacheUse(events);
        assertEquals(List.of("cell", 1, 0), List.of(cells.unit(), cells.computed(), cells.fromCache()));
        assertTrue(events.stream().anyMatch(e -> e instanceof JobEvent.Note n && n.message().startsWith(
                "cost: 1 cells x 1 batches x 1 forward+backward")), "the estimate the options asked for: " + events);
        JobEvent.CacheUse cached = cacheUse(run(remote, (s, l) -> s.analyze(sharpness, Priority.USER, null, l)));
        assertEquals(List.of(0, 1), List.of(cached.computed(), cached.fromCache()));
        SharpnessRequest recompute = new SharpnessRequest(PROJECT, List.of(0.0), settings, null,
                new SharpnessRequest.Options(null, true, false, false, false));
        JobEvent.CacheUse recomputed = cacheUse(run(remote, (s, l) -> s.analyze(recompute, Priority.USER, null, l)));
        assertEquals(List.of(1, 0), List.of(recomputed.computed(), recomputed.fromCache()));
    }

    @Test
    void layoutComesBackEqualThroughTheServerAndNoiseFilesAreRefusedThere() throws Exception {
        ModelLayout here = service.analyze(new ModelLayoutRequest(local(), null, TensorFilter.WEIGHT_MATRICES),
                Priority.USER, null, e -> { }).result().get(120, TimeUnit.SECONDS);
        ModelLayout there = remote.analyze(new ModelLayoutRequest(PROJECT, null, TensorFilter.WEIGHT_MATRICES),
                Priority.USER, null, e -> { }).result().get(120, TimeUnit.SECONDS);
        assertEquals(here, there);
        assertEquals(List.of("id", "ood"), List.copyOf(here.images().keySet()));
        assertTrue(here.groups().size() > here.eligible().size() && here.eligible().size() > 0,
                "groups without weight matrices are not eligible: " + here);
        SharpnessSettings settings = new SharpnessSettings(SharpnessSettings.Definition.AVERAGE_CASE,
                SharpnessSettings.Norm.LINF, true, 0, true, 1e-3, 1, 8, 8, 0, SharpnessSettings.Noise.GAUSSIAN, 1,
                null, null, "id");
        SharpnessRequest withNoise = new SharpnessRequest(PROJECT, List.of(0.0), settings,
                SharpnessGroups.Granularity.BLOCK, new SharpnessRequest.Options("/etc/passwd", false, false, false,
                        false));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> remote.analyze(withNoise, Priority.USER, null, x -> { }).result().get(60, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof RftException && e.getCause().getMessage().contains("noise files"),
                String.valueOf(e.getCause()));
    }
}
