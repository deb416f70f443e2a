package org.rftworkbench.ui.testing;

import java.nio.file.Path;
import java.security.Permission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * A SecurityManager used only as a probe: every file check the JDK makes (opening, stat-ing, listing, writing,
 * deleting a file, through java.io or java.nio) calls {@link #checkRead}/{@link #checkWrite}/{@link #checkDelete};
 * when the caller is the JavaFX Application Thread and the path is not one of the toolkit's own files (by path, see
 * {@link #toolkitPaths()}, or by stack: AWT and JavaFX font start-up, see {@link ToolkitActivity}), a violation is
 * reported. It never refuses anything: {@link #checkPermission} permits everything, so the code under test behaves
 * as without it. Needs a JDK that still allows {@code System.setSecurityManager} (17: yes, with a warning; 18 to 23:
 * with {@code -Djava.security.manager=allow}, which the surefire argLine sets).
 */
final class FxFileAccessMonitor extends SecurityManager {
    /** Re-entrancy guard: building a violation may itself load classes (files) on the same thread. */
    private static final ThreadLocal<Boolean> BUSY = ThreadLocal.withInitial(() -> false);

    private final List<String> allowedPrefixes;
    private final Consumer<FxThreadViolation> sink;

    FxFileAccessMonitor(Consumer<FxThreadViolation> sink) {
        this.sink = sink;
        this.allowedPrefixes = List.copyOf(toolkitPaths());
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
        return out.stream().map(FxFileAccessMonitor::normalize).toList();
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
        // a resource inside a class-path jar (e.g. ControlsFX's notification icon): JavaFX's image loader first
        // probes the "jar:file:...!/icon.png" URL as a relative file name, which never touches user data
        if (path.contains("jar:file:") && path.contains(".jar!/")) {
            return true;
        }
        for (String prefix : allowedPrefixes) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private void check(String kind, String file) {
        if (file == null || BUSY.get() || !Platform.isFxApplicationThread()) {
            return;
        }
        BUSY.set(true);
        try {
            String path = normalize(file);
            StackTraceElement[] stack = Thread.currentThread().getStackTrace();
            if (!allowed(path) && !ToolkitActivity.isFontsOrAwt(stack)) {
                // drop the frames of this monitor and of SecurityManager itself
                int first = 0;
                while (first < stack.length && (stack[first].getClassName().equals(Thread.class.getName())
                        || stack[first].getClassName().equals(FxFileAccessMonitor.class.getName()))) {
                    first++;
                }
                sink.accept(new FxThreadViolation(kind, path,
                        Arrays.asList(stack).subList(first, stack.length)));
            }
        } finally {
            BUSY.set(false);
        }
    }

    @Override
    public void checkRead(String file) {
        check("file-read", file);
    }

    @Override
    public void checkRead(String file, Object context) {
        check("file-read", file);
    }

    @Override
    public void checkWrite(String file) {
        check("file-write", file);
    }

    @Override
    public void checkDelete(String file) {
        check("file-delete", file);
    }

    /** Permits everything: this manager observes, it never guards. */
    @Override
    public void checkPermission(Permission perm) {
        // permitted
    }

    @Override
    public void checkPermission(Permission perm, Object context) {
        // permitted
    }
}
