package org.rftworkbench.ui.app;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.rftworkbench.core.util.AtomicFiles;

/**
 * What the app remembers between runs: last project, recent projects, window geometry, theme, presentation mode.
 * Stored as JSON in $XDG_CONFIG_HOME/rft-workbench/settings.json (else ~/.config/...), written atomically. A missing
 * or unreadable file gives the defaults (settings are a convenience, never a reason not to start). Immutable.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserSettings(String lastProject, List<String> recentProjects, double width, double height,
        boolean darkTheme, boolean presentationMode) {
    private static final int MAX_RECENT = 8;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static UserSettings defaults() {
        return new UserSettings(null, List.of(), 1280, 820, false, false);
    }

    public static Path defaultFile() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".config");
        return base.resolve("rft-workbench").resolve("settings.json");
    }

    /** Reads the file; any problem gives the defaults. Call off the FX thread. */
    public static UserSettings load(Path file) {
        try {
            UserSettings s = MAPPER.readValue(Files.readAllBytes(file), UserSettings.class);
            return new UserSettings(s.lastProject, s.recentProjects == null ? List.of() : s.recentProjects,
                    s.width > 200 ? s.width : 1280, s.height > 200 ? s.height : 820, s.darkTheme, s.presentationMode);
        } catch (IOException | RuntimeException e) {
            return defaults();
        }
    }

    /** Writes atomically. Call off the FX thread. */
    public void save(Path file) throws IOException {
        AtomicFiles.write(file, MAPPER.writeValueAsBytes(this), false);
    }

    public UserSettings withProject(String project) {
        List<String> recent = new ArrayList<>();
        recent.add(project);
        for (String r : recentProjects) {
            if (!r.equals(project) && recent.size() < MAX_RECENT) {
                recent.add(r);
            }
        }
        return new UserSettings(project, List.copyOf(recent), width, height, darkTheme, presentationMode);
    }

    public UserSettings withWindow(double w, double h) {
        return new UserSettings(lastProject, recentProjects, w, h, darkTheme, presentationMode);
    }

    public UserSettings withTheme(boolean dark, boolean presentation) {
        return new UserSettings(lastProject, recentProjects, width, height, dark, presentation);
    }
}
