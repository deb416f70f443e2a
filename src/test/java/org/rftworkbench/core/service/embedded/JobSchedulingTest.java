package org.rftworkbench.core.service.embedded;

import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.Priority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.RftException;

/** Scheduling of the embedded service with custom device work: priorities, latest wins, events, shutdown. */
class JobSchedulingTest {
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

    /** Occupies the single device until released. */
    private CountDownLatch block(CountDownLatch release) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        service.submit("blocker", Priority.USER, null, (d, j) -> {
            started.countDown();
            release.await();
            return null;
        }, null);
        assertTrue(started.await(30, TimeUnit.SECONDS));
        return started;
    }

    @Test
    void queuedJobsStartByPriorityThenFifo() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        block(release);
        List<String> startOrder = Collections.synchronizedList(new ArrayList<>());
        List<JobHandle<String>> jobs = new ArrayList<>();
        String[][] submissions = {{"b1", "BACKGROUND"}, {"u1", "USER"}, {"i1", "INTERACTIVE"}, {"u2", "USER"},
            {"i2", "INTERACTIVE"}, {"b2", "BACKGROUND"}};
        for (String[] s : submissions) {
            jobs.add(service.submit(s[0], Priority.valueOf(s[1]), null, (d, j) -> {
                startOrder.add(s[0]);
                return s[0];
            }, null));
        }
        release.countDown();
        for (JobHandle<String> j : jobs) {
            j.result().get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of("i1", "i2", "u1", "u2", "b1", "b2"), startOrder);
    }

    @Test
    void aNewerJobWithTheSameKeyRemovesTheQueuedOne() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        block(release);
        List<JobEvent> firstEvents = Collections.synchronizedList(new ArrayList<>());
        JobHandle<String> first = service.submit("first", Priority.INTERACTIVE, "slider", (d, j) -> "first",
                firstEvents::add);
        JobHandle<String> second = service.submit("second", Priority.INTERACTIVE, "slider", (d, j) -> "second",
                null);
        JobHandle<String> other = service.submit("other key", Priority.INTERACTIVE, "other", (d, j) -> "other", null);
        release.countDown();
        assertEquals("second", second.result().get(30, TimeUnit.SECONDS));
        assertEquals("other", other.result().get(30, TimeUnit.SECONDS));
        assertThrows(CancellationException.class, () -> first.result().join());
        assertEquals(List.of(new JobEvent.Cancelled(first.id())), firstEvents);
    }

    @Test
    void aNewerJobWithTheSameKeyStopsTheRunningOneAtItsNextBatch() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        List<JobEvent> events = Collections.synchronizedList(new ArrayList<>());
        JobHandle<Integer> old = service.submit("old", Priority.INTERACTIVE, "slider", (d, j) -> {
            for (int batch = 0; ; batch++) {
                j.progress().checkCancelled(); // what the evaluator does before each batch
                j.publish(new JobEvent.Progress(j.id(), "batch", batch, -1));
                running.countDown();
                Thread.sleep(2);
            }
        }, events::add);
        assertTrue(running.await(30, TimeUnit.SECONDS));
        JobHandle<String> newer = service.submit("new", Priority.INTERACTIVE, "slider", (d, j) -> "new", null);
        assertEquals("new", newer.result().get(30, TimeUnit.SECONDS));
        assertThrows(CancellationException.class, () -> old.result().join());
        assertTrue(events.size() >= 2);
        assertEquals(new JobEvent.Cancelled(old.id()), events.get(events.size() - 1), "the terminal event is last");
        assertEquals(1, events.stream().filter(e -> e instanceof JobEvent.Cancelled).count());
        for (int i = 0; i < events.size() - 1; i++) {
            assertEquals(i, ((JobEvent.Progress) events.get(i)).done(), "events arrive in order");
        }
    }

    @Test
    void eventsArriveInOrderAndTheFutureCompletesAfterTheTerminalEvent() throws Exception {
        List<JobEvent> events = Collections.synchronizedList(new ArrayList<>());
        JobHandle<String> job = service.submit("count", Priority.USER, null, (d, j) -> {
            for (int i = 0; i < 100; i++) {
                j.progress().update("count", i, 100);
            }
            return "done";
        }, events::add);
        assertEquals("done", job.result().get(30, TimeUnit.SECONDS));
        assertEquals(101, events.size(), "every event was delivered before the future completed");
        for (int i = 0; i < 100; i++) {
            assertEquals(new JobEvent.Progress(job.id(), "count", i, 100), events.get(i));
        }
        assertEquals(new JobEvent.Finished(job.id()), events.get(100));
        assertEquals(0, service.liveJobs());
    }

    @Test
    void aFailureIsOneTerminalEventAndTheFutureCarriesTheError() throws Exception {
        List<JobEvent> events = Collections.synchronizedList(new ArrayList<>());
        JobHandle<String> job = service.submit("fails", Priority.USER, null, (d, j) -> {
            throw new RftException("/p/b.safetensors: checkpoint not found");
        }, events::add);
        ExecutionException e = assertThrows(ExecutionException.class, () -> job.result().get(30, TimeUnit.SECONDS));
        assertInstanceOf(RftException.class, e.getCause());
        assertEquals(1, events.size());
        JobEvent.Failed failed = (JobEvent.Failed) events.get(0);
        assertEquals("/p/b.safetensors: checkpoint not found", failed.message());
        assertTrue(failed.detail().contains("RftException"));
        assertEquals("after a failure the device takes the next job", service.submit("next", Priority.USER, null,
                (d, j) -> "after a failure the device takes the next job", null).result().get(30, TimeUnit.SECONDS));
    }

    @Test
    void cancellingTheHandleOrTheFutureCancelsTheJob() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        block(release);
        JobHandle<String> a = service.submit("a", Priority.USER, null, (d, j) -> "a", null);
        JobHandle<String> b = service.submit("b", Priority.USER, null, (d, j) -> "b", null);
        a.cancel();
        a.cancel();
        b.result().cancel(false);
        release.countDown();
        assertThrows(CancellationException.class, () -> a.result().join());
        assertThrows(CancellationException.class, () -> b.result().join());
        assertEquals("c", service.submit("c", Priority.USER, null, (d, j) -> "c", null).result()
                .get(30, TimeUnit.SECONDS));
    }

    @Test
    void closeCancelsRunningAndQueuedJobsAndStopsEveryThread() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        JobHandle<Object> busy = service.submit("busy", Priority.USER, null, (d, j) -> {
            running.countDown();
            while (!j.isCancelled()) {
                Thread.sleep(1);
            }
            j.progress().checkCancelled();
            return null;
        }, null);
        JobHandle<String> queued = service.submit("queued", Priority.USER, null, (d, j) -> "never", null);
        assertTrue(running.await(30, TimeUnit.SECONDS));
        service.close();
        assertTrue(busy.result().isCompletedExceptionally());
        assertTrue(queued.result().isCompletedExceptionally());
        assertEquals(List.of(), ServiceThreads.alive());
        assertThrows(IllegalStateException.class, () -> service.submit("late", Priority.USER, null,
                (d, j) -> "late", null));
    }

    @Test
    void theQueueHandsTheUnitsOfOneJobToSeveralDevicesButAHigherPriorityJobFirst() throws Exception {
        JobQueue queue = new JobQueue();
        EventDispatcher events = new EventDispatcher();
        Job.Owner owner = new Job.Owner() {
            @Override
            public void dequeue(Job<?> job) {
                queue.remove(job);
            }

            @Override
            public void ended(Job<?> job) {
            }
        };
        Job<Void> sweep = new Job<>("s", null, "sweep", Priority.BACKGROUND, null, 1, units(3), null, events, owner);
        Job<Void> preview = new Job<>("p", null, "preview", Priority.INTERACTIVE, null, 2, units(1), null, events,
                owner);
        queue.add(sweep);
        assertEquals(new JobQueue.Claim(sweep, 0), queue.take(), "device 0");
        assertEquals(new JobQueue.Claim(sweep, 1), queue.take(), "device 1 shares the sweep");
        queue.add(preview);
        assertEquals(new JobQueue.Claim(preview, 0), queue.take(), "the preview overtakes the rest of the sweep");
        assertEquals(new JobQueue.Claim(sweep, 2), queue.take());
        assertEquals(0, queue.size());
        queue.close();
        assertEquals(null, queue.take());
        events.shutdown();
    }

    private static Job.Units<Void> units(int count) {
        return new Job.Units<>() {
            @Override
            public int count() {
                return count;
            }

            @Override
            public void run(int unit, DeviceContext device, JobContext job) {
            }

            @Override
            public Void finish(DeviceContext device, JobContext job) {
                return null;
            }
        };
    }
}
