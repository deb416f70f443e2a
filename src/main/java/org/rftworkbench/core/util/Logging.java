package org.rftworkbench.core.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Logging set-up for slf4j-simple, the binding the jar ships. Its defaults come from {@code simplelogger.properties}
 * (engine logs at error level only, ours at info); these methods override them with system properties. slf4j-simple
 * reads its configuration once, when the first logger is created, so they must run first thing in {@code main},
 * before any class holding a logger is initialised; later calls have no effect. Not thread-safe: call from main.
 */
public final class Logging {
    /** The command-line option (on every command) that restores the engine's INFO logs. */
    public static final String VERBOSE_OPTION = "--verbose";
    /** Log files the desktop app keeps: this run's and the ones of the previous runs. */
    public static final int KEEP_FILES = 10;

    private static final String PREFIX = "org.slf4j.simpleLogger.";
    private static final String FILE_PREFIX = "rft-workbench-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private Logging() {
    }

    /** Whether the arguments ask for {@link #VERBOSE_OPTION} (before a {@code --} that ends the options). */
    public static boolean wantsVerbose(String... args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals(VERBOSE_OPTION)) {
                return true;
            }
        }
        return false;
    }

    /** Every logger, the engine's included, at INFO (the shipped configuration keeps the engine at ERROR). */
    public static void verbose() {
        System.setProperty(PREFIX + "defaultLogLevel", "info");
        System.setProperty(PREFIX + "log.ai.djl", "info");
    }

    /**
     * Sends every log line to {@code file} (appending), with a time stamp, at INFO for every logger: a file is read
     * when something went wrong, so it keeps what the console leaves out.
     */
    public static void toFile(Path file) {
        verbose();
        System.setProperty(PREFIX + "logFile", file.toString());
        System.setProperty(PREFIX + "showDateTime", "true");
        System.setProperty(PREFIX + "dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
    }

    /**
     * The folder for the desktop app's log files: {@code $XDG_DATA_HOME/rft-workbench/logs}, else
     * {@code ~/.local/share/rft-workbench/logs}.
     */
    public static Path defaultLogDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg)
                : Paths.get(System.getProperty("user.home"), ".local", "share");
        return base.resolve("rft-workbench").resolve("logs");
    }

    /**
     * Rotation at start-up: creates {@code dir}, deletes the oldest {@code rft-workbench-*.log} files so that with
     * the new one at most {@link #KEEP_FILES} remain, and returns the new file's path (named by local time and process
     * id, so two instances never share a file; not created here).
     */
    public static Path newLogFile(Path dir, LocalDateTime now, long pid) throws IOException {
        Files.createDirectories(dir);
        List<Path> old = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().startsWith(FILE_PREFIX)
                    && f.getFileName().toString().endsWith(".log") && Files.isRegularFile(f)).forEach(old::add);
        }
        // oldest first: by modification time, then by name (which starts with the time stamp)
        old.sort(Comparator.comparing((Path f) -> {
            try {
                return Files.getLastModifiedTime(f).toMillis();
            } catch (IOException e) {
                return 0L;
            }
        }).thenComparing(f -> f.getFileName().toString()));
        for (int i = 0; i < old.size() - (KEEP_FILES - 1); i++) {
            Files.deleteIfExists(old.get(i));
        }
        return dir.resolve(FILE_PREFIX + STAMP.format(now) + "-" + pid + ".log");
    }
}
