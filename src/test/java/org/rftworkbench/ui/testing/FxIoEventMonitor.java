package org.rftworkbench.ui.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * Watches file and socket I/O through JDK Flight Recorder (works on JDK 17, 21 and 25, unlike a SecurityManager):
 * {@code jdk.FileRead}, {@code jdk.FileWrite}, {@code jdk.FileForce}, {@code jdk.SocketRead} and
 * {@code jdk.SocketWrite} events with threshold 0 and stack traces, streamed in-process; an event whose thread is the
 * JavaFX Application Thread and whose path is not one of the toolkit's own files (by path, see
 * {@link #toolkitPaths()}, or by stack: AWT and JavaFX font start-up, see {@link ToolkitActivity}) is reported.
 *
 * <p>What JFR sees: every read and write through {@code FileInputStream}, {@code FileOutputStream},
 * {@code RandomAccessFile} and {@code FileChannel} (so {@code Files.read*}/{@code Files.write*}, Jackson on a file,
 * checkpoints read through a channel) and socket reads and writes. What it does not: opening, stat-ing, listing or
 * deleting a file without reading or writing it, and memory-mapped access; {@link FxStackSampler} watches for those
 * frames ({@code java.nio.file.Files}, {@code java.io} file systems) when they last a millisecond or more.
 *
 * <p>Events arrive on the stream's own thread about once a second; {@link #sync()} waits until every event committed
 * before the call has been seen (a marker event, ordered after them, comes through). Observes only: it changes nothing
 * the code under test does.
 */
final class FxIoEventMonitor implements AutoCloseable {
    private static final List<String> FILE_EVENTS = List.of("jdk.FileRead", "jdk.FileWrite", "jdk.FileForce");
    private static final List<String> SOCKET_EVENTS = List.of("jdk.SocketRead", "jdk.SocketWrite");

    /** Committed by {@link #sync()}; the stream sees it after every event committed before it. */
    @Name("org.rftworkbench.test.FxGuardMark")
    @StackTrace(false)
    static final class Mark extends Event {
        long id;
    }

    private final long fxThreadId;
    private final Consumer<FxThreadViolation> sink;
    private final List<String> allowedPrefixes = List.copyOf(toolkitPaths());
    private final RecordingStream stream = new RecordingStream();
    private final AtomicLong nextMark = new AtomicLong();
    private final Object seenLock = new Object();
    private long seenMark; // guarded by seenLock
    private volatile Throwable streamError;

    @SuppressWarnings("deprecation") // Thread.getId(): threadId() is JDK 19+, and JFR reports this same id
    FxIoEventMonitor(Thread fxThread, Consumer<FxThreadViolation> sink) {
        this.fxThreadId = fxThread.getId();
        this.sink = sink;
        for (String name : FILE_EVENTS) {
            stream.enable(name).withoutThreshold().withStackTrace();
            stream.onEvent(name, this::onFileEvent);
        }
        for (String name : SOCKET_EVENTS) {
            stream.enable(name).withoutThreshold().withStackTrace();
            stream.onEvent(name, this::onSocketEvent);
        }
        stream.enable(Mark.class);
        stream.onEvent(Mark.class.getAnnotation(Name.class).value(), e -> {
            synchronized (seenLock) {
                seenMark = Math.max(seenMark, e.getLong("id"));
                seenLock.notifyAll();
            }
        });
        stream.onError(t -> streamError = t);
        stream.setOrdered(true); // the marker must come after the events committed before it
        stream.setMaxAge(Duration.ofMinutes(1));
        stream.startAsync(); // the recording itself has started when this returns
    }

    /**
     * Waits until every event committed before this call has been handled (at most 30 s). JFR writes events out about
     * once a second, so this takes up to a second or two.
     */
    void sync() {
        long id = nextMark.incrementAndGet();
        Mark mark = new Mark();
        mark.id = id;
        mark.commit();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (seenLock) {
            while (seenMark < id) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || streamError != null) {
                    throw new IllegalStateException("the JFR event stream did not catch up", streamError);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(seenLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the JFR event stream", e);
                }
            }
        }
    }

    @Override
    public void close() {
        stream.close();
    }

    private boolean onFxThread(RecordedEvent e) {
        RecordedThread t = e.getThread();
        return t != null && t.getJavaThreadId() == fxThreadId;
    }

    private void onFileEvent(RecordedEvent e) {
        if (!onFxThread(e)) {
            return;
        }
        String kind = switch (e.getEventType().getName()) {
            case "jdk.FileRead" -> "file-read";
            case "jdk.FileWrite" -> "file-write";
            default -> "file-force";
        };
        String raw = e.getString("path");
        String path = raw == null ? "(a file descriptor without a path)" : normalize(raw);
        StackTraceElement[] stack = stackOf(e);
        // JDK 17 records no path for the class loader's reads of class-path jars: judged by stack then
        boolean toolkit = raw == null ? ToolkitActivity.isFontsAwtOrCodeLoading(stack)
                : allowed(path) || ToolkitActivity.isFontsOrAwt(stack);
        if (toolkit) {
            return;
        }
        sink.accept(new FxThreadViolation(kind, path, Arrays.asList(stack)));
    }

    private void onSocketEvent(RecordedEvent e) {
        if (!onFxThread(e)) {
            return;
        }
        String kind = e.getEventType().getName().equals("jdk.SocketRead") ? "socket-read" : "socket-write";
        String host = e.getString("host");
        String where = (host == null || host.isEmpty() ? e.getString("address") : host) + ":" + e.getInt("port");
        sink.accept(new FxThreadViolation(kind, where, Arrays.asList(stackOf(e))));
    }

    /** The event's stack (JFR keeps the 64 frames nearest the top), as plain stack trace elements. */
    private static StackTraceElement[] stackOf(RecordedEvent e) {
        if (e.getStackTrace() == null) {
            return new StackTraceElement[0];
        }
        List<StackTraceElement> out = new ArrayList<>();
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            if (f.getMethod() == null || f.getMethod().getType() == null) {
                continue;
            }
            String type = f.getMethod().getType().getName();
            int line = f.isJavaFrame() ? f.getLineNumber() : -2;
            out.add(new StackTraceElement(type, f.getMethod().getName(), line >= 0 ? sourceFileOf(type) : null, line));
        }
        return out.toArray(new StackTraceElement[0]);
    }

    /** JFR records no source file name: for Java code it is the outermost class's simple name (for the report). */
    private static String sourceFileOf(String className) {
        String outer = className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
        return outer.substring(outer.lastIndexOf('.') + 1) + ".java";
    }

    /**
     * Files the JDK, JavaFX and the class loader read on the FX thread by themselves; everything else on the FX
     * thread (projects, checkpoints, datasets, caches, settings, exports) is a violation. Kept deliberately small.
     */
    private static List<String> toolkitPaths() {
        List<String> out = new ArrayList<>();
        out.add(System.getProperty("java.home")); // JDK classes, fonts, security and locale data
        // the class path: our classes, CSS and images (target/classes) and the library jars, read when a class or a
        // stylesheet is first loaded; surefire hides the real class path behind a manifest-only jar
        for (String key : List.of("java.class.path", "surefire.test.class.path", "surefire.real.class.path")) {
            String cp = System.getProperty(key);
            if (cp != null) {
                Arrays.stream(cp.split(java.io.File.pathSeparator)).filter(s -> !s.isBlank()).forEach(out::add);
            }
        }
        String fxCache = System.getProperty("javafx.cachedir");
        if (fxCache != null) {
            out.add(fxCache); // JavaFX's extracted native libraries
        }
        // kernel and device files (CPU count, memory, /dev/urandom), and system fonts and their configuration
        out.addAll(List.of("/proc/", "/sys/", "/dev/", "/usr/share/fonts", "/usr/local/share/fonts", "/etc/fonts",
                System.getProperty("user.home") + "/.fonts"));
        return out.stream().map(FxIoEventMonitor::normalize).toList();
    }

    private static String normalize(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize().toString();
        } catch (RuntimeException e) {
            return path;
        }
    }

    private boolean allowed(String path) {
        // jars and native libraries are code (the class path; JavaFX loads libjavafx_font.so from next to its jar
        // when a font is first used), never user data
        if (path.endsWith(".jar") || path.endsWith(".so") || path.endsWith(".dylib") || path.endsWith(".dll")) {
            return true;
        }
        for (String prefix : allowedPrefixes) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
