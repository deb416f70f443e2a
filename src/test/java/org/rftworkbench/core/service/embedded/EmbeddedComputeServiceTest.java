package org.rftworkbench.core.service.embedded;

import org.rftworkbench.core.service.Estimate;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.Precision;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.PreviewResult;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SweepRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.estimate.ProgressiveSchedule;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.session.SweepRunner;
import org.rftworkbench.core.util.Progress;
import org.rftworkbench.testutil.TinyProject;

/** The embedded service on a tiny project: progressive previews, the result cache, sweeps, heavy use. */
class EmbeddedComputeServiceTest {
    @TempDir
    static Path shared;
    static Path project;

    @TempDir
    Path dir;

    @BeforeAll
    static void createProject() throws Exception {
        project = TinyProject.create(shared.resolve("p"), TinyProject.CLASSES, 60);
    }

    private EmbeddedComputeService.Settings settings(Path results) {
        return EmbeddedComputeService.Settings.of(results, shared.resolve("tensors"))
                .withDevices(List.of(Device.cpu())).withSchedule(new ProgressiveSchedule(4, 2));
    }

    /** The reference: the plain single-threaded sweep of the headless core. */
    private static SweepResult direct(List<Double> alphas) throws Exception {
        try (InterpolationWorkspace ws = InterpolationWorkspace.open(ProjectStore.load(project), null,
                shared.resolve("tensors"), Progress.NONE)) {
            return SweepRunner.run(ws, alphas, ws.projectOverrides(), null, 16, Progress.NONE);
        }
    }

    private static void assertSameCell(SweepResult.Metrics expected, Estimate actual) {
        assertEquals(expected.n(), actual.n(), actual.dataset());
        assertEquals(expected.top1(), actual.top1(), 0.0, actual.dataset() + " top-1 exactly");
        assertEquals(expected.loss(), actual.loss(), 1e-9, actual.dataset() + " loss");
        assertTrue(actual.exact());
    }

    private static PreviewRequest preview(double alpha) {
        return new PreviewRequest(project.toString(), alpha, null, null);
    }

    @Test
    void progressiveEstimatesGrowAndEndExactlyAtTheFullSetValue() throws Exception {
        List<JobEvent> events = Collections.synchronizedList(new ArrayList<>());
        PreviewResult result;
        try (EmbeddedComputeService service = new EmbeddedComputeService(settings(dir.resolve("results")))) {
            result = service.preview(preview(0.35), Priority.INTERACTIVE, "slider", events::add).result()
                    .get(60, TimeUnit.SECONDS);
        }
        List<JobEvent.Estimates> steps = events.stream().filter(e -> e instanceof JobEvent.Estimates)
                .map(e -> (JobEvent.Estimates) e).toList();
        // 60 images per set, schedule 4, 8, 16, 32, 60
        assertEquals(List.of(4L, 8L, 16L, 32L, 60L), steps.stream().map(s -> s.datasets().get(0).n()).toList());
        for (JobEvent.Estimates s : steps) {
            assertEquals(List.of("id", "ood"), s.datasets().stream().map(Estimate::dataset).toList());
            for (Estimate e : s.datasets()) {
                assertTrue(e.low() <= e.top1() && e.top1() <= e.high(), e.toString());
                assertEquals(e.n() == 60, e.exact());
            }
            assertEquals(s.datasets().get(1).top1(), s.averageOod().top1(), 0.0, "one OOD set: its own value");
        }
        assertTrue(events.get(events.size() - 1) instanceof JobEvent.Finished);
        SweepResult.Point reference = direct(List.of(0.35)).points().get(0);
        JobEvent.Estimates last = steps.get(steps.size() - 1);
        for (Estimate e : last.datasets()) {
            assertSameCell(reference.datasets().get(e.dataset()), e);
            assertEquals(e, result.datasets().get(e.dataset()));
        }
        assertEquals(reference.avgOodTop1(), result.averageOod().top1(), 0.0);
        assertFalse(result.fromCache());
    }

    @Test
    void aRestartedServiceServesPreviewsAndSweepsFromTheCache() throws Exception {
        Path results = dir.resolve("results");
        PreviewResult first;
        try (EmbeddedComputeService service = new EmbeddedComputeService(settings(results))) {
            first = service.preview(preview(0.6), Priority.INTERACTIVE, null, null).result().get(60, TimeUnit.SECONDS);
            assertEquals(List.of(2L), service.cellsEvaluatedPerDevice());
        }
        List<JobEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (EmbeddedComputeService restarted = new EmbeddedComputeService(settings(results))) {
            PreviewResult again = restarted.preview(preview(0.6), Priority.INTERACTIVE, null, events::add).result()
                    .get(60, TimeUnit.SECONDS);
            assertTrue(again.fromCache());
            assertEquals(first.datasets(), again.datasets());
            List<JobEvent> outcome = events.stream().filter(e -> !(e instanceof JobEvent.Progress)).toList();
            assertEquals(2, outcome.size(), "one exact estimate, then finished: " + outcome);
            assertTrue(((JobEvent.Estimates) outcome.get(0)).datasets().stream().allMatch(Estimate::exact));
            SweepResult sweep = restarted.sweep(new SweepRequest(project.toString(), List.of(0.6), null, null, null),
                    Priority.USER, null, null).result().get(60, TimeUnit.SECONDS);
            assertEquals(first.datasets().get("id").top1(), sweep.points().get(0).datasets().get("id").top1(), 0.0);
            assertEquals(List.of(0L), restarted.cellsEvaluatedPerDevice(), "nothing recomputed");
            assertEquals(0, restarted.resultCache().stats().writes());
            assertEquals(4, restarted.resultCache().stats().hits());
        }
    }

    @Test
    void aCorruptedEntryIsDetectedAndRecomputed() throws Exception {
        Path results = dir.resolve("results");
        SweepRequest request = new SweepRequest(project.toString(), List.of(0.5), null, null, null);
        SweepResult clean;
        try (EmbeddedComputeService service = new EmbeddedComputeService(settings(results))) {
            clean = service.sweep(request, Priority.USER, null, null).result().get(60, TimeUnit.SECONDS);
        }
        List<Path> entries;
        try (Stream<Path> files = Files.walk(results)) {
            entries = files.filter(f -> f.toString().endsWith(".rftr")).sorted().toList();
        }
        assertEquals(2, entries.size());
        byte[] bytes = Files.readAllBytes(entries.get(0));
        bytes[bytes.length / 2] ^= 0x20;
        Files.write(entries.get(0), bytes);
        byte[] other = Files.readAllBytes(entries.get(1));
        Files.write(entries.get(1), java.util.Arrays.copyOf(other, other.length / 3));
        try (EmbeddedComputeService service = new EmbeddedComputeService(settings(results))) {
            SweepResult again = service.sweep(request, Priority.USER, null, null).result().get(60, TimeUnit.SECONDS);
            assertEquals(2, service.resultCache().stats().corrupt());
            assertEquals(2, service.resultCache().stats().writes(), "both cells recomputed");
            assertEquals(clean.points(), again.points());
        }
    }

    @Test
    void aServiceSweepEqualsTheDirectSweepAndSplitsCellsAcrossDevices() throws Exception {
        List<Double> alphas = List.of(0.0, 0.5, 1.0);
        SweepResult reference = direct(alphas);
        List<JobEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (EmbeddedComputeService service = new EmbeddedComputeService(settings(dir.resolve("results"))
                .withDevices(List.of(Device.cpu(), Device.cpu())))) {
            SweepResult result = service.sweep(new SweepRequest(project.toString(), alphas, null, null, 16),
                    Priority.USER, null, events::add).result().get(60, TimeUnit.SECONDS);
            assertEquals(6L, service.cellsEvaluatedPerDevice().stream().mapToLong(Long::longValue).sum());
            assertEquals(2, service.info().devices().size());
            for (int i = 0; i < alphas.size(); i++) {
                SweepResult.Point expected = reference.points().get(i);
                SweepResult.Point actual = result.points().get(i);
                assertEquals(expected.alpha(), actual.alpha());
                for (Map.Entry<String, SweepResult.Metrics> e : expected.datasets().entrySet()) {
                    SweepResult.Metrics m = actual.datasets().get(e.getKey());
                    assertEquals(e.getValue().top1(), m.top1(), 0.0);
                    assertEquals(e.getValue().top5(), m.top5(), 0.0);
                    assertEquals(e.getValue().loss(), m.loss(), 1e-12);
                }
            }
            assertEquals(reference.provenance().endpointB(), result.provenance().endpointB());
            assertEquals(reference.provenance().datasets(), result.provenance().datasets());
        }
        assertTrue(events.stream().anyMatch(e -> e instanceof JobEvent.Progress));
    }

    @Test
    void precomputeRunsCoarseFirstInTheBackgroundAndIsSuperseded() throws Exception {
        try (EmbeddedComputeService service = new EmbeddedComputeService(settings(dir.resolve("results")))) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            service.submit("blocker", Priority.USER, null, (d, j) -> {
                started.countDown();
                release.await();
                return null;
            }, null);
            assertTrue(started.await(30, TimeUnit.SECONDS));
            List<Double> grid = List.of(0.0, 0.5, 1.0, 0.25);
            JobHandle<SweepResult> older = service.precompute(project.toString(), grid, null);
            JobHandle<SweepResult> newer = service.precompute(project.toString(), grid, null);
            JobHandle<PreviewResult> slider = service.preview(preview(0.1), Priority.INTERACTIVE, "slider", null);
            assertEquals(Priority.BACKGROUND, newer.priority());
            release.countDown();
            assertThrows(CancellationException.class, () -> older.result().join());
            SweepResult result = newer.result().get(60, TimeUnit.SECONDS);
            assertTrue(slider.result().isDone(), "the interactive preview ran before the background sweep");
            assertEquals(List.of(0.0, 1.0, 0.25, 0.5), result.points().stream().map(SweepResult.Point::alpha)
                    .toList());
        }
    }

    @Test
    void fiveHundredRapidSliderMovesLeaveTheLastAlphaExactAndNoThreads() throws Exception {
        Random random = new Random(5);
        JobHandle<PreviewResult> last = null;
        double lastAlpha = 0;
        List<JobHandle<PreviewResult>> all = new ArrayList<>();
        try (EmbeddedComputeService service = new EmbeddedComputeService(settings(dir.resolve("results")))) {
            for (int i = 0; i < 500; i++) {
                lastAlpha = random.nextInt(1000) / 1000.0;
                last = service.preview(preview(lastAlpha), Priority.INTERACTIVE, "slider", null);
                all.add(last);
            }
            PreviewResult result = last.result().get(60, TimeUnit.SECONDS);
            SweepResult.Point reference = direct(List.of(lastAlpha)).points().get(0);
            for (Estimate e : result.datasets().values()) {
                assertSameCell(reference.datasets().get(e.dataset()), e);
            }
            long cancelled = all.stream().filter(h -> h.result().isCompletedExceptionally()).count();
            assertTrue(cancelled >= 400, "superseded previews were cancelled: " + cancelled);
            assertTrue(all.stream().allMatch(h -> h.result().isDone()));
            assertEquals(0, service.liveJobs());
        }
        assertEquals(List.of(), ServiceThreads.alive());
    }

    @Test
    void lowPrecisionEvaluatesACastCopyUnderItsOwnCacheKeys() throws Exception {
        Path results = dir.resolve("results");
        PreviewResult fp32;
        try (EmbeddedComputeService service = new EmbeddedComputeService(settings(results))) {
            fp32 = service.preview(preview(0.5), Priority.USER, null, null).result().get(60, TimeUnit.SECONDS);
        }
        try (EmbeddedComputeService service = new EmbeddedComputeService(settings(results)
                .withPrecision(Precision.FP16))) {
            assertEquals("fp16", service.info().precision());
            PreviewResult fp16 = service.preview(preview(0.5), Priority.USER, null, null).result()
                    .get(60, TimeUnit.SECONDS);
            assertFalse(fp16.fromCache(), "fp32 cells are not fp16 cells");
            for (Estimate e : fp16.datasets().values()) {
                Estimate reference = fp32.datasets().get(e.dataset());
                assertEquals(reference.n(), e.n());
                // fp16 keeps 11 bits of mantissa: a few borderline predictions may flip, the loss moves slightly
                assertEquals(reference.top1(), e.top1(), 0.1, e.dataset());
                assertEquals(reference.loss(), e.loss(), 0.05 * reference.loss(), e.dataset());
                assertNotEquals(reference.loss(), e.loss(), "the forward pass really ran in fp16");
            }
        }
        try (EmbeddedComputeService service = new EmbeddedComputeService(settings(results)
                .withPrecision(Precision.BF16))) {
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> service.preview(preview(0.5), Priority.USER, null, null).result().get(60, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("bf16 evaluation is not available"), e.getMessage());
        }
    }
}
