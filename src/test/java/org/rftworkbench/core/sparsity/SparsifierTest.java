package org.rftworkbench.core.sparsity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.eval.Evaluator;
import org.rftworkbench.core.interpolate.EndpointWeights;
import org.rftworkbench.core.layers.LayerInstability;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.util.Progress;
import org.rftworkbench.testutil.TinyProject;

/** Sparsity placements on the tiny project's real endpoints. */
class SparsifierTest {
    private static final String FC = "visual.transformer.resblocks.0.mlp.c_fc.weight";
    private static final String FC_BIAS = "visual.transformer.resblocks.0.mlp.c_fc.bias";
    @TempDir
    static Path dir;
    static InterpolationWorkspace ws;
    static Map<String, List<String>> groups;

    @BeforeAll
    static void open() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"), TinyProject.CLASSES, 16);
        ws = InterpolationWorkspace.open(ProjectStore.load(project), null, dir.resolve("cache"), Progress.NONE);
        groups = LayerInstability.blockGroups(ws.interpolator());
    }

    @AfterAll
    static void close() {
        ws.close();
    }

    private static SparsitySpec spec(SparsitySpec.Method method, double ratio, SparsitySpec.Placement placement,
            boolean rescale, String... groupNames) {
        return new SparsitySpec(method, ratio, 3, placement, SparsitySpec.Scope.PER_TENSOR, rescale,
                List.of(groupNames), TensorFilter.WEIGHT_MATRICES);
    }

    @Test
    void taskVectorAtRatioZeroReproducesThePathExactly() throws Exception {
        List<String> all = List.copyOf(groups.keySet());
        SparsitySpec zero = new SparsitySpec(SparsitySpec.Method.RANDOM, 0, 3, SparsitySpec.Placement.TASK_VECTOR,
                SparsitySpec.Scope.PER_TENSOR, true, all, TensorFilter.WEIGHT_MATRICES);
        try (EndpointWeights b2 = Sparsifier.transformEndpoint(ws.endpointA(), ws.endpointB(), groups, zero)) {
            for (Map.Entry<String, NDArray> e : ws.endpointB().tensors().entrySet()) {
                assertArrayEquals(e.getValue().toFloatArray(), b2.tensors().get(e.getKey()).toFloatArray(), e.getKey());
            }
        }
        List<Double> alphas = List.of(0.0, 0.5, 1.0);
        List<InterpolationWorkspace.DatasetHandle> data = List.copyOf(ws.datasets().values());
        try (Evaluator evaluator = new Evaluator(ws.workingModel(), 16)) {
            PathEvaluation.PathResult base = SparsityExperiment.evaluate(ws, evaluator, data, groups, null, alphas,
                    0.001, Progress.NONE);
            PathEvaluation.PathResult same = SparsityExperiment.evaluate(ws, evaluator, data, groups, zero, alphas,
                    0.001, Progress.NONE);
            assertEquals(base.points(), same.points());
            assertEquals(base.failure(), same.failure());
            assertEquals("id", base.idDataset());
        }
    }

    @Test
    void taskVectorMaskKeepsBOrFallsBackToA() throws Exception {
        SparsitySpec half = spec(SparsitySpec.Method.RANDOM, 0.5, SparsitySpec.Placement.TASK_VECTOR, false,
                "resblock 0");
        try (EndpointWeights b2 = Sparsifier.transformEndpoint(ws.endpointA(), ws.endpointB(), groups, half)) {
            float[] a = ws.endpointA().tensors().get(FC).toFloatArray();
            float[] b = ws.endpointB().tensors().get(FC).toFloatArray();
            float[] s = b2.tensors().get(FC).toFloatArray();
            float[] mask = Masks.random(FC, a.length, 0.5, 3);
            for (int i = 0; i < a.length; i++) {
                assertEquals(mask[i] == 1 ? b[i] : a[i], s[i], 0f, "entry " + i);
            }
            assertEquals(0.5, Masks.zeroFraction(mask), 0.02);
            assertSame(ws.endpointB().tensors().get(FC_BIAS), b2.tensors().get(FC_BIAS), "biases are not masked");
            assertSame(ws.endpointB().tensors().get("classification_head.weight"),
                    b2.tensors().get("classification_head.weight"), "other groups are B's own arrays");
            assertNotEquals(ws.endpointB().sha256(), b2.sha256());
        }
        SparsitySpec rescaled = spec(SparsitySpec.Method.RANDOM, 0.5, SparsitySpec.Placement.TASK_VECTOR, true,
                "resblock 0");
        try (EndpointWeights b2 = Sparsifier.transformEndpoint(ws.endpointA(), ws.endpointB(), groups, rescaled)) {
            float[] a = ws.endpointA().tensors().get(FC).toFloatArray();
            float[] b = ws.endpointB().tensors().get(FC).toFloatArray();
            float[] s = b2.tensors().get(FC).toFloatArray();
            float[] mask = Masks.random(FC, a.length, 0.5, 3);
            for (int i = 0; i < a.length; i++) {
                assertEquals(mask[i] == 1 ? a[i] + 2 * (b[i] - a[i]) : a[i], s[i], 1e-6f);
            }
        }
    }

    @Test
    void finetunedMagnitudeMaskZeroesTheSmallestWeightsOfB() throws Exception {
        SparsitySpec spec = spec(SparsitySpec.Method.MAGNITUDE, 0.3, SparsitySpec.Placement.FINETUNED, false,
                "resblock 0");
        try (EndpointWeights b2 = Sparsifier.transformEndpoint(ws.endpointA(), ws.endpointB(), groups, spec)) {
            float[] b = ws.endpointB().tensors().get(FC).toFloatArray();
            float[] s = b2.tensors().get(FC).toFloatArray();
            float largestZeroed = 0;
            float smallestKept = Float.MAX_VALUE;
            int zeros = 0;
            for (int i = 0; i < b.length; i++) {
                if (s[i] == 0) {
                    zeros++;
                    largestZeroed = Math.max(largestZeroed, Math.abs(b[i]));
                } else {
                    assertEquals(b[i], s[i]);
                    smallestKept = Math.min(smallestKept, Math.abs(b[i]));
                }
            }
            assertEquals(Math.round(0.3 * b.length), zeros);
            assertTrue(largestZeroed <= smallestKept);
        }
    }

    @Test
    void interpolatedPlacementUsesTheSameMaskAtEveryAlpha() throws Exception {
        SparsitySpec spec = spec(SparsitySpec.Method.RANDOM, 0.4, SparsitySpec.Placement.INTERPOLATED, false,
                "resblock 0");
        float[] mask = Masks.random(FC, ws.endpointA().tensors().get(FC).size(), 0.4, 3);
        try (Sparsifier.PathHook hook = Sparsifier.interpolatedHook(ws.workingModel(), groups, spec)) {
            for (double alpha : new double[] {0.3, 0.7}) {
                ws.interpolator().apply(alpha);
                float[] before = ws.workingModel().parameters().get(FC).toFloatArray();
                hook.afterInterpolation(alpha);
                float[] after = ws.workingModel().parameters().get(FC).toFloatArray();
                for (int i = 0; i < mask.length; i++) {
                    assertEquals(mask[i] == 0 ? 0f : before[i], after[i], 0f);
                }
            }
        }
        ws.interpolator().apply(0);
    }
}
