package org.rftworkbench.figures;

import org.jfree.data.xy.XYDataset;

/** Tables read back from the JFreeChart datasets themselves, so the CSV is exactly what the renderer drew. */
final class XYTables {
    private XYTables() {
    }

    /** {@code series,x,y}: one row per plotted item, series in legend order. */
    static CsvTable seriesXY(XYDataset dataset) {
        CsvTable.Builder t = CsvTable.builder("series", "x", "y");
        for (int s = 0; s < dataset.getSeriesCount(); s++) {
            String name = String.valueOf(dataset.getSeriesKey(s));
            for (int i = 0; i < dataset.getItemCount(s); i++) {
                t.row(name, dataset.getXValue(s, i), dataset.getYValue(s, i));
            }
        }
        return t.build();
    }
}
