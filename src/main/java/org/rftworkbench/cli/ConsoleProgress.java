package org.rftworkbench.cli;

import java.io.PrintStream;
import java.util.function.LongSupplier;
import org.rftworkbench.core.util.ProgressRate;
import org.rftworkbench.core.util.ProgressText;
import org.rftworkbench.core.util.Progress;

/**
 * One progress line on stderr for long CLI runs, redrawn in place: "prepare imagenet_val: 1,200/50,000 images,
 * 262 images/s, 3 min 6 s left" (rate and time left by {@link ProgressRate}, once they can be measured). A finished
 * run keeps its line; the next run starts a new one. Redraws at most every {@value #REDRAW_MILLIS} ms. Thread-safe
 * (synchronised): core code may report from worker threads.
 */
final class ConsoleProgress implements Progress, AutoCloseable {
    static final long REDRAW_MILLIS = 200;
    /** Lines are cut to this width unless $COLUMNS says otherwise: a wrapped line cannot be redrawn in place. */
    private static final int DEFAULT_WIDTH = 80;

    private final boolean enabled;
    private final PrintStream out;
    private final LongSupplier clock;
    private final int width;
    private final ProgressRate rate = new ProgressRate();
    private boolean lineOpen;
    private boolean runEnded;
    private int shownLength;
    private long lastDrawNanos;

    /** @param enabled false for --quiet (or without a console): updates are ignored */
    ConsoleProgress(boolean enabled) {
        this(enabled, System.err, System::nanoTime, terminalWidth());
    }

    ConsoleProgress(boolean enabled, PrintStream out, LongSupplier nanoClock, int width) {
        this.enabled = enabled;
        this.out = out;
        this.clock = nanoClock;
        this.width = width;
    }

    @Override
    public void update(String task, long done, long total) {
        update(task, done, total, null);
    }

    @Override
    public synchronized void update(String task, long done, long total, String unit) {
        if (!enabled) {
            return;
        }
        long now = clock.getAsLong();
        boolean newRun = rate.update(task, done, total, unit, now);
        if (!newRun && runEnded) {
            return; // a repeated final count: its line is already written
        }
        runEnded = false;
        if (newRun && lineOpen) {
            out.print('\n'); // the previous run's line stays as it was last drawn
            lineOpen = false;
            shownLength = 0;
        }
        boolean due = !lineOpen || now - lastDrawNanos >= REDRAW_MILLIS * 1_000_000L;
        if (due || rate.complete()) {
            draw(ProgressText.line(rate, now), now);
        }
        if (rate.complete()) {
            runEnded = true;
            out.print('\n');
            out.flush();
            lineOpen = false;
            shownLength = 0;
        }
    }

    /** Rewrites the current line: carriage return, the text (cut to the width), spaces over a longer old text. */
    private void draw(String text, long now) {
        String shown = text.length() < width ? text : text.substring(0, width - 2) + "…";
        StringBuilder s = new StringBuilder().append('\r').append(shown);
        for (int i = shown.length(); i < shownLength; i++) {
            s.append(' ');
        }
        out.print(s);
        out.flush();
        shownLength = shown.length();
        lineOpen = true;
        lastDrawNanos = now;
    }

    @Override
    public synchronized void close() {
        if (lineOpen) {
            out.print('\n');
            out.flush();
            lineOpen = false;
        }
    }

    private static int terminalWidth() {
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", ""));
            return columns >= 20 ? columns : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }
}
