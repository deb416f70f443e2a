package org.rftworkbench.core.service.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.core.service.estimate.ProgressiveSchedule;
import org.rftworkbench.testutil.TinyProject;

/**
 * The first job on a project whose datasets are not prepared yet reports the preparation as it goes (images done of
 * all, in the unit "images"), so the console and the jobs panel can show a rate and the time left; a preview then
 * reports the images it has evaluated after each step. A prepared dataset is not reported again.
 */
class PreparationProgressTest {
    private static final int IMAGES = 250;

    @TempDir
    static Path shared;
    static Path project;

    @TempDir
    Path dir;

    @BeforeAll
    static void createProject() throws Exception {
        project = TinyProject.create(shared.resolve("p"), TinyProject.CLASSES, IMAGES);
    }

    private EmbeddedComputeService service(Path tensors) {
        return new EmbeddedComputeService(EmbeddedComputeService.Settings.of(dir.resolve("results"), tensors)
                .withDevices(List.of(Device.cpu())).withSchedule(new ProgressiveSchedule(64, 4)));
    }

    private static List<JobEvent.Progress> progress(List<JobEvent> events, String task) {
        return events.stream().filter(e -> e instanceof JobEvent.Progress p && p.task().equals(task))
                .map(e -> (JobEvent.Progress) e).toList();
    }

    private static void assertPrepared(List<JobEvent> events, String dataset) {
        List<JobEvent.Progress> prepare = progress(events, "prepare " + dataset);
        assertTrue(prepare.size() >= 3, "a start, counts on the way and the end: " + prepare);
        assertEquals(0, prepare.get(0).done());
        assertEquals(IMAGES, prepare.get(prepare.size() - 1).done());
        for (JobEvent.Progress p : prepare) {
            assertEquals(IMAGES, p.total());
            assertEquals("images", p.unit());
            assertTrue(p.done() >= 0 && p.done() <= IMAGES, p.toString());
        }
        assertTrue(prepare.stream().anyMatch(p -> p.done() > 0 && p.done() < IMAGES), "counts between: " + prepare);
    }

    @Test
    void aFirstPreviewReportsPreparationThenEvaluationInImages() throws Exception {
        List<JobEvent> events = Collections.synchronizedList(new ArrayList<>());
        Path tensors = dir.resolve("tensors");
        try (EmbeddedComputeService service = service(tensors)) {
            service.preview(new PreviewRequest(project.toString(), 0.35, null, null), Priority.INTERACTIVE, null,
                    events::add).result().get(120, TimeUnit.SECONDS);
        }
        assertPrepared(events, "id");
        assertPrepared(events, "ood");
        List<JobEvent.Progress> load = events.stream().filter(e -> e instanceof JobEvent.Progress p
                && p.task().startsWith("load ")).map(e -> (JobEvent.Progress) e).toList();
        assertTrue(!load.isEmpty() && load.stream().allMatch(p -> "tensors".equals(p.unit())), load.toString());
        // steps of 64, 256 (capped at 250) images per set: 0, 128, 500 of 500
        List<JobEvent.Progress> evaluate = progress(events, "evaluate alpha 0.35");
        assertEquals(List.of(0L, 128L, 500L), evaluate.stream().map(JobEvent.Progress::done).toList());
        assertTrue(evaluate.stream().allMatch(p -> p.total() == 2L * IMAGES && "images".equals(p.unit())));
        int lastPrepare = events.indexOf(progress(events, "prepare ood").get(progress(events, "prepare ood").size() - 1));
        assertTrue(lastPrepare < events.indexOf(evaluate.get(0)), "preparation comes first");

        List<JobEvent> again = Collections.synchronizedList(new ArrayList<>());
        try (EmbeddedComputeService restarted = service(tensors)) {
            restarted.preview(new PreviewRequest(project.toString(), 0.4, null, null), Priority.INTERACTIVE, null,
                    again::add).result().get(120, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), progress(again, "prepare id"), "prepared once, opened from the tensor cache after");
    }

    @Test
    void aFirstSweepReportsPreparationToo() throws Exception {
        List<JobEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (EmbeddedComputeService service = service(dir.resolve("fresh-tensors"))) {
            service.sweep(new SweepRequest(project.toString(), List.of(0.0), List.of(), null, null), Priority.USER,
                    null, events::add).result().get(120, TimeUnit.SECONDS);
        }
        assertPrepared(events, "id");
        assertPrepared(events, "ood");
        List<JobEvent.Progress> cells = events.stream().filter(e -> e instanceof JobEvent.Progress p
                && p.task().startsWith("alpha ")).map(e -> (JobEvent.Progress) e).toList();
        assertTrue(!cells.isEmpty() && cells.stream().allMatch(p -> "images".equals(p.unit())), cells.toString());
        assertEquals(2L * IMAGES, cells.get(cells.size() - 1).done());
    }
}
