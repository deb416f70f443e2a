package org.rftworkbench.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The tool version, filtered into a resource by Maven at build time. Thread-safe. */
public final class Version {
    private static final String VERSION = load();

    private Version() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/org/rftworkbench/version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
