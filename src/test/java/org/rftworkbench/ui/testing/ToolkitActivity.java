package org.rftworkbench.ui.testing;

import java.util.List;

/**
 * Recognises, by stack, file access that the toolkits do on the FX thread by themselves and that the app cannot move
 * elsewhere: not user data, so not a violation.
 */
final class ToolkitActivity {
    /**
     * AWT's font system and toolkit start-up (JFreeChart draws through AWT fonts on the FX thread: the first text
     * probes /etc/*-release, fontconfig caches and font folders, ~/.accessibility.properties; glyphs are read from
     * font files lazily) and JavaFX's own font loading.
     */
    private static final List<String> FONTS_AND_AWT = List.of("sun.font.", "sun.awt.", "java.awt.Toolkit",
            "com.sun.javafx.font.");
    /**
     * Loading code and resources from the class path (a class or a stylesheet first used): the JFR I/O monitor judges
     * these by path (by this stack only where JDK 17 records no path, for class-path jars); the sampler, which sees
     * no path, always needs them.
     */
    private static final List<String> CODE_LOADING = List.of("java.lang.ClassLoader", "jdk.internal.loader.",
            "java.util.zip.ZipFile", "java.util.jar.JarFile", "sun.net.www.protocol.jar.", "javafx.css.",
            "com.sun.javafx.css.");

    private ToolkitActivity() {
    }

    static boolean isFontsOrAwt(StackTraceElement[] stack) {
        return anyFrameIn(stack, FONTS_AND_AWT);
    }

    static boolean isFontsAwtOrCodeLoading(StackTraceElement[] stack) {
        return anyFrameIn(stack, FONTS_AND_AWT) || anyFrameIn(stack, CODE_LOADING);
    }

    private static boolean anyFrameIn(StackTraceElement[] stack, List<String> prefixes) {
        for (StackTraceElement frame : stack) {
            for (String p : prefixes) {
                if (frame.getClassName().startsWith(p)) {
                    return true;
                }
            }
        }
        return false;
    }
}
