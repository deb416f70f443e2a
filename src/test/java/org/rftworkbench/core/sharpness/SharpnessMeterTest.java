package org.rftworkbench.core.sharpness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.util.CancelledException;
import org.rftworkbench.core.util.Progress;
import org.rftworkbench.testutil.TinyProject;

/** Invariants of worst- and average-case sharpness (method-notes 9.4) on the tiny reference ViT at alpha = 0.5. */
class SharpnessMeterTest {
    private static final String GROUP = "resblock 1";
    @TempDir
    static Path dir;
    static InterpolationWorkspace ws;
    static SharpnessData data;

    @BeforeAll
    static void open() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        ws = InterpolationWorkspace.open(ProjectStore.load(project), List.of("id"), dir.resolve("cache"),
                Progress.NONE);
        ws.interpolator().apply(0.5);
        InterpolationWorkspace.DatasetHandle id = ws.datasets().get("id");
        data = new SharpnessData(id.data(), id.mapping(), 16, 8);
    }

    @AfterAll
    static void close() {
        ws.close();
    }

    static SharpnessSettings settings() {
        return SharpnessSettings.defaults().withData(8, 16, "id").withSteps(5).withRho(2e-3)
                .withLogitNormalization(false);
    }

    static Map<String, float[]> snapshot() {
        Map<String, float[]> out = new LinkedHashMap<>();
        ws.workingModel().parameters().forEach((n, p) -> out.put(n, p.toFloatArray()));
        return out;
    }

    static List<String> group(SharpnessMeter meter, String name) {
        return SharpnessGroups.build(SharpnessGroups.Granularity.BLOCK, meter.perturbable()).get(name);
    }

    @Test
    void adaptiveLinfDeltaStaysInTheBallAndIsZeroOutsideTheGroup() {
        SharpnessSettings s = settings();
        SharpnessMeter meter = new SharpnessMeter(ws.workingModel(), data, s, null);
        List<String> members = group(meter, GROUP);
        Map<String, float[]> w0 = snapshot();
        AtomicInteger checks = new AtomicInteger();
        double[] largestRatio = {0};
        meter.afterEachPerturbation(() -> {
            for (Map.Entry<String, NDArray> e : ws.workingModel().parameters().entrySet()) {
                float[] now = e.getValue().toFloatArray();
                float[] before = w0.get(e.getKey());
                if (!members.contains(e.getKey())) {
                    assertArrayEquals(before, now, e.getKey() + " is outside the group and must not move");
                    continue;
                }
                for (int i = 0; i < now.length; i++) {
                    double delta = Math.abs((double) now[i] - before[i]);
                    double bound = s.rho() * Math.abs(before[i]);
                    // w = w0 + delta is rounded to float: allow half an ulp of w
                    assertTrue(delta <= bound + Math.ulp(now[i]), e.getKey() + "[" + i + "] moved " + delta
                            + " > rho|w| = " + bound);
                    if (bound > 0) {
                        largestRatio[0] = Math.max(largestRatio[0], delta / bound);
                    }
                }
            }
            checks.incrementAndGet();
        });
        SharpnessValue v = meter.measure(members, "test", Progress.NONE);
        assertEquals(2 * s.steps(), checks.get(), "one check per iteration and batch");
        assertTrue(largestRatio[0] > 0.9, "the ascent reaches the boundary of the ball: " + largestRatio[0]);
        assertTrue(v.loss() > 0, "worst-case sharpness is positive here: " + v.loss());
        assertEquals(w0.keySet(), snapshot().keySet());
    }

    @Test
    void worstCaseIsNonNegativeNeverBelowCleanAndZeroAtRhoZero() {
        for (SharpnessSettings.Norm norm : SharpnessSettings.Norm.values()) {
            for (boolean adaptive : new boolean[] {true, false}) {
                SharpnessSettings s = settings().withNorm(norm).withAdaptive(adaptive, 0)
                        .withRho(norm == SharpnessSettings.Norm.LINF ? (adaptive ? 2e-3 : 1e-4) : (adaptive ? 0.5 : 0.05));
                SharpnessMeter meter = new SharpnessMeter(ws.workingModel(), data, s, null);
                SharpnessValue v = meter.measure(meter.perturbable(), "test", Progress.NONE);
                String what = norm + " adaptive=" + adaptive;
                assertTrue(v.loss() > 0, what + ": " + v.loss());
                assertTrue(v.perturbedLoss() >= v.cleanLoss(), what);
                SharpnessValue zero = new SharpnessMeter(ws.workingModel(), data, s.withRho(0), null)
                        .measure(meter.perturbable(), "test", Progress.NONE);
                assertEquals(0.0, zero.loss(), 0.0, what + " at rho = 0");
                assertEquals(0.0, zero.error(), 0.0, what + " at rho = 0");
                assertEquals(v.cleanLoss(), zero.cleanLoss(), 0.0, "same clean point");
            }
        }
    }

    @Test
    void l2BallsHoldDelta() {
        for (boolean adaptive : new boolean[] {true, false}) {
            double rho = adaptive ? 0.5 : 0.05;
            SharpnessSettings s = settings().withNorm(SharpnessSettings.Norm.L2).withAdaptive(adaptive, 0)
                    .withRho(rho);
            SharpnessMeter meter = new SharpnessMeter(ws.workingModel(), data, s, null);
            List<String> members = group(meter, GROUP);
            Map<String, float[]> w0 = snapshot();
            double[] largest = {0};
            meter.afterEachPerturbation(() -> {
                double sum = 0;
                for (String n : members) {
                    float[] now = ws.workingModel().parameters().get(n).toFloatArray();
                    float[] before = w0.get(n);
                    for (int i = 0; i < now.length; i++) {
                        double d = ((double) now[i] - before[i]) / (adaptive ? Math.abs(before[i]) : 1);
                        sum += before[i] == 0 && adaptive ? 0 : d * d;
                    }
                }
                largest[0] = Math.max(largest[0], Math.sqrt(sum));
            });
            meter.measure(members, "test", Progress.NONE);
            assertTrue(largest[0] <= rho * 1.001 + 1e-4, "adaptive=" + adaptive + ": ||delta/c|| = " + largest[0]);
            assertTrue(largest[0] > 0.5 * rho, "the ascent moves: " + largest[0]);
        }
    }

    @Test
    void weightsAreRestoredBitForBitAfterRunsAndAfterCancellation() {
        Map<String, float[]> before = snapshot();
        SharpnessSettings s = settings();
        SharpnessMeter meter = new SharpnessMeter(ws.workingModel(), data, s, null);
        meter.measure(meter.perturbable(), "test", Progress.NONE);
        new SharpnessMeter(ws.workingModel(), data, s.withDefinition(SharpnessSettings.Definition.AVERAGE_CASE)
                .withRho(0.2).withNoise(SharpnessSettings.Noise.GAUSSIAN, 3, 1), null)
                .measure(meter.perturbable(), "test", Progress.NONE);
        AtomicInteger polls = new AtomicInteger();
        Progress cancelLater = new Progress() {
            @Override
            public void update(String task, long done, long total) {
            }

            @Override
            public boolean isCancelled() {
                return polls.incrementAndGet() > 4;
            }
        };
        assertThrows(CancelledException.class, () -> meter.measure(meter.perturbable(), "test", cancelLater));
        Map<String, float[]> after = snapshot();
        for (String n : before.keySet()) {
            assertArrayEquals(before.get(n), after.get(n), n);
        }
        for (NDArray p : ws.workingModel().parameters().values()) {
            assertTrue(!p.hasGradient(), "gradients are switched off again");
        }
    }

    @Test
    void averageCaseIsZeroAtRhoZeroAndReplaysFromANoiseFile(@TempDir Path tmp) throws Exception {
        SharpnessSettings s = settings().withDefinition(SharpnessSettings.Definition.AVERAGE_CASE).withRho(0.3)
                .withNoise(SharpnessSettings.Noise.UNIFORM, 3, 7);
        SharpnessMeter probe = new SharpnessMeter(ws.workingModel(), data, s, null);
        List<String> members = group(probe, GROUP);
        NoiseFile.Recorder recorder = new NoiseFile.Recorder(new SeededNoise(s.noise(), s.seed()));
        SharpnessValue recorded = new SharpnessMeter(ws.workingModel(), data, s, recorder)
                .measure(members, "test", Progress.NONE);
        Path file = tmp.resolve("noise.safetensors");
        recorder.save(file);
        SharpnessValue again = probe.measure(members, "test", Progress.NONE);
        assertEquals(recorded.loss(), again.loss(), 0.0, "seeded noise is reproducible");
        try (NoiseFile noise = NoiseFile.open(file, ws.workingModel().manager().getDevice())) {
            SharpnessValue replay = new SharpnessMeter(ws.workingModel(), data, s, noise)
                    .measure(members, "test", Progress.NONE);
            assertEquals(recorded.loss(), replay.loss(), 0.0);
            assertEquals(recorded.error(), replay.error(), 0.0);
        }
        assertTrue(recorded.loss() != 0);
        SharpnessValue zero = new SharpnessMeter(ws.workingModel(), data, s.withRho(0), null)
                .measure(members, "test", Progress.NONE);
        assertEquals(0.0, zero.loss(), 0.0);
        List<String> other = new ArrayList<>(members);
        other.set(0, "no.such.parameter");
        assertThrows(IllegalArgumentException.class, () -> probe.measure(other, "test", Progress.NONE));
    }
}
