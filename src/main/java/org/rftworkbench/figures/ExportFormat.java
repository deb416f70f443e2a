package org.rftworkbench.figures;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Image formats a figure can be written in; the CSV and the JSON sidecar are always written beside them. */
public enum ExportFormat {
    PDF, SVG, PNG;

    public String extension() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "pdf,svg,png" (any order, any case); throws IllegalArgumentException on an unknown name. */
    public static Set<ExportFormat> parseList(String text) {
        Set<ExportFormat> out = EnumSet.noneOf(ExportFormat.class);
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                out.add(valueOf(p.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown format '" + p + "' (expected pdf, svg or png)");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no format given (expected pdf, svg or png)");
        }
        return out;
    }
}
