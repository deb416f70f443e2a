package org.rftworkbench.figures;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jfree.chart.JFreeChart;

/**
 * A built chart together with the exact numbers it plots and the figure-specific facts worth recording beside it
 * (failure regions, correlation statistics, ...). The chart is laid out for the {@link FigureStyle} it was built
 * with. Not thread-safe (JFreeChart objects are mutable): draw it from one thread at a time.
 *
 * @param name    file stem, e.g. "accuracy-vs-alpha"
 * @param chart   the chart
 * @param data    the plotted numbers (written as NAME.csv)
 * @param details figure-specific facts for the JSON sidecar (JSON-serialisable values)
 */
public record Figure(String name, JFreeChart chart, CsvTable data, Map<String, Object> details) {
    public Figure {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(chart, "chart");
        Objects.requireNonNull(data, "data");
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The title shown on the chart, or the name when the title is hidden. */
    public String displayTitle() {
        return chart.getTitle() != null && chart.getTitle().isVisible() && !chart.getTitle().getText().isEmpty()
                ? chart.getTitle().getText() : name;
    }
}
