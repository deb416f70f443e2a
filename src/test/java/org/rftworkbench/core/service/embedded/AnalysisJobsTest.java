package org.rftworkbench.core.service.embedded;

import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SharpnessRequest;
import org.rftworkbench.core.service.SparsityRequest;
import org.rftworkbench.core.service.StragglerRequest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.eval.Evaluator;
import org.rftworkbench.core.layers.ErrorMetric;
import org.rftworkbench.core.layers.LayerInstability;
import org.rftworkbench.core.layers.StragglerAnalysis;
import org.rftworkbench.core.layers.StragglerCriterion;
import org.rftworkbench.core.layers.Stragglers;
import org.rftworkbench.core.model.Models;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.remote.ComputeServer;
import org.rftworkbench.core.service.remote.RemoteComputeService;
import org.rftworkbench.core.service.remote.ServerConfig;
import org.rftworkbench.core.service.remote.ServerRoots;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.sharpness.SharpnessGroups;
import org.rftworkbench.core.sharpness.SharpnessResult;
import org.rftworkbench.core.sharpness.SharpnessSettings;
import org.rftworkbench.core.sparsity.PathEvaluation;
import org.rftworkbench.core.sparsity.SparsityExperiment;
import org.rftworkbench.core.sparsity.SparsitySpec;
import org.rftworkbench.core.sparsity.TensorFilter;
import org.rftworkbench.core.util.Progress;
import org.rftworkbench.testutil.TinyProject;

/**
 * Layer analyses through the compute service equal the core run directly, are cached, stream sharpness cells, and
 * come back identical through the remote server (so every result survives JSON).
 */
class AnalysisJobsTest {
    @TempDir
    static Path dir;
    static Path project;
    static EmbeddedComputeService service;
    static final List<Double> ALPHAS = List.of(0.0, 0.5, 1.0);

    @BeforeAll
    static void open() throws Exception {
        project = TinyProject.create(dir.resolve("tiny"));
        service = new EmbeddedComputeService(EmbeddedComputeService.Settings.of(dir.resolve("results"),
                dir.resolve("tensors")));
    }

    @AfterAll
    static void close() {
        service.close();
    }

    static SharpnessRequest sharpnessRequest() {
        SharpnessSettings s = new SharpnessSettings(SharpnessSettings.Definition.WORST_CASE,
                SharpnessSettings.Norm.LINF, true, 0, true, 1e-3, 2, 8, 16, 0, SharpnessSettings.Noise.GAUSSIAN, 1,
                null, null, "id");
        return new SharpnessRequest(project.toString(), List.of(0.0, 0.5), s, SharpnessGroups.Granularity.BLOCK);
    }

    static StragglerRequest stragglerRequest() {
        return new StragglerRequest(project.toString(), List.of(0.5), 1.0, ErrorMetric.LOSS, null,
                StragglerCriterion.INSTABILITY, Stragglers.Selection.top(1), null, null);
    }

    static SparsityRequest sparsityRequest(SparsitySpec spec) {
        return new SparsityRequest(project.toString(), ALPHAS, spec, 0.001, null);
    }

    static SparsitySpec spec(String group) {
        return new SparsitySpec(SparsitySpec.Method.RANDOM, 0.5, 3, SparsitySpec.Placement.TASK_VECTOR,
                SparsitySpec.Scope.PER_TENSOR, false, List.of(group), TensorFilter.WEIGHT_MATRICES);
    }

    @Test
    void sharpnessStreamsEveryCellAndServesTheSecondRunFromTheCache() throws Exception {
        List<JobEvent> events = new CopyOnWriteArrayList<>();
        SharpnessResult first = service.analyze(sharpnessRequest(), Priority.USER, null, events::add).result()
                .get(120, TimeUnit.SECONDS);
        List<SharpnessResult.Cell> streamed = events.stream().filter(e -> e instanceof JobEvent.SharpnessCell)
                .map(e -> ((JobEvent.SharpnessCell) e).cell()).toList();
        assertEquals(first.cells(), streamed, "one event per cell, in order, equal to the result");
        assertTrue(first.cells().size() > 2, "overall + groups at two alphas");
        assertTrue(first.cells().stream().allMatch(c -> c.value().loss() >= 0));

        long hits = service.resultCache().stats().hits();
        SharpnessResult second = service.analyze(sharpnessRequest(), Priority.USER, null, e -> { }).result()
                .get(120, TimeUnit.SECONDS);
        assertEquals(values(first), values(second));
        assertTrue(second.cells().stream().allMatch(SharpnessResult.Cell::fromCache));
        assertEquals(first.cells().size(), service.resultCache().stats().hits() - hits, "every cell from the cache");
    }

    @Test
    void stragglersEqualTheCoreRunAndAreCached() throws Exception {
        StragglerAnalysis.Result viaService = service.analyze(stragglerRequest(), Priority.USER, null, e -> { })
                .result().get(120, TimeUnit.SECONDS);
        StragglerAnalysis.Result direct = direct(ws -> {
            try (Evaluator evaluator = new Evaluator(ws.workingModel(), 16)) {
                return StragglerAnalysis.run(ws, evaluator, new StragglerAnalysis.Settings(
                        new LayerInstability.Settings(ALPHAS, 1.0, ErrorMetric.LOSS), "id",
                        StragglerCriterion.INSTABILITY, Stragglers.Selection.top(1), null), Progress.NONE);
            }
        });
        assertEquals(direct.report().stragglers(), viaService.report().stragglers());
        assertEquals(direct.heatmap().rows().size(), viaService.heatmap().rows().size());
        for (int i = 0; i < direct.heatmap().rows().size(); i++) {
            assertArrayEquals(direct.heatmap().rows().get(i).values(), viaService.heatmap().rows().get(i).values(),
                    direct.heatmap().rows().get(i).group());
        }
        long hits = service.resultCache().stats().hits();
        StragglerAnalysis.Result again = service.analyze(stragglerRequest(), Priority.USER, null, e -> { }).result()
                .get(120, TimeUnit.SECONDS);
        assertEquals(hits + 1, service.resultCache().stats().hits());
        assertEquals(viaService.report().stragglers(), again.report().stragglers());
        assertEquals(viaService.weightChange(), again.weightChange());
    }

    @Test
    void sparsifiedPathEqualsTheCoreRunAndDiffersFromTheUnchangedOne() throws Exception {
        String group = "resblock 0";
        PathEvaluation.PathResult before = service.analyze(sparsityRequest(null), Priority.USER, null, e -> { })
                .result().get(120, TimeUnit.SECONDS);
        PathEvaluation.PathResult after = service.analyze(sparsityRequest(spec(group)), Priority.USER, null,
                e -> { }).result().get(120, TimeUnit.SECONDS);
        PathEvaluation.PathResult direct = direct(ws -> {
            try (Evaluator evaluator = new Evaluator(ws.workingModel(), 16)) {
                return SparsityExperiment.evaluate(ws, evaluator, List.copyOf(ws.datasets().values()),
                        LayerInstability.blockGroups(ws.interpolator()), spec(group).validated(), ALPHAS, 0.001,
                        Progress.NONE);
            }
        });
        assertEquals(direct.points(), after.points());
        assertEquals(before.points().get(0), after.points().get(0), "alpha 0 is A, untouched by the task vector");
        assertTrue(!before.points().get(2).equals(after.points().get(2)), "B changed by the mask");
    }

    @Test
    void everyAnalysisComesBackIdenticalThroughTheRemoteServer() throws Exception {
        ComputeServer server = ComputeServer.start(service, ServerConfig.loopback(ServerRoots.of(List.of(dir))));
        try (RemoteComputeService client = RemoteComputeService.connect(server.url(), null)) {
            String remotePath = "tiny/project.json";
            SharpnessRequest s = sharpnessRequest();
            List<JobEvent> events = new CopyOnWriteArrayList<>();
            SharpnessResult remote = client.analyze(new SharpnessRequest(remotePath, s.alphas(), s.settings(),
                    s.granularity()), Priority.USER, null, events::add).result().get(120, TimeUnit.SECONDS);
            SharpnessResult local = service.analyze(s, Priority.USER, null, e -> { }).result()
                    .get(120, TimeUnit.SECONDS);
            assertEquals(values(local), values(remote));
            assertEquals(local.cells().size(), events.stream().filter(e -> e instanceof JobEvent.SharpnessCell)
                    .count(), "cell events cross the wire");

            StragglerRequest r = stragglerRequest();
            StragglerAnalysis.Result st = client.analyze(new StragglerRequest(remotePath, r.alphas(), r.baseAlpha(),
                    r.metric(), r.dataset(), r.primary(), r.selection(), r.sharpness(), r.batchSize()),
                    Priority.USER, null, e -> { }).result().get(120, TimeUnit.SECONDS);
            StragglerAnalysis.Result stLocal = service.analyze(r, Priority.USER, null, e -> { }).result()
                    .get(120, TimeUnit.SECONDS);
            assertEquals(stLocal.report(), st.report());
            assertEquals(stLocal.weightChange(), st.weightChange());

            PathEvaluation.PathResult path = client.analyze(new SparsityRequest(remotePath, ALPHAS, spec("resblock 1"),
                    0.001, null), Priority.USER, null, e -> { }).result().get(120, TimeUnit.SECONDS);
            PathEvaluation.PathResult pathLocal = service.analyze(sparsityRequest(spec("resblock 1")), Priority.USER,
                    null, e -> { }).result().get(120, TimeUnit.SECONDS);
            assertEquals(pathLocal, path);
        } finally {
            server.close();
        }
    }

    /** The cells without their "served from the cache" flag. */
    private static List<String> values(SharpnessResult r) {
        return r.cells().stream().map(c -> c.alpha() + " " + c.group() + " " + c.value()).toList();
    }

    private interface WorkspaceFn<T> {
        T apply(InterpolationWorkspace ws) throws Exception;
    }

    private static <T> T direct(WorkspaceFn<T> fn) throws Exception {
        Models.prepareComputeThread();
        try (InterpolationWorkspace ws = InterpolationWorkspace.open(ProjectStore.load(project), null,
                dir.resolve("tensors"), Progress.NONE)) {
            return fn.apply(ws);
        }
    }
}
