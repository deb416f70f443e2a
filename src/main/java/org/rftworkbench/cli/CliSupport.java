package org.rftworkbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.layers.Stragglers;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.util.AtomicFiles;
import org.rftworkbench.core.util.CancelledException;

/**
 * What the commands share: waiting for a compute-service job while showing its events on the console, alpha grids,
 * straggler selections, and writing JSON/CSV files. Commands use this class and the option mixins
 * ({@link CacheOptions}, {@link OutputOptions}, {@link BatchSizeOption}, {@link QuietOption}), never each other.
 */
final class CliSupport {
    /** Stragglers: the top-k used when neither --epsilon nor --top-k is given. */
    static final int DEFAULT_TOP_K = 2;

    private CliSupport() {
    }

    /** The job's result, or its failure rethrown as it was raised on the device thread. */
    static <R> R await(JobHandle<R> job) throws Exception {
        try {
            return job.result().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        } catch (CancellationException e) {
            throw new CancelledException();
        }
    }

    /**
     * The console side of a job's events: progress to the bar, warnings as "warning: ..." lines and notes as they are
     * on {@code err}, cache use added to {@code tally} (may be null).
     */
    static Consumer<JobEvent> console(ConsoleProgress progress, PrintWriter err, CacheTally tally) {
        return event -> {
            if (event instanceof JobEvent.Progress p) {
                progress.update(p.task(), p.done(), p.total(), p.unit());
            } else if (event instanceof JobEvent.Warning w) {
                err.println("warning: " + w.message());
                err.flush();
            } else if (event instanceof JobEvent.Note n) {
                err.println(n.message());
                err.flush();
            } else if (event instanceof JobEvent.CacheUse u && tally != null) {
                tally.add(u);
            }
        };
    }

    /** The grid given on the command line, else the project's. */
    static List<Double> grid(LoadedProject project, String spec) throws RftException {
        return spec != null ? AlphaGrids.parse(spec) : AlphaGrids.of(project.spec().alphaGrid());
    }

    /** The grid (or the project's), with 0 and 1 added, ascending and without duplicates. */
    static List<Double> gridWithEndpoints(LoadedProject project, String spec) throws RftException {
        return AlphaGrids.withEndpoints(grid(project, spec));
    }

    /** --base: b (1), a (0) or a number. */
    static double parseBase(String base) throws RftException {
        return switch (base.toLowerCase(Locale.ROOT)) {
            case "b" -> 1.0;
            case "a" -> 0.0;
            default -> {
                try {
                    yield Double.parseDouble(base);
                } catch (NumberFormatException e) {
                    throw new RftException("--base must be b, a or a number, not '" + base + "'");
                }
            }
        };
    }

    /** --epsilon E (threshold) or --top-k K (default {@link #DEFAULT_TOP_K}). */
    static Stragglers.Selection selection(Double epsilon, Integer topK) throws RftException {
        if (topK != null && epsilon != null) {
            throw new RftException("give --top-k or --epsilon, not both");
        }
        if (topK != null && topK < 0) {
            throw new RftException("--top-k must be >= 0");
        }
        return epsilon != null ? Stragglers.Selection.threshold(epsilon)
                : Stragglers.Selection.top(topK != null ? topK : DEFAULT_TOP_K);
    }

    /** Indented JSON, as every command writes it. */
    static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Writes {@code value} as indented JSON, atomically. */
    static void writeJson(Path file, Object value) throws IOException {
        AtomicFiles.write(file, json().writeValueAsBytes(value), false);
    }

    /** Writes text (CSV) as UTF-8, atomically. */
    static void writeText(Path file, String text) throws IOException {
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8), false);
    }

    /** A CSV field, quoted when it holds a comma or a quote. */
    static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
