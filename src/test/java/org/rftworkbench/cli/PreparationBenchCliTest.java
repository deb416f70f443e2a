package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bench --only preparation} times a whole first preparation of an ImageFolder (docs/BENCHMARKS.md and
 * tools/bench/prepare_vs_pillow.sh parse its line) without loading any model.
 */
class PreparationBenchCliTest {
    private static final Path IMAGES = Path.of("src/test/resources/data/images");

    @Test
    void printsImagesThreadsRateAndTheOneThreadSplit() {
        CliRun run = CliRun.of("bench", "--only", "preparation", "--data", IMAGES.toString(), "--rounds", "1",
                "--threads", "2", "--image-size", "32");
        assertEquals(0, run.code(), run.err());
        Matcher line = Pattern.compile("preparation \\S+images: 5 images, 2 threads: ([0-9.]+) img/s \\(median of 1\\); "
                + "1 thread: decode ([0-9.]+) ms \\+ resize/crop ([0-9.]+) ms per image").matcher(run.out());
        assertTrue(line.find(), run.out());
        assertTrue(Double.parseDouble(line.group(1)) > 0, run.out());
        assertTrue(Double.parseDouble(line.group(2)) > 0, run.out());
        assertTrue(!run.out().contains("engine:"), "no model is loaded for the preparation bench: " + run.out());
    }

    @Test
    void refusesPreparationWithoutDataAndDataWithoutPreparation() {
        CliRun noData = CliRun.of("bench", "--only", "preparation");
        assertNotEquals(0, noData.code());
        assertTrue(noData.err().contains("--only preparation needs --data FOLDER"), noData.err());
        CliRun stray = CliRun.of("bench", "--only", "evaluation", "--data", IMAGES.toString());
        assertNotEquals(0, stray.code());
        assertTrue(stray.err().contains("--data is only used with --only preparation"), stray.err());
    }
}
