package org.rftworkbench.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.eval.Evaluator;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.interpolate.EndpointWeights;
import org.rftworkbench.core.interpolate.Interpolator;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.util.Progress;
import org.rftworkbench.testutil.TinyProject;

/** Layer-wise instability on the tiny project, with an endpoint B whose head equals A's. */
class LayerInstabilityTest {
    @TempDir
    static Path dir;
    static InterpolationWorkspace ws;

    @BeforeAll
    static void open() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"), TinyProject.CLASSES, 16);
        ws = InterpolationWorkspace.open(ProjectStore.load(project), List.of("id"), dir.resolve("cache"),
                Progress.NONE);
    }

    @AfterAll
    static void close() {
        ws.close();
    }

    @Test
    void groupThatDidNotMoveHasNoBarrierAndEveryGroupHasARow() throws Exception {
        EndpointWeights a = ws.endpointA();
        EndpointWeights b = ws.endpointB();
        Map<String, List<String>> groups = LayerInstability.blockGroups(ws.interpolator());
        Map<String, NDArray> tensors = new LinkedHashMap<>(b.tensors());
        for (String name : groups.get("head")) {
            tensors.put(name, a.tensors().get(name));
        }
        try (EndpointWeights headFromA = new EndpointWeights(b.source(), "test", tensors, List.of(), List.of(),
                b.manager().newSubManager()); Evaluator evaluator = new Evaluator(ws.workingModel(), 16)) {
            Interpolator interpolator = new Interpolator(ws.workingModel(), a, headFromA);
            LayerInstability.Settings settings = new LayerInstability.Settings(List.of(0.0, 0.5, 1.0), 1.0,
                    ErrorMetric.LOSS);
            LayerInstability.Result r = LayerInstability.run(interpolator, evaluator, ws.datasets().get("id"), groups,
                    settings, Progress.NONE);
            assertEquals(List.copyOf(groups.keySet()), r.rows().stream().map(LayerInstability.GroupRow::group)
                    .toList());
            assertEquals(7, r.rows().size(), "patch embedding, embeddings, ln_pre, 2 resblocks, ln_post+proj, head");
            LayerInstability.GroupRow head = r.rows().get(r.rows().size() - 1);
            assertEquals("head", head.group());
            assertEquals(0.0, head.instability());
            for (double e : head.excess()) {
                assertEquals(0.0, e);
            }
            double atB = r.rows().get(0).values()[2];
            boolean someMoved = false;
            for (LayerInstability.GroupRow row : r.rows()) {
                assertEquals(atB, row.values()[2], "alpha 1 is the base model B for every group");
                assertEquals(0.0, row.excess()[0], 1e-12);
                assertTrue(row.instability() >= 0);
                someMoved |= row.values()[0] != atB;
            }
            assertTrue(someMoved);
            assertEquals(7 * 2 + 1, LayerInstability.evaluations(7, settings));
        }
    }

    @Test
    void overridesMoveExactlyTheQuotedNames() throws Exception {
        AlphaOverrides o = LayerInstability.moving(List.of("visual.proj", "a+b"), 0.25);
        assertEquals(0.25, o.alphaFor("visual.proj", 1));
        assertEquals(0.25, o.alphaFor("a+b", 1));
        assertEquals(1.0, o.alphaFor("visualXproj", 1));
        assertEquals(1.0, o.alphaFor("aab", 1));
        assertFalse(o.isEmpty());
    }
}
