package org.rftworkbench.testutil;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;

/** The tick labels JFreeChart gives an axis, as laid out on a 400 px edge (minor ticks, which have none, left out). */
public final class TickLabels {
    private TickLabels() {
    }

    public static List<String> of(NumberAxis axis) {
        BufferedImage image = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            List<?> ticks = axis.refreshTicks(g, new AxisState(), new Rectangle2D.Double(0, 0, 400, 400),
                    RectangleEdge.LEFT);
            return ticks.stream().map(t -> ((ValueTick) t).getText()).filter(t -> !t.isEmpty()).toList();
        } finally {
            g.dispose();
        }
    }
}
