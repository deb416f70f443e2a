package org.rftworkbench.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYZDataset;
import org.jfree.pdf.PDFDocument;
import org.jfree.pdf.PDFGraphics2D;
import org.jfree.pdf.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Every chart type to every format from a headless JVM, and what each file must hold. */
class FigureExporterTest {
    @TempDir
    Path dir;

    static List<String> kinds() {
        return SampleFigures.kinds();
    }

    private final FigureStyle style = FigureStyle.of(PaperPreset.SINGLE_COLUMN);

    private Figure export(String kind) throws Exception {
        Figure f = SampleFigures.build(kind, style);
        List<Path> files = FigureExporter.export(f, style, SampleFigures.provenance(), dir,
                EnumSet.allOf(ExportFormat.class), 300);
        assertEquals(5, files.size());
        for (Path p : files) {
            assertTrue(Files.size(p) > 40, p + " is empty");
        }
        return f;
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void pngHasTheRequestedDpiAndSize(String kind) throws Exception {
        export(kind);
        File png = dir.resolve(kind + ".png").toFile();
        try (ImageInputStream in = ImageIO.createImageInputStream(png)) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertEquals(990, reader.getWidth(0), "3.3 in at 300 dpi");
            assertEquals(Math.round(3.3 * 0.8 * 300), reader.getHeight(0));
            IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
            Element phys = (Element) root.getElementsByTagName("pHYs").item(0);
            assertEquals("11811", phys.getAttribute("pixelsPerUnitXAxis"), "300 dpi = 11811 px/m");
            assertEquals("meter", phys.getAttribute("unitSpecifier"));
            String text = root.getElementsByTagName("tEXtEntry").item(1).getAttributes().getNamedItem("value")
                    .getNodeValue();
            assertTrue(text.contains(SampleFigures.SHA_A), "PNG Description carries the provenance");
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void svgParsesOfflineAndCarriesProvenance(String kind) throws Exception {
        export(kind);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document svg = f.newDocumentBuilder().parse(dir.resolve(kind + ".svg").toFile());
        Element root = svg.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
        assertEquals("237.6pt", root.getAttribute("width"));
        assertTrue(root.getAttribute("viewBox").endsWith("237.6 190.08"), root.getAttribute("viewBox"));
        Element meta = (Element) svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "metadata").item(0);
        JsonNode json = new ObjectMapper().readTree(meta.getTextContent());
        assertEquals(SampleFigures.SHA_B, json.at("/provenance/checkpoints/1/sha256").asText());
        assertEquals(kind, json.get("figure").asText());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void pdfDrawsAllTextAsOutlinesAndHasProvenanceInfo(String kind) throws Exception {
        export(kind);
        byte[] pdf = Files.readAllBytes(dir.resolve(kind + ".pdf"));
        String raw = new String(pdf, StandardCharsets.ISO_8859_1);
        assertTrue(raw.startsWith("%PDF-1.4"));
        assertTrue(raw.trim().endsWith("%%EOF"));
        String content = String.join("\n", contentStreams(pdf));
        assertTrue(content.length() > 1000, "page content was inflated");
        // vector text: no text objects at all, so no glyph can be substituted by '?'
        assertFalse(Pattern.compile("(^|\\s)BT(\\s|$)").matcher(content).find(), "a text object (BT) is present");
        assertFalse(content.contains("Tj") || content.contains("TJ"), "a string was shown with a PDF font");
        Matcher keywords = Pattern.compile("/Keywords \\((.*)\\)\\n").matcher(raw);
        assertTrue(keywords.find(), "Info dictionary has Keywords");
        assertTrue(keywords.group(1).contains(SampleFigures.SHA_A));
        assertTrue(Pattern.compile("trailer\\s*<< /Size \\d+ /Root \\d+ 0 R /Info \\d+ 0 R /Prev \\d+ >>")
                .matcher(raw).find(), "incremental-update trailer points at the new Info");
    }

    /**
     * The control for the test above: the same chart with JFreePDF's default text mode does use text objects and
     * prints α as '?', which is what the vector hint avoids.
     */
    @Test
    void withoutTheVectorHintGreekLettersWouldBecomeQuestionMarks() throws Exception {
        Figure f = SampleFigures.build(AccuracyVsAlphaFigure.NAME, style);
        PDFDocument doc = new PDFDocument();
        Page page = doc.createPage(new Rectangle2D.Double(0, 0, style.widthPt(), style.heightPt()));
        PDFGraphics2D g2 = page.getGraphics2D();
        f.chart().draw(g2, new Rectangle2D.Double(0, 0, style.widthPt(), style.heightPt()));
        String content = String.join("\n", contentStreams(doc.getPDFBytes()));
        assertTrue(content.contains("Tj"), "default mode shows strings");
        assertTrue(content.contains("(?   [θ".replace("θ", "?")), "α and θ of the axis label became '?'");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void csvEqualsTheChartDatasetExactly(String kind) throws Exception {
        Figure f = export(kind);
        List<String> lines = Files.readAllLines(dir.resolve(kind + ".csv"));
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.split(",", -1));
        }
        String header = lines.get(0);
        XYPlot plot = f.chart().getXYPlot();
        if (plot.getDataset() instanceof XYZDataset xyz) {
            assertEquals("group,row,alpha,value,straggler", header);
            assertEquals(xyz.getItemCount(0), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(xyz.getXValue(0, i), Double.parseDouble(rows.get(i)[2]));
                assertEquals(xyz.getYValue(0, i), Double.parseDouble(rows.get(i)[1]));
                assertEquals(Double.doubleToLongBits(xyz.getZValue(0, i)),
                        Double.doubleToLongBits(Double.parseDouble(rows.get(i)[3])), "cell " + i);
            }
            assertTrue(lines.contains("block 1,2,0.5,NaN,true"), "missing cell written as NaN");
            return;
        }
        XYDataset ds = plot.getDataset();
        int row = 0;
        for (int s = 0; s < ds.getSeriesCount(); s++) {
            for (int i = 0; i < ds.getItemCount(s); i++, row++) {
                String[] r = rows.get(row);
                int xCol = header.startsWith("series,") || header.startsWith("alpha,") ? 1 : 0;
                if (header.startsWith("series,")) {
                    assertEquals(String.valueOf(ds.getSeriesKey(s)), r[0]);
                }
                assertEquals(ds.getXValue(s, i), Double.parseDouble(r[xCol]), kind + " row " + row);
                assertEquals(ds.getYValue(s, i), Double.parseDouble(r[xCol + 1]), kind + " row " + row);
            }
        }
        assertEquals(row, rows.size(), "one CSV row per plotted item");
    }

    @Test
    void accuracyCsvHoldsPercentAsPlotted() throws Exception {
        export(AccuracyVsAlphaFigure.NAME);
        List<String> lines = Files.readAllLines(dir.resolve(AccuracyVsAlphaFigure.NAME + ".csv"));
        assertEquals("series,x,y", lines.get(0));
        assertEquals("id,0.0,60.0", lines.get(1));
        assertTrue(lines.contains("avg OOD,1.0,35.0"), lines.toString());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void sidecarNamesCheckpointHashesSettingsAndVersion(String kind) throws Exception {
        export(kind);
        JsonNode json = new ObjectMapper().readTree(dir.resolve(kind + ".json").toFile());
        assertEquals(SampleFigures.SHA_A, json.at("/provenance/checkpoints/0/sha256").asText());
        assertEquals(SampleFigures.SHA_B, json.at("/provenance/checkpoints/1/sha256").asText());
        assertEquals(0.05, json.at("/provenance/settings/sharpnessRadius").asDouble());
        assertEquals(5, json.at("/provenance/alphaGrid").size());
        assertEquals(org.rftworkbench.core.Version.get(), json.at("/provenance/version").asText());
        assertFalse(json.at("/provenance/created").asText().isEmpty());
        assertEquals(300, json.at("/style/pngDpi").asInt());
        assertEquals(kind + ".csv", json.at("/files/3").asText());
    }

    @Test
    void transparentPngKeepsAnAlphaChannel() throws Exception {
        FigureStyle clear = style.withTransparent(true);
        Figure f = SampleFigures.build(SparsityFigure.NAME, clear);
        byte[] png = FigureExporter.png(f.chart(), clear, 72, "t", "{}", "v");
        java.awt.image.BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertTrue(img.getColorModel().hasAlpha());
        assertEquals(0, img.getRGB(0, 0) >>> 24, "corner pixel is fully transparent");
    }

    /** Inflated page content streams (JFreePDF compresses them with FlateDecode). */
    static List<String> contentStreams(byte[] pdf) throws Exception {
        String raw = new String(pdf, StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("/FlateDecode[^>]*>>\\s*stream\\r?\\n").matcher(raw);
        while (m.find()) {
            int start = m.end();
            int end = raw.indexOf("endstream", start);
            Inflater inflater = new Inflater();
            inflater.setInput(pdf, start, end - start);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                bytes.write(buf, 0, n);
            }
            inflater.end();
            out.add(bytes.toString(StandardCharsets.ISO_8859_1));
        }
        return out;
    }
}
