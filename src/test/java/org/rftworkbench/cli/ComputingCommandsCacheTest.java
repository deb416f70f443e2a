package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.testutil.TinyProject;

/**
 * The computing commands run through the compute service and its result cache: each ends with one line saying how
 * much was computed and how much came from the cache, a rerun with the same settings computes nothing, other
 * settings never share an entry; unusable --out/--csv paths are refused before any computing.
 */
class ComputingCommandsCacheTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private String cache() {
        return dir.resolve("cache").toString();
    }

    @Test
    void sweepCountsComputedAndCachedCellsExactly() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        CliRun first = run("sweep", project.toString(), "--alphas", "0:1:0.5", "--cache-dir", cache(), "-q");
        assertEquals(0, first.code(), first.err());
        assertEquals("cells: 6 computed, 0 from cache", first.lastErrLine(), "3 alphas x (id, ood)");
        CliRun again = run("sweep", project.toString(), "--alphas", "0:1:0.5", "--cache-dir", cache(), "-q");
        assertEquals("cells: 0 computed, 6 from cache", again.lastErrLine());
        assertEquals(first.out(), again.out(), "the same table from the cache");
        CliRun finer = run("sweep", project.toString(), "--alphas", "0:1:0.25", "--cache-dir", cache(), "-q");
        assertEquals("cells: 4 computed, 6 from cache", finer.lastErrLine(), "0.25 and 0.75 are new");
    }

    @Test
    void stragglersRerunIsServedFromTheCacheAndOtherSettingsAreNot() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"), TinyProject.CLASSES, 16);
        Path json = dir.resolve("s.json");
        String[] args = {"stragglers", project.toString(), "--alphas", "0.5", "--top-k", "1", "--out",
            json.toString(), "--csv", dir.resolve("s.csv").toString(), "--cache-dir", cache(), "-q"};
        CliRun first = run(args);
        assertEquals(0, first.code(), first.err());
        assertEquals("results: 1 computed, 0 from cache", first.lastErrLine());
        String heatmap = Files.readString(dir.resolve("s.csv"));
        CliRun again = run(args);
        assertEquals(0, again.code(), again.err());
        assertEquals("results: 0 computed, 1 from cache", again.lastErrLine());
        assertEquals(first.out(), again.out());
        assertEquals(heatmap, Files.readString(dir.resolve("s.csv")));
        for (String[] other : List.of(new String[] {"--top-k", "2"}, new String[] {"--epsilon", "0.0"},
                new String[] {"--metric", "error"}, new String[] {"--base", "a"})) {
            CliRun r = run("stragglers", project.toString(), "--alphas", "0.5", other[0], other[1], "--cache-dir",
                    cache(), "-q");
            assertEquals(0, r.code(), r.err());
            assertEquals("results: 1 computed, 0 from cache", r.lastErrLine(), String.join(" ", other));
        }
    }

    @Test
    void sparsifyRerunIsServedFromTheCache() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"), TinyProject.CLASSES, 16);
        Path csv = dir.resolve("p.csv");
        String[] args = {"sparsify", project.toString(), "--ratio", "0.5", "--top-k", "1", "--control", "--alphas",
            "0.5", "--csv", csv.toString(), "--cache-dir", cache(), "-q"};
        CliRun first = run(args);
        assertEquals(0, first.code(), first.err());
        // straggler search, baseline path, straggler path, control path
        assertEquals("results: 4 computed, 0 from cache", first.lastErrLine());
        String rows = Files.readString(csv);
        CliRun again = run(args);
        assertEquals(0, again.code(), again.err());
        assertEquals("results: 0 computed, 4 from cache", again.lastErrLine());
        assertEquals(first.out(), again.out());
        assertEquals(rows, Files.readString(csv));
        CliRun otherSeed = run("sparsify", project.toString(), "--ratio", "0.5", "--top-k", "1", "--control",
                "--alphas", "0.5", "--seed", "1", "--cache-dir", cache(), "-q");
        assertEquals("results: 2 computed, 2 from cache", otherSeed.lastErrLine(),
                "new masks and control; the search and the baseline do not depend on the seed");
        CliRun rescaled = run("sparsify", project.toString(), "--ratio", "0.5", "--top-k", "1", "--rescale",
                "--alphas", "0.5", "--cache-dir", cache(), "-q");
        assertEquals("results: 1 computed, 2 from cache", rescaled.lastErrLine());
    }

    @Test
    void outputPathThatIsAFolderIsRefusedBeforeComputing() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        for (String command : List.of("sweep", "stragglers", "sparsify", "sharpness")) {
            for (String option : List.of("--csv", "--out")) {
                CliRun r = command.equals("sparsify")
                        ? run(command, project.toString(), "--ratio", "0.5", option, folder.toString(),
                                "--cache-dir", cache(), "-q")
                        : run(command, project.toString(), option, folder.toString(), "--cache-dir", cache(), "-q");
                assertEquals(Cli.EXIT_USER_ERROR, r.code(), command + " " + option + ": " + r.err());
                assertEquals(List.of("error: " + folder + ": is a folder; give a file name"),
                        r.err().strip().lines().toList(), command + " " + option);
            }
        }
        CliRun criteria = run("stragglers", project.toString(), "--criteria-csv", folder.toString(), "--cache-dir",
                cache(), "-q");
        assertEquals(Cli.EXIT_USER_ERROR, criteria.code(), criteria.err());
        assertFalse(Files.exists(dir.resolve("cache")), "nothing was computed or cached");
        CliRun correlate = run("correlate", "--sweep", "none.json", "--sharpness", "none.json", "--csv",
                folder.toString());
        assertEquals(List.of("error: " + folder + ": is a folder; give a file name"),
                correlate.err().strip().lines().toList(), "checked before the inputs are read");
    }

    @Test
    void outputBelowAFileOrInAReadOnlyFolderIsRefused() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        CliRun r = run("sweep", project.toString(), "--out", file.resolve("r.json").toString(), "--cache-dir", cache());
        assertEquals(Cli.EXIT_USER_ERROR, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: " + file.resolve("r.json") + ": cannot be written: ")
                && r.err().contains("is a file, not a folder"), r.err());
        assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            CliRun ro = run("sweep", project.toString(), "--csv", locked.resolve("r.csv").toString(), "--cache-dir",
                    cache());
            assertEquals(Cli.EXIT_USER_ERROR, ro.code(), ro.err());
            assertTrue(ro.err().contains("not writable"), ro.err());
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
