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
    private long now;

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
        now = 10_000_000_000L; // 10 s after start
        events.accept(new JobEvent.Progress("s0", "alpha 0.0 id", 25, 100));
        assertEquals(0.25, row.progressProperty().get());
        assertEquals("30 s left", row.timeLeftProperty().get());
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
