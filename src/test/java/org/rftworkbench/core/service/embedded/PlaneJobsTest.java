package org.rftworkbench.core.service.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.eval.PlaneResult;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.service.InvalidRequestException;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.PlaneOffset;
import org.rftworkbench.core.service.PlaneRequest;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.PreviewResult;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SweepRequest;

/**
 * Plane jobs on the pool sample through the embedded service: cells arrive coarse to fine as events, the u axis
 * (v = 0) is the interpolation line's own cells, a rerun computes nothing, a plane preview ends at the plane cell's
 * exact value, and requests that cannot make a plane are refused naming the field.
 */
class PlaneJobsTest {
    private static final String POOL = Path.of("sample-projects/fashion-clip-pool/project.json").toString();
    private static final List<String> DATASETS = List.of("id_clean", "ood_blur");

    @TempDir
    Path dir;

    @Test
    void planeFillsCoarseToFineSharesTheLinesCellsAndResumes() throws Exception {
        List<Double> grid = List.of(0.0, 0.5, 1.0);
        PlaneRequest request = new PlaneRequest(POOL, "lr5e-3", "lr5e-3-aug", grid, grid, DATASETS, null, false);
        try (EmbeddedComputeService service = service()) {
            List<JobEvent> events = Collections.synchronizedList(new ArrayList<>());
            PlaneResult plane = service.analyze(request, Priority.USER, null, events::add).result()
                    .get(5, TimeUnit.MINUTES);
            assertTrue(plane.isComplete());
            assertEquals(grid, plane.us());
            List<PlaneResult.Cell> arrived = events.stream().filter(e -> e instanceof JobEvent.PlaneCell)
                    .map(e -> ((JobEvent.PlaneCell) e).cell()).toList();
            assertEquals(9, arrived.size());
            // the four corners first: a coarse picture of the whole plane before any midpoint
            for (PlaneResult.Cell c : arrived.subList(0, 4)) {
                assertTrue((c.u() == 0 || c.u() == 1) && (c.v() == 0 || c.v() == 1), c.toString());
            }
            assertEquals(cacheUse(events), List.of(18, 0));
            assertNotNull(plane.provenance().endpointB2());
            assertEquals("lr5e-3-aug", plane.provenance().endpointB2().label());

            // the line of B1 is the plane's u axis: a sweep reads every cell from the plane's cache entries
            List<JobEvent> sweepEvents = Collections.synchronizedList(new ArrayList<>());
            SweepResult line = service.sweep(new SweepRequest(POOL, grid, List.of(), DATASETS, null, false,
                    "lr5e-3"), Priority.USER, null, sweepEvents::add).result().get(5, TimeUnit.MINUTES);
            assertEquals(cacheUse(sweepEvents), List.of(0, 6));
            for (SweepResult.Point p : line.points()) {
                PlaneResult.Cell c = plane.cell(p.alpha(), 0.0).orElseThrow();
                assertEquals(p.datasets(), c.datasets());
            }

            List<JobEvent> again = Collections.synchronizedList(new ArrayList<>());
            PlaneResult rerun = service.analyze(request, Priority.USER, null, again::add).result()
                    .get(5, TimeUnit.MINUTES);
            assertEquals(cacheUse(again), List.of(0, 18));
            assertEquals(plane.cells(), rerun.cells());

            // a preview at a plane point ends at the plane's exact cell
            PreviewResult preview = service.preview(new PreviewRequest(POOL, 0.5, List.of(), DATASETS, false,
                    "lr5e-3", new PlaneOffset("lr5e-3-aug", 0.5)), Priority.USER, null, e -> { })
                    .result().get(5, TimeUnit.MINUTES);
            PlaneResult.Cell mid = plane.cell(0.5, 0.5).orElseThrow();
            assertEquals(mid.datasets().get("id_clean").top1(), preview.datasets().get("id_clean").top1());
            assertTrue(preview.fromCache());
        }
    }

    @Test
    void previewOffTheLineComputesWhatThePlaneReads() throws Exception {
        try (EmbeddedComputeService service = service()) {
            PreviewResult preview = service.preview(new PreviewRequest(POOL, 0.3, List.of(), DATASETS, false,
                    "lr5e-3", new PlaneOffset("lr5e-3-aug", 0.6)), Priority.USER, null, e -> { })
                    .result().get(5, TimeUnit.MINUTES);
            assertTrue(!preview.fromCache());
            List<JobEvent> events = Collections.synchronizedList(new ArrayList<>());
            PlaneResult plane = service.analyze(new PlaneRequest(POOL, "lr5e-3", "lr5e-3-aug", List.of(0.3),
                    List.of(0.6), DATASETS, null, false), Priority.USER, null, events::add).result()
                    .get(5, TimeUnit.MINUTES);
            assertEquals(cacheUse(events), List.of(0, 2));
            assertEquals(preview.datasets().get("ood_blur").top1(),
                    plane.cells().get(0).datasets().get("ood_blur").top1());
        }
    }

    @Test
    void aPlaneNeedsTwoDifferentKnownRuns() throws Exception {
        try (EmbeddedComputeService service = service()) {
            for (PlaneRequest bad : List.of(
                    new PlaneRequest(POOL, "lr5e-3", null, List.of(0.0), List.of(0.0), null, null, false),
                    new PlaneRequest(POOL, "lr5e-3", "lr5e-3", List.of(0.0), List.of(0.0), null, null, false),
                    new PlaneRequest(POOL, "lr5e-3", "lr5e-3-aug", List.of(), List.of(0.0), null, null, false))) {
                ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        () -> service.analyze(bad, Priority.USER, null, x -> { }).result().get(1, TimeUnit.MINUTES));
                InvalidRequestException invalid = assertInstanceOf(InvalidRequestException.class, e.getCause());
                assertTrue(invalid.getMessage().startsWith("run2") || invalid.getMessage().startsWith("us"),
                        invalid.getMessage());
            }
            ExecutionException unknown = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> service.analyze(new PlaneRequest(POOL, "lr5e-3", "nope", List.of(0.0), List.of(1.0),
                            DATASETS, null, false), Priority.USER, null, x -> { }).result().get(5, TimeUnit.MINUTES));
            assertTrue(unknown.getCause().getMessage().contains("no run labelled 'nope'"),
                    unknown.getCause().getMessage());
        }
    }

    private static List<Integer> cacheUse(List<JobEvent> events) {
        JobEvent.CacheUse use = events.stream().filter(e -> e instanceof JobEvent.CacheUse)
                .map(e -> (JobEvent.CacheUse) e).findFirst().orElseThrow();
        return List.of(use.computed(), use.fromCache());
    }

    private EmbeddedComputeService service() {
        return new EmbeddedComputeService(EmbeddedComputeService.Settings.of(dir.resolve("results"),
                dir.resolve("tensors")));
    }
}
