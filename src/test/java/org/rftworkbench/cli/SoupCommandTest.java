package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.soup.SoupMaker;
import org.rftworkbench.testutil.TinyPool;
import org.rftworkbench.testutil.TinyProject;

/**
 * {@code soup} on the tiny pool: both soups are written and added as runs (metadata names the recipe and the
 * ingredients; the old file kept as .bak), a soup pairs with A like any run, a second soup call computes nothing,
 * the study leaves the soups out by default, and a missing held-out dataset is one line.
 */
class SoupCommandTest {
    @TempDir
    Path dir;

    @Test
    void soupsBecomeRunsThatSweepAndTheStudySkipsThem() throws Exception {
        Path pool = TinyPool.create(dir.resolve("p"));
        String cache = dir.resolve("cache").toString();
        CliRun soup = CliRun.of("soup", pool.toString(), "--heldout", "id", "--cache-dir", cache, "-q");
        assertEquals(0, soup.code(), soup.err());
        assertTrue(soup.out().contains("order: "), soup.out());
        ProjectSpec spec = ProjectStore.load(pool).spec();
        assertEquals(List.of("k0.5", "b", "k1.5", "k2", "k3", "uniform-soup", "greedy-soup"), spec.runLabels());
        ProjectSpec.Run uniform = spec.run("uniform-soup").orElseThrow();
        assertEquals("uniform", uniform.metadata().get(SoupMaker.SOUP_KEY));
        assertEquals("k0.5,b,k1.5,k2,k3", uniform.metadata().get("ingredients"));
        assertEquals("soups/uniform-soup.safetensors", uniform.path());
        assertTrue(Files.isRegularFile(dir.resolve("p/soups/greedy-soup.safetensors")));
        assertTrue(Files.isRegularFile(dir.resolve("p/pool.json.bak")));

        CliRun sweep = CliRun.of("sweep", pool.toString(), "--run", "uniform-soup", "--alphas", "0,1", "--cache-dir",
                cache, "-q");
        assertEquals(0, sweep.code(), sweep.err());

        CliRun again = CliRun.of("soup", pool.toString(), "--heldout", "id", "--recipe", "greedy", "--cache-dir",
                cache, "-q");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.lastErrLine().matches("cells: 0 computed, \\d+ from cache"), again.lastErrLine());
        assertEquals(7, ProjectStore.load(pool).spec().runLabels().size(), "the soups are replaced, not added twice");

        CliRun study = CliRun.of("study", pool.toString(), "--alphas", "0,0.5,1", "-n", "16", "--steps", "1",
                "--resamples", "50", "--cache-dir", cache, "-q");
        assertEquals(0, study.code(), study.err());
        assertTrue(study.out().contains("Kendall tau-b over 5 runs"), study.out());
        assertTrue(!study.out().contains("uniform-soup"), study.out());

        CliRun missing = CliRun.of("soup", pool.toString(), "--heldout", "nope", "--cache-dir", cache, "-q");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no dataset named 'nope' for the held-out set (datasets: id, ood)"),
                missing.err());
        CliRun unnamed = CliRun.of("soup", pool.toString(), "--cache-dir", cache, "-q");
        assertEquals(2, unnamed.code());
        assertTrue(unnamed.err().contains("no dataset has role 'heldout'; name the greedy soup's held-out set with "
                + "--heldout (datasets: id, ood)"), unnamed.err());
    }

    /**
     * A dataset with role heldout is the greedy soup's default held-out set, and it stays out of sweeps unless named:
     * the selection never touches the evaluation sets.
     */
    @Test
    void aHeldoutRoleIsTheDefaultAndNoReadout() throws Exception {
        Path pool = TinyPool.create(dir.resolve("p"));
        ProjectSpec s = ProjectStore.load(pool).spec();
        TinyProject.writeIdx(dir.resolve("p/data/heldout-images.gz"), dir.resolve("p/data/heldout-labels.gz"), 30, 7);
        List<ProjectSpec.DatasetEntry> datasets = new java.util.ArrayList<>(s.datasets());
        datasets.add(new ProjectSpec.DatasetEntry("val", ProjectSpec.Role.HELDOUT, ProjectSpec.Format.IDX,
                "data/heldout-images.gz", "data/heldout-labels.gz", null));
        ProjectStore.save(new ProjectSpec(s.formatVersion(), s.name(), s.description(), s.model(), s.endpointA(),
                s.runs(), s.selectedRun(), s.classes(), s.classesFile(), s.preprocess(), datasets, s.alphaGrid(),
                s.layerAlphas(), s.batchSize()), pool);
        String cache = dir.resolve("cache").toString();
        CliRun soup = CliRun.of("soup", pool.toString(), "--recipe", "greedy", "--no-add", "--cache-dir", cache,
                "-q");
        assertEquals(0, soup.code(), soup.err());
        assertTrue(soup.out().contains("greedy recipe on 'val'"), soup.out());
        CliRun sweep = CliRun.of("sweep", pool.toString(), "--alphas", "0", "--cache-dir", cache, "-q");
        assertEquals(0, sweep.code(), sweep.err());
        assertTrue(!sweep.out().contains("val"), "the held-out set is not a readout: " + sweep.out());
        assertEquals(5, ProjectStore.load(pool).spec().runLabels().size(), "--no-add leaves the project as it was");
    }
}
