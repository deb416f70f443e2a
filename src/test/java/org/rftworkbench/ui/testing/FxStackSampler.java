package org.rftworkbench.ui.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Samples the FX thread's stack about every millisecond and reports frames that mean work belongs elsewhere: DJL
 * ({@code ai.djl.*}), our compute packages, or JDK file I/O. Catches what the JFR I/O events cannot see (native DJL
 * calls, opening, listing or deleting files, memory-mapped reads) as long as it lasts about a millisecond or more,
 * which is exactly the work that makes frames late; a shorter call may slip between two samples.
 */
final class FxStackSampler {
    /** Packages of the core that load models, read data or evaluate: never on the FX thread. */
    private static final List<String> COMPUTE_PACKAGES = List.of("eval", "model", "interpolate", "checkpoint",
            "data", "session", "sharpness", "sparsity", "layers").stream()
            .map(p -> "org.rftworkbench.core." + p + ".").toList();
    /**
     * Classes of those packages that are pure, quick functions of their arguments which views may call (parse the
     * project's alpha grid, order it coarse first, find the failure region of a plotted curve). Add a class here only
     * if it touches neither files nor DJL.
     */
    private static final Set<String> PURE_HELPERS = Set.of("org.rftworkbench.core.eval.AlphaGrids",
            "org.rftworkbench.core.eval.CoarseFirstOrder", "org.rftworkbench.core.eval.CurveRegions");
    /**
     * JDK classes that do file I/O: what JFR has no event for (opening, stat-ing, listing and deleting, through these
     * streams and channels, {@code java.nio.file.Files} or {@code java.io.File}, whose work is done by the platform's
     * {@code java.io} file system class); their reads and writes are left to {@link FxIoEventMonitor}.
     */
    private static final Set<String> FILE_IO = Set.of("java.io.FileInputStream", "java.io.FileOutputStream",
            "java.io.RandomAccessFile", "sun.nio.ch.FileChannelImpl", "java.nio.file.Files",
            "java.io.UnixFileSystem", "java.io.WinNTFileSystem");
    /** The classes whose reads and writes JFR reports as jdk.FileRead/jdk.FileWrite/jdk.FileForce events. */
    private static final Set<String> STREAMS_AND_CHANNELS = Set.of("java.io.FileInputStream",
            "java.io.FileOutputStream", "java.io.RandomAccessFile", "sun.nio.ch.FileChannelImpl");

    private final Thread fxThread;
    private final Consumer<FxThreadViolation> sink;
    private final Map<String, Boolean> valueTypes = new ConcurrentHashMap<>();
    private final Set<String> reportedSites = ConcurrentHashMap.newKeySet();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long samples;

    FxStackSampler(Thread fxThread, Consumer<FxThreadViolation> sink) {
        this.fxThread = fxThread;
        this.sink = sink;
        this.sampler = new Thread(this::loop, "fx-stack-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    long samples() {
        return samples;
    }

    void stop() {
        running = false;
        try {
            sampler.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (running) {
            inspect(fxThread.getStackTrace());
            samples++;
            LockSupport.parkNanos(1_000_000);
        }
    }

    private void inspect(StackTraceElement[] stack) {
        boolean leftToJfr = false;
        for (StackTraceElement frame : stack) {
            String kind = kindOf(frame.getClassName());
            if (kind == null) {
                continue;
            }
            if (kind.equals("file-io")) {
                if (ToolkitActivity.isFontsAwtOrCodeLoading(stack)) {
                    return;
                }
                // a read or write, and the file frames calling it (Files.readAllBytes): JFR's; DJL below still counts
                leftToJfr |= readOrWriteSeenByJfr(frame);
                if (leftToJfr) {
                    continue;
                }
            }
            String site = caller(stack);
            if (reportedSites.add(kind + " " + site)) {
                sink.accept(new FxThreadViolation(kind, name(frame) + " called from " + site, Arrays.asList(stack)));
            }
            return;
        }
    }

    /**
     * Reads and writes through streams and channels are JFR events, judged by {@link FxIoEventMonitor} exactly and with
     * their path (so a read of /dev/urandom for a UUID is allowed there); the sampler, which sees no path, leaves them
     * to it and reports only what JFR has no event for (opening, stat-ing, listing, deleting). Without this, JFR's own
     * cost of writing an event makes such a tiny read long enough to be sampled.
     */
    private static boolean readOrWriteSeenByJfr(StackTraceElement frame) {
        if (!STREAMS_AND_CHANNELS.contains(frame.getClassName())) {
            return false;
        }
        String m = frame.getMethodName();
        return m.startsWith("read") || m.startsWith("write") || m.startsWith("traceRead") || m.startsWith("traceWrite")
                || m.startsWith("force") || m.startsWith("transfer");
    }

    private static String name(StackTraceElement frame) {
        return frame.getClassName() + "." + frame.getMethodName();
    }

    /**
     * The frame of our own code nearest the top that is not itself the offender: where the fix belongs. Reports
     * are de-duplicated by it, so one bad call site gives one violation however many samples hit it.
     */
    private String caller(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            if (c.startsWith("org.rftworkbench.") && kindOf(c) == null) {
                return name(f) + "(" + f.getFileName() + ":" + f.getLineNumber() + ")";
            }
        }
        return "(no frame of ours)";
    }

    private String kindOf(String className) {
        if (className.startsWith("ai.djl.")) {
            return "djl";
        }
        if (FILE_IO.contains(className)) {
            return "file-io";
        }
        for (String p : COMPUTE_PACKAGES) {
            if (className.startsWith(p) && !PURE_HELPERS.contains(className) && !isValueType(className)) {
                return "compute";
            }
        }
        return null;
    }

    /**
     * Records and enums of the compute packages (results such as SweepResult and its points) are plain values that
     * the FX thread may read; their accessors are not compute.
     */
    private boolean isValueType(String className) {
        return valueTypes.computeIfAbsent(className, name -> {
            try {
                Class<?> c = Class.forName(name, false, FxStackSampler.class.getClassLoader());
                return c.isRecord() || c.isEnum();
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        });
    }
}
