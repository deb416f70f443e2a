package org.rftworkbench.core.sharpness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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

/** The heatmap sweep: cells, tidy rows, resumable cell store, cancellation, weights left at theta(last alpha). */
class SharpnessHeatmapTest {
    private static final List<Double> ALPHAS = List.of(0.0, 1.0);
    @TempDir
    static Path dir;
    static InterpolationWorkspace ws;
    static SharpnessMeter meter;

    @BeforeAll
    static void open() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        ws = InterpolationWorkspace.open(ProjectStore.load(project), List.of("id"), dir.resolve("cache"),
                Progress.NONE);
        SharpnessSettings s = SharpnessSettings.defaults().withData(8, 8, "id").withSteps(2);
        meter = new SharpnessMeter(ws.workingModel(), SharpnessHeatmap.dataFor(ws, s), s, null);
    }

    @AfterAll
    static void close() {
        ws.close();
    }

    private static Map<String, float[]> snapshot() {
        Map<String, float[]> out = new LinkedHashMap<>();
        ws.workingModel().parameters().forEach((n, p) -> out.put(n, p.toFloatArray()));
        return out;
    }

    @Test
    void sweepsEveryCellStoresThemAndResumes() throws Exception {
        FileCellStore store = new FileCellStore(dir.resolve("cells-a"));
        SharpnessHeatmap heatmap = new SharpnessHeatmap(ws, meter, store);
        SharpnessResult first = heatmap.run(ALPHAS, SharpnessGroups.Granularity.BLOCK, Progress.NONE);
        // overall + patch embedding, embeddings, ln_pre, resblock 0, resblock 1, ln_post+proj, head
        assertEquals(2 * 8, first.cells().size());
        assertEquals(SharpnessGroups.OVERALL, first.cells().get(0).group());
        assertEquals("head", first.cells().get(7).group());
        assertTrue(first.cells().stream().noneMatch(SharpnessResult.Cell::fromCache));
        assertTrue(first.cells().stream().allMatch(c -> c.value().loss() >= 0));
        assertEquals(2 * 8 * 4, first.rows().size());
        String csv = first.toCsv();
        assertEquals(1 + 2 * 8 * 4, csv.split("\n").length);
        assertTrue(csv.startsWith("alpha,group,scalars,definition,norm,adaptive"), csv);
        assertTrue(csv.contains("\n1,resblock 0,"), csv);

        Map<String, float[]> after = snapshot();
        ws.interpolator().apply(1.0);
        Map<String, float[]> expected = snapshot();
        for (String n : expected.keySet()) {
            assertArrayEquals(expected.get(n), after.get(n), "model holds theta(last alpha) exactly: " + n);
        }

        SharpnessResult again = heatmap.run(ALPHAS, SharpnessGroups.Granularity.BLOCK, Progress.NONE);
        assertTrue(again.cells().stream().allMatch(SharpnessResult.Cell::fromCache));
        for (int i = 0; i < first.cells().size(); i++) {
            assertEquals(first.cells().get(i).value(), again.cells().get(i).value());
        }
    }

    @Test
    void aCancelledSweepKeepsItsFinishedCells() {
        FileCellStore store = new FileCellStore(dir.resolve("cells-b"));
        SharpnessHeatmap heatmap = new SharpnessHeatmap(ws, meter, store);
        AtomicInteger cells = new AtomicInteger();
        heatmap.onCell(c -> cells.incrementAndGet());
        Progress cancelAfterThreeCells = new Progress() {
            @Override
            public void update(String task, long done, long total) {
            }

            @Override
            public boolean isCancelled() {
                return cells.get() >= 3;
            }
        };
        assertThrows(CancelledException.class,
                () -> heatmap.run(ALPHAS, SharpnessGroups.Granularity.BLOCK, cancelAfterThreeCells));
        SharpnessResult resumed = heatmap.run(List.of(0.0), SharpnessGroups.Granularity.BLOCK, Progress.NONE);
        assertEquals(3, resumed.cells().stream().filter(SharpnessResult.Cell::fromCache).count());
    }

    @Test
    void corruptCellsAreRecomputedAndKeysAreExact() throws Exception {
        FileCellStore store = new FileCellStore(dir.resolve("cells-c"));
        SharpnessHeatmap heatmap = new SharpnessHeatmap(ws, meter, store);
        List<String> members = meter.perturbable();
        String key = heatmap.cellKey(0.1, "overall", members);
        assertEquals(key, heatmap.cellKey(0.1, "overall", members), "deterministic");
        assertTrue(key.contains("|alpha=0.1|"), key);
        assertTrue(key.contains(ws.endpointA().sha256()) && key.contains(ws.endpointB().sha256()), key);
        assertNotEquals(key, heatmap.cellKey(0.1 + 1e-12, "overall", members));
        assertNotEquals(key, heatmap.cellKey(0.1, "overall", members.subList(1, members.size())));
        SharpnessValue v = new SharpnessValue(0.5, 0.1, 1, 0.2, 1.5, 0.3, 0.01, 10, 1, 2, 1, 0.1);
        store.put(key, v);
        assertEquals(v, store.get(key).orElseThrow());
        Path file = store.fileOf(key);
        Files.writeString(file, Files.readString(file).replace("0.5", "0.25"));
        assertTrue(store.get(key).isEmpty(), "checksum mismatch reads as absent");
        Files.writeString(file, "{not json");
        assertTrue(store.get(key).isEmpty());
    }
}
