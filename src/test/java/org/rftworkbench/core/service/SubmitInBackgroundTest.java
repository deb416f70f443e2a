package org.rftworkbench.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.testutil.FakeComputeService;

/** Submissions return at once, reach the service in call order, and cancel/failure behave as on the real handle. */
class SubmitInBackgroundTest {
    private final FakeComputeService fake = new FakeComputeService();
    private final CountDownLatch network = new CountDownLatch(1);

    /** A service whose submit blocks until the "network" answers, like the remote client. */
    private final ComputeService slow = new ForwardingComputeService() {
        @Override
        protected ComputeService delegate() {
            return fake;
        }

        @Override
        public JobHandle<PreviewResult> preview(PreviewRequest request, Priority priority, String key,
                java.util.function.Consumer<JobEvent> events) {
            try {
                network.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (request.alpha() < 0) {
                throw new IllegalStateException("server said no");
            }
            return super.preview(request, priority, key, events);
        }
    };

    private static PreviewRequest preview(double alpha) {
        return new PreviewRequest("p.json", alpha, List.of(), null);
    }

    @Test
    void returnsAtOnceAndSubmitsInOrderWithCancelForwarded() throws Exception {
        SubmitInBackground service = new SubmitInBackground(slow);
        JobHandle<PreviewResult> first = service.preview(preview(0.1), Priority.INTERACTIVE, "k", e -> { });
        JobHandle<PreviewResult> second = service.preview(preview(0.2), Priority.INTERACTIVE, "k", e -> { });
        assertTrue(fake.previews.isEmpty(), "nothing reached the service yet: the calls did not wait for it");
        first.cancel(); // before the real job exists
        network.countDown();
        waitFor(() -> fake.previews.size() == 2);
        assertEquals(0.1, ((PreviewRequest) fake.previews.get(0).request()).alpha());
        assertEquals(0.2, ((PreviewRequest) fake.previews.get(1).request()).alpha());
        waitFor(() -> fake.previews.get(0).cancelled);
        PreviewResult result = new PreviewResult(0.2, java.util.Map.of(), null, false);
        fake.previews.get(1).finish(result);
        assertEquals(result, second.result().get(10, TimeUnit.SECONDS));
        service.close();
        assertTrue(fake.closed);
    }

    @Test
    void aFailedSubmissionFailsTheHandleAndPublishesFailed() throws Exception {
        SubmitInBackground service = new SubmitInBackground(slow);
        List<JobEvent> events = new CopyOnWriteArrayList<>();
        network.countDown();
        JobHandle<PreviewResult> job = service.preview(preview(-1), Priority.INTERACTIVE, null, events::add);
        ExecutionException e = assertThrows(ExecutionException.class, () -> job.result().get(10, TimeUnit.SECONDS));
        assertEquals("server said no", e.getCause().getMessage());
        assertInstanceOf(JobEvent.Failed.class, events.get(0));
        JobHandle<SweepResult> sweep = service.sweep(new SweepRequest("p.json", List.of(0.0), null, null, null),
                Priority.USER, null, x -> { });
        waitFor(() -> fake.sweeps.size() == 1);
        assertEquals(Priority.USER, sweep.priority());
        service.close();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
