package org.rftworkbench.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.data.Range;
import org.junit.jupiter.api.Test;
import org.rftworkbench.testutil.TickLabels;

/** Ranges that never collapse and plain tick labels, for charts with no, one or two points. */
class AxisRangesTest {
    @Test
    void percentRangesAreWholeBeforeTheFirstPointAndAWindowAroundFewPoints() {
        assertEquals(new Range(0, 100), AxisRanges.percent());
        assertEquals(new Range(0, 100), AxisRanges.percent(Double.NaN, Double.POSITIVE_INFINITY));
        assertEquals(new Range(5.15625, 15.15625), AxisRanges.percent(10.15625));
        assertEquals(new Range(5.15625, 15.15625), AxisRanges.percent(10.15625, 10.15625, Double.NaN));
        assertEquals(new Range(0, 10), AxisRanges.percent(0.5), "kept inside 0..100, still 10 wide");
        assertEquals(new Range(90, 100), AxisRanges.percent(99.5));
        assertEquals(new Range(57, 93), AxisRanges.percent(60, 90), "a tenth of the spread each side");
        assertEquals(new Range(0, 100), AxisRanges.percent(0, 100));
    }

    @Test
    void otherRangesArePaddedAndAlphaCoversTheSliderAndEveryPoint() {
        assertEquals(new Range(0, 1), AxisRanges.padded(new Range(0, 1)));
        Range one = AxisRanges.padded(new Range(0, 1), 0.00622);
        assertEquals(0.005598, one.getLowerBound(), 1e-12);
        assertEquals(0.006842, one.getUpperBound(), 1e-12);
        assertEquals(new Range(-1, 1), AxisRanges.padded(new Range(0, 1), 0.0));
        assertEquals(new Range(-0.02, 1.02), AxisRanges.alpha(0, 1));
        assertEquals(new Range(-0.02, 1.02), AxisRanges.alpha(0, 1, 0.5));
        Range wide = AxisRanges.alpha(0, 1, -0.5, Double.NaN, 1.5);
        assertEquals(-0.54, wide.getLowerBound(), 1e-12);
        assertEquals(1.54, wide.getUpperBound(), 1e-12);
    }

    static List<String> labels(NumberAxis axis) {
        return TickLabels.of(axis);
    }

    @Test
    void plainTickLabelsHaveNoExponentAndNoNegativeZero() {
        NumberAxis percent = new NumberAxis();
        AxisRanges.fix(percent, AxisRanges.percent(10.15625));
        List<String> labels = labels(percent);
        assertFalse(labels.isEmpty());
        assertTrue(labels.stream().noneMatch(l -> l.contains("E")), labels.toString());
        NumberAxis small = new NumberAxis();
        AxisRanges.fix(small, AxisRanges.padded(new Range(0, 1), 0.00622));
        List<String> smallLabels = labels(small);
        assertTrue(smallLabels.stream().allMatch(l -> l.startsWith("0.00")), smallLabels.toString());
        NumberAxis alpha = new NumberAxis();
        AxisRanges.fix(alpha, AxisRanges.alpha(-0.5, 1.5));
        List<String> alphaLabels = labels(alpha);
        assertTrue(alphaLabels.contains("0.0") && !alphaLabels.contains("-0.0"), alphaLabels.toString());
    }

    /** The exported accuracy figure of a project with one computed alpha: readable axes, not "1.015625E1". */
    @Test
    void theAccuracyFigureOfOnePointHasPlainAxes() {
        Curve id = new Curve("id", new double[] {0.5}, new double[] {0.1015625});
        JFreeChart chart = AccuracyVsAlphaFigure.build(new AccuracyVsAlphaFigure.Data(List.of(id), null, false,
                false), FigureStyle.of(PaperPreset.SINGLE_COLUMN)).chart();
        BufferedImage image = new BufferedImage(600, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        chart.draw(g, new Rectangle2D.Double(0, 0, 600, 400), new ChartRenderingInfo());
        g.dispose();
        for (NumberAxis axis : List.of((NumberAxis) chart.getXYPlot().getRangeAxis(),
                (NumberAxis) chart.getXYPlot().getDomainAxis())) {
            assertTrue(axis.getRange().getLength() >= 1, axis.getRange().toString());
            List<String> labels = labels(axis);
            assertTrue(labels.stream().noneMatch(l -> l.contains("E")), Map.of(axis.getLabel(), labels).toString());
        }
    }
}
