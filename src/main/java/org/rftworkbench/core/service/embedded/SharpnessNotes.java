package org.rftworkbench.core.service.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.sharpness.CellStore;
import org.rftworkbench.core.sharpness.SharpnessData;
import org.rftworkbench.core.sharpness.SharpnessMeter;
import org.rftworkbench.core.sharpness.SharpnessResult;
import org.rftworkbench.core.sharpness.SharpnessSettings;
import org.rftworkbench.core.sharpness.SharpnessValue;

/**
 * The one-line notes a sharpness job publishes when its request asks for them (the {@code sharpness} command prints
 * them): the cost estimate and, with benchmarking, one line per computed cell. Also the write-only cell store of
 * "recompute every cell".
 */
final class SharpnessNotes {
    private SharpnessNotes() {
    }

    /** "cost: C cells x B batches x P passes = N passes of M images; one takes S s here, so at most ~T (...)". */
    static String estimate(int cells, SharpnessData data, SharpnessSettings s, double[] times) {
        boolean worst = s.definition() == SharpnessSettings.Definition.WORST_CASE;
        long passes = (long) cells * data.batchCount() * (worst ? s.steps() : s.samples() + 1);
        double perPass = worst ? times[0] : times[1];
        return String.format(Locale.ROOT, "cost: %d cells x %d batches x %d %s = %d passes of %d images; one takes"
                + " %.3f s here, so at most ~%s (layer-wise cells need shorter backward passes; cached cells are free)",
                cells, data.batchCount(), worst ? s.steps() : s.samples() + 1, worst ? "forward+backward"
                        : "forward", passes, s.batchSize(), perPass, duration(passes * perPass));
    }

    static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }

    /** A store that never finds a cell but keeps storing them (recompute every cell). */
    static CellStore writeOnly(CellStore store) {
        return new CellStore() {
            @Override
            public Optional<SharpnessValue> get(String key) {
                return Optional.empty();
            }

            @Override
            public void put(String key, SharpnessValue value) throws IOException {
                store.put(key, value);
            }
        };
    }

    /**
     * Benchmarking: each computed cell against its minimum work (its forward+backward passes times one pass of the
     * same group timed right after the cell, interleaved so machine load hits both alike), and memory after a GC.
     * Runs on the device thread (it times passes on the working model).
     */
    static String benchmark(SharpnessResult.Cell c, SharpnessMeter meter, Map<String, List<String>> groups,
            InterpolationWorkspace ws) {
        double pass = meter.timePasses(groups.get(c.group()), 3)[0];
        // the floor is steps x batches forward+backward passes (= forwardBackward(), the final forward is extra)
        double minimum = c.value().forwardBackward() * pass;
        System.gc();
        java.lang.management.MemoryUsage heap = java.lang.management.ManagementFactory.getMemoryMXBean()
                .getHeapMemoryUsage();
        long direct = java.lang.management.ManagementFactory.getPlatformMXBeans(
                java.lang.management.BufferPoolMXBean.class).stream().filter(b -> b.getName().equals("direct"))
                .mapToLong(java.lang.management.BufferPoolMXBean::getMemoryUsed).sum();
        return String.format(Locale.ROOT, "benchmark: alpha %s %-16s %8.3f s, one fwd+bwd of this group %.4f s, "
                + "minimum %d x %.4f = %.3f s, ratio %.2f; rss %d MiB, heap %d MiB, direct %d KiB, "
                + "managed arrays %d", c.alpha(), c.group(), c.value().seconds(), pass,
                c.value().forwardBackward(), pass, minimum,
                c.value().seconds() / minimum, rssMiB(), heap.getUsed() >> 20, direct >> 10,
                ws.workingModel().manager().getManagedArrays().size());
    }

    private static long rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
