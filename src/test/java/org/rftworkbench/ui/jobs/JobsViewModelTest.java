package org.rftworkbench.ui.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.testutil.FakeComputeService;
import org.rftworkbench.ui.common.FxThread;

class JobsViewModelTest {
    private static final long S = 1_000_000_000L;
    private long now;

    /**
     * The panel once said "0 s left" for a preview still running 70 s after it opened a real-size project: the time
     * left came from the job's age and the fraction of its last task (checkpoint loading, done), and nothing updated
     * it while the preview evaluated. Now it is the current task's measured rate, counted down, or nothing.
     */
    @Test
    void aFinishedTaskOrALateUpdateShowsNoTimeLeftAndTheFirstPreparationShowsItsRate() {
        JobsViewModel jobs = new JobsViewModel(FxThread.INLINE, () -> now);
        FakeComputeService fake = new FakeComputeService();
        TrackingComputeService service = new TrackingComputeService(fake, jobs);
        service.preview(new PreviewRequest("p.json", 0.5, List.of(), null),
                org.rftworkbench.core.service.Priority.INTERACTIVE, "alpha-preview", e -> { });
        JobRow row = jobs.rows().get(0);
        Consumer<JobEvent> events = fake.previews.get(0).events;
        now = 2 * S;
        events.accept(new JobEvent.Progress("p0", "load a.safetensors", 0, 150, "tensors"));
        now = 4 * S;
        events.accept(new JobEvent.Progress("p0", "load a.safetensors", 150, 150, "tensors"));
        assertEquals("", row.timeLeftProperty().get(), "a finished task has nothing left to wait for");
        assertEquals("load a.safetensors: 150/150 tensors", row.taskProperty().get());

        now = 5 * S;
        events.accept(new JobEvent.Progress("p0", "prepare imagenet_val", 0, 50_000, "images"));
        now = 10 * S;
        events.accept(new JobEvent.Progress("p0", "prepare imagenet_val", 1_310, 50_000, "images"));
        assertEquals("prepare imagenet_val: 1,310/50,000 images, 262 images/s", row.taskProperty().get());
        assertEquals("3 min 6 s left", row.timeLeftProperty().get());
        assertEquals(1_310 / 50_000.0, row.progressProperty().get(), 1e-12);
        now = 70 * S;
        jobs.tick();
        assertEquals("2 min 6 s left", row.timeLeftProperty().get(), "counted down between updates");
        now = 200 * S; // the next update is overdue: the old figure would now be wrong
        jobs.tick();
        assertEquals("", row.timeLeftProperty().get());
        assertEquals("running", row.statusProperty().get());

        events.accept(new JobEvent.Progress("p0", "prepare imagenet_val", 50_000, 50_000, "images"));
        now = 260 * S; // evaluating: estimates arrive, no "0 s left" from the finished preparation
        events.accept(new JobEvent.Estimates("p0", 0.5, List.of(), null));
        jobs.tick();
        assertEquals("", row.timeLeftProperty().get());
    }

    @Test
    void tracksProgressTimeLeftCancelAndNotifies() {
        JobsViewModel jobs = new JobsViewModel(FxThread.INLINE, () -> now);
        List<String> notes = new ArrayList<>();
        jobs.setNotifier(notes::add);
        FakeComputeService fake = new FakeComputeService();
        TrackingComputeService service = new TrackingComputeService(fake, jobs);
        service.sweep(new SweepRequest("p.json", List.of(0.0, 1.0), List.of(), null, null),
                org.rftworkbench.core.service.Priority.USER, null, e -> { });
        JobRow row = jobs.rows().get(0);
        Consumer<JobEvent> events = fake.sweeps.get(0).events;
        now = 10 * S; // 10 s after the job was submitted: it may have waited in the queue, so that says nothing
        events.accept(new JobEvent.Progress("s0", "alpha 0.0 id", 0, 100, "images"));
        assertEquals("", row.timeLeftProperty().get(), "no rate measured yet");
        now = 15 * S;
        events.accept(new JobEvent.Progress("s0", "alpha 0.0 id", 25, 100, "images"));
        assertEquals(0.25, row.progressProperty().get());
        assertEquals("running", row.statusProperty().get());
        assertEquals("alpha 0.0 id: 25/100 images, 5.0 images/s", row.taskProperty().get());
        assertEquals("15 s left", row.timeLeftProperty().get(), "75 images at the measured 5 images/s");
        service.preview(new PreviewRequest("p.json", 0.5, List.of(), null),
                org.rftworkbench.core.service.Priority.INTERACTIVE, "alpha-preview", e -> { });
        assertEquals(1, jobs.runningUserJobs(), "the user's sweep counts, a preview does not");
        fake.sweeps.get(0).finish(null);
        assertEquals("finished", row.statusProperty().get());
        assertEquals(0, jobs.runningUserJobs());
        assertEquals(List.of("finished: sweep 2 alphas"), notes);

        service.sweep(new SweepRequest("p.json", List.of(0.5), List.of(), null, null),
                org.rftworkbench.core.service.Priority.USER, null, e -> { });
        jobs.cancel(jobs.rows().get(0));
        assertEquals("cancelled", jobs.rows().get(0).statusProperty().get());
        assertTrue(fake.sweeps.get(1).cancelled);
    }

    @Test
    void onlyTheNewestPreviewIsListed() {
        JobsViewModel jobs = new JobsViewModel(FxThread.INLINE, () -> now);
        TrackingComputeService service = new TrackingComputeService(new FakeComputeService(), jobs);
        for (int i = 0; i < 30; i++) {
            service.preview(new PreviewRequest("p.json", i / 30.0, List.of(), null),
                    org.rftworkbench.core.service.Priority.INTERACTIVE, "alpha-preview", e -> { });
        }
        assertEquals(1, jobs.rows().size());
    }

    @Test
    void finishedBackgroundJobsLeaveTheListButFailedOnesStay() {
        JobsViewModel jobs = new JobsViewModel(FxThread.INLINE, () -> now);
        FakeComputeService fake = new FakeComputeService();
        TrackingComputeService service = new TrackingComputeService(fake, jobs);
        for (int i = 0; i < 3; i++) {
            service.sweep(new SweepRequest("p.json", List.of(i / 2.0), List.of(), null, null),
                    org.rftworkbench.core.service.Priority.BACKGROUND, null, e -> { });
        }
        assertEquals(3, jobs.rows().size(), "running background work is shown");
        fake.sweeps.get(0).finish(null);
        fake.sweeps.get(1).events.accept(new JobEvent.Failed("s1", "disk full", null));
        assertEquals(2, jobs.rows().size());
        assertTrue(jobs.rows().stream().anyMatch(r -> r.statusProperty().get().equals("failed: disk full")));
    }
}
