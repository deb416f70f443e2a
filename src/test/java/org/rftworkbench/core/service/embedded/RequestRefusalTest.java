package org.rftworkbench.core.service.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.service.InvalidRequestException;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SharpnessRequest;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.core.sharpness.SharpnessSettings;

/**
 * The embedded service (the app's path) validates every request on submit: an invalid one fails at once with the
 * field named, is never queued and does not supersede the job with its key.
 */
class RequestRefusalTest {
    @TempDir
    Path dir;

    private EmbeddedComputeService service;

    @BeforeEach
    void start() {
        service = new EmbeddedComputeService(EmbeddedComputeService.Settings.of(dir.resolve("results"),
                dir.resolve("tensors")).withDevices(List.of(Device.cpu())));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void invalidRequestsFailOnSubmitNamingTheField() throws Exception {
        List<JobEvent> events = new CopyOnWriteArrayList<>();
        JobHandle<?> sweep = service.sweep(new SweepRequest("p.json", List.of(0.5, Double.NaN), null, null, 16),
                Priority.USER, null, events::add);
        ExecutionException e = assertThrows(ExecutionException.class, () -> sweep.result().get(10, TimeUnit.SECONDS));
        InvalidRequestException invalid = assertInstanceOf(InvalidRequestException.class, e.getCause());
        assertEquals("alphas[1]", invalid.field());
        waitFor(() -> !events.isEmpty());
        assertEquals(1, events.size(), events.toString());
        JobEvent.Failed failed = assertInstanceOf(JobEvent.Failed.class, events.get(0));
        assertTrue(failed.message().startsWith("alphas[1]: must be a finite number"), failed.message());

        assertField("batchSize", service.sweep(new SweepRequest("p.json", List.of(0.5), null, null, 1_000_000),
                Priority.USER, null, null));
        assertField("alpha", service.preview(new PreviewRequest("p.json", 1e308, null, null), Priority.INTERACTIVE,
                null, null));
        assertField("settings.rho", service.analyze(new SharpnessRequest("p.json", List.of(0.5),
                SharpnessSettings.defaults().withRho(0), null), Priority.USER, null, null));
        assertEquals(List.of(0L), service.cellsEvaluatedPerDevice());
        waitFor(() -> service.liveJobs() == 0);
    }

    @Test
    void anInvalidRequestDoesNotCancelTheJobWithItsKey() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        JobHandle<String> running = service.submit("slow", Priority.INTERACTIVE, "slider", (d, j) -> {
            release.await();
            return "done";
        }, null);
        assertField("alpha", service.preview(new PreviewRequest("p.json", Double.NaN, null, null),
                Priority.INTERACTIVE, "slider", null));
        assertFalse(running.result().isDone());
        release.countDown();
        assertEquals("done", running.result().get(10, TimeUnit.SECONDS));
    }

    private static void assertField(String field, JobHandle<?> job) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> job.result().get(10, TimeUnit.SECONDS));
        assertEquals(field, assertInstanceOf(InvalidRequestException.class, e.getCause()).field());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean());
    }
}
