package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** make-sample's user errors: one line naming the problem, exit code 2 (the generator itself: SampleGeneratorSmokeTest). */
class MakeSampleCommandTest {
    @TempDir
    Path dir;

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new String[] {Integer.toString(cl.execute(args)), err.toString().strip()};
    }

    @Test
    void unknownBudgetIsRefused() {
        String[] r = run("make-sample", "--out", dir.toString(), "--budget", "huge");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("--budget") && r[1].contains("huge") && !r[1].contains("\n"), r[1]);
    }

    @Test
    void missingFashionMnistNamesTheFile() {
        Path missing = dir.resolve("no-such-folder");
        String[] r = run("make-sample", "--out", dir.resolve("out").toString(), "--budget", "smoke",
                "--fashion-mnist", missing.toString());
        assertEquals("2", r[0]);
        assertTrue(r[1].contains(missing.resolve("train-images-idx3-ubyte.gz").toString())
                && r[1].contains("dataset-fashion-mnist") && !r[1].contains("\n"), r[1]);
    }
}
