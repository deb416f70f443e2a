package org.rftworkbench.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.testutil.FakeComputeService;

/** Latest wins: only the newest job's events and outcome reach the callbacks, and a new job cancels the old one. */
class LatestJobTest {
    /** An FX thread stand-in: commands wait until the test runs them, as Platform.runLater's would. */
    private final Queue<Runnable> fxQueue = new ArrayDeque<>();
    private final Executor fx = fxQueue::add;
    private final FakeComputeService service = new FakeComputeService();
    private final List<String> seen = new ArrayList<>();
    private LatestJob<SweepResult> slot;

    @BeforeEach
    void setUp() {
        slot = new LatestJob<>(fx, "the-key");
    }

    private void runFx() {
        Runnable r;
        while ((r = fxQueue.poll()) != null) {
            r.run();
        }
    }

    private FakeComputeService.Job<SweepResult> submit(String name) {
        slot.submit((key, events) -> service.sweep(new SweepRequest("p", List.of(0.5), null, null, null),
                Priority.USER, key, events), LatestJob.Callbacks.<SweepResult>onResult(r -> seen.add(name + " result"))
                .onEvent(e -> seen.add(name + " " + e.getClass().getSimpleName()))
                .onFailure(t -> seen.add(name + " failed " + t.getClass().getSimpleName())));
        return service.sweeps.get(service.sweeps.size() - 1);
    }

    private static SweepResult sweep() {
        return new SweepResult("t", "v", "now", null, List.of());
    }

    @Test
    void aNewJobCancelsThePreviousOneWithTheSlotsKey() {
        FakeComputeService.Job<SweepResult> first = submit("first");
        assertEquals("the-key", first.key);
        FakeComputeService.Job<SweepResult> second = submit("second");
        assertTrue(first.cancelled, "the previous job must be cancelled");
        assertFalse(second.cancelled);
        assertTrue(slot.isRunning());
        runFx();
        assertEquals(List.of(), seen, "the superseded job's cancellation is not reported");
    }

    @Test
    void staleEventsAndResultsAreDropped() {
        FakeComputeService.Job<SweepResult> first = submit("first");
        first.events.accept(new JobEvent.Progress(first.id(), "t", 1, 2));
        FakeComputeService.Job<SweepResult> second = submit("second");
        // the first job's result was already on its way to the FX thread when the second was submitted
        first.events.accept(new JobEvent.Progress(first.id(), "t", 1, 2));
        second.events.accept(new JobEvent.Progress(second.id(), "t", 1, 2));
        second.finish(sweep());
        runFx();
        assertEquals(List.of("second Progress", "second Finished", "second result"), seen);
        assertFalse(slot.isRunning());
    }

    @Test
    void aResultCompletedBeforeTheNextSubmitButDeliveredAfterItIsDropped() {
        FakeComputeService.Job<SweepResult> first = submit("first");
        first.finish(sweep()); // completes on a service thread; the FX thread has not run it yet
        submit("second");
        runFx();
        assertEquals(List.of(), seen);
        assertTrue(slot.isRunning(), "the second job is still running");
    }

    @Test
    void cancelReportsTheCancellationOfTheNewestJob() {
        FakeComputeService.Job<SweepResult> job = submit("only");
        slot.cancel();
        runFx();
        assertTrue(job.cancelled);
        assertEquals(List.of("only Cancelled", "only failed CancellationException"), seen);
        assertFalse(slot.isRunning());
    }

    @Test
    void discardCancelsAndSilences() {
        FakeComputeService.Job<SweepResult> job = submit("only");
        slot.discard();
        runFx();
        assertTrue(job.cancelled);
        assertEquals(List.of(), seen);
        assertFalse(slot.isRunning());
    }

    @Test
    void failuresArriveUnwrapped() {
        FakeComputeService.Job<SweepResult> job = submit("only");
        job.result().completeExceptionally(new java.util.concurrent.CompletionException(new RftException("bad")));
        runFx();
        assertEquals(List.of("only failed RftException"), seen);
    }

    @Test
    void prepareRunsWhereTheJobCompletesAndOnlyForTheNewest() {
        List<String> preparedOn = new ArrayList<>();
        List<Integer> delivered = new ArrayList<>();
        LatestJob<Integer> sized = new LatestJob<>(fx, null);
        sized.submit((key, events) -> service.sweep(new SweepRequest("p", List.of(0.5), null, null, null),
                Priority.USER, key, events), r -> {
                    preparedOn.add(Thread.currentThread().getName());
                    return r.points().size();
                }, LatestJob.Callbacks.onResult(delivered::add));
        FakeComputeService.Job<SweepResult> job = service.sweeps.get(0);
        Thread worker = new Thread(() -> job.finish(sweep()), "service-thread");
        worker.start();
        assertTrue(join(worker));
        assertEquals(List.of("service-thread"), preparedOn, "prepare runs off the FX thread");
        assertEquals(List.of(), delivered, "delivery waits for the FX thread");
        runFx();
        assertEquals(List.of(0), delivered);
    }

    @Test
    void cancelledFromTheJobsPanelIsStillReported() {
        FakeComputeService.Job<SweepResult> job = submit("only");
        job.cancel(); // the user cancels it elsewhere: it is still this slot's newest job
        runFx();
        assertEquals("only failed CancellationException", seen.get(seen.size() - 1));
        assertInstanceOf(CancellationException.class, job.result().handle((r, t) -> t).join());
    }

    private static boolean join(Thread t) {
        try {
            t.join(5000);
            return !t.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
