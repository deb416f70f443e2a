package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.service.JobEvent;

/** The console's progress line: a job's preparation events become counts, images/s and the time left. */
class ConsoleProgressTest {
    private static final long S = 1_000_000_000L;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long now;

    private ConsoleProgress progress(boolean enabled) {
        return new ConsoleProgress(enabled, new PrintStream(bytes, true, StandardCharsets.UTF_8), () -> now, 100);
    }

    /** What the terminal shows: each line as its last redraw left it. */
    private List<String> screen() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        return Arrays.stream(text.split("\n", -1)).map(line -> line.substring(line.lastIndexOf('\r') + 1).stripTrailing())
                .filter(line -> !line.isEmpty()).toList();
    }

    @Test
    void aFirstPreparationShowsImagesPerSecondAndTimeLeftThenKeepsItsLastLine() {
        ConsoleProgress progress = progress(true);
        Consumer<JobEvent> console = CliSupport.console(progress, new PrintWriter(new StringWriter()), null);
        console.accept(new JobEvent.Progress("j1", "prepare imagenet_val", 0, 50_000, "images"));
        assertEquals(List.of("prepare imagenet_val: 0/50,000 images"), screen());
        now = 5 * S;
        console.accept(new JobEvent.Progress("j1", "prepare imagenet_val", 1_310, 50_000, "images"));
        assertEquals(List.of("prepare imagenet_val: 1,310/50,000 images, 262 images/s, 3 min 6 s left"), screen());
        now = 5 * S + 50_000_000L; // 50 ms later: not redrawn yet
        console.accept(new JobEvent.Progress("j1", "prepare imagenet_val", 1_320, 50_000, "images"));
        assertTrue(screen().get(0).startsWith("prepare imagenet_val: 1,310/"), screen().toString());
        now = 190 * S;
        console.accept(new JobEvent.Progress("j1", "prepare imagenet_val", 50_000, 50_000, "images"));
        console.accept(new JobEvent.Progress("j1", "prepare imagenet_val", 50_000, 50_000, "images"));
        console.accept(new JobEvent.Progress("j1", "load b.safetensors", 0, 150, "tensors"));
        progress.close();
        assertEquals(List.of("prepare imagenet_val: 50,000/50,000 images", "load b.safetensors: 0/150 tensors"),
                screen(), "the finished run keeps one line, the next starts its own");
    }

    @Test
    void longLinesAreCutToTheWidthAndQuietShowsNothing() {
        ConsoleProgress progress = progress(true);
        progress.update("sharpness alpha=0.35 " + "x".repeat(200), 1, 10);
        progress.close();
        assertEquals(99, screen().get(0).length());
        bytes.reset();
        ConsoleProgress quiet = progress(false);
        quiet.update("prepare val", 1, 10, "images");
        quiet.close();
        assertEquals(0, bytes.size());
    }
}
