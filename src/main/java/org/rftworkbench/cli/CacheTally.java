package org.rftworkbench.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rftworkbench.core.service.JobEvent;

/**
 * Adds up the {@link JobEvent.CacheUse} events of a command's jobs, per unit, for the last line of a computing
 * command: "cells: 33 computed, 0 from cache" (several units: "; "-separated). Thread-safe: events arrive on the
 * service's event thread.
 */
final class CacheTally {
    private final Map<String, int[]> byUnit = new LinkedHashMap<>();

    synchronized void add(JobEvent.CacheUse use) {
        int[] counts = byUnit.computeIfAbsent(use.unit(), u -> new int[2]);
        counts[0] += use.computed();
        counts[1] += use.fromCache();
    }

    /** Computed count of a unit ("cell", "result"). */
    synchronized int computed(String unit) {
        return byUnit.getOrDefault(unit, new int[2])[0];
    }

    /** From-cache count of a unit. */
    synchronized int fromCache(String unit) {
        return byUnit.getOrDefault(unit, new int[2])[1];
    }

    /** E.g. "cells: 33 computed, 0 from cache"; null when no job reported. */
    synchronized String line() {
        if (byUnit.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        byUnit.forEach((unit, c) -> parts.add(String.format(Locale.ROOT, "%ss: %d computed, %d from cache", unit,
                c[0], c[1])));
        return String.join("; ", parts);
    }

    /** Prints {@link #line()} on {@code err}, if any job reported. */
    void print(PrintWriter err) {
        String line = line();
        if (line != null) {
            err.println(line);
            err.flush();
        }
    }
}
