package org.rftworkbench.figures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.jfree.chart.JFreeChart;
import org.jfree.pdf.PDFDocument;
import org.jfree.pdf.PDFGraphics2D;
import org.jfree.pdf.PDFHints;
import org.jfree.pdf.Page;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUnits;
import org.jfree.svg.ViewBox;
import org.rftworkbench.core.util.AtomicFiles;

/**
 * Writes a {@link Figure} as PDF (vector text), SVG and PNG (with its DPI recorded), plus NAME.csv (the plotted
 * numbers) and NAME.json (provenance, style, figure details). The same provenance JSON goes into the SVG
 * {@code <metadata>}, the PDF document information (Keywords) and the PNG text chunks. Runs headless (AWT only).
 * Stateless and thread-safe, but a given Figure must not be drawn from two threads at once.
 */
public final class FigureExporter {
    private static final ObjectMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };
    /** Compact, ASCII-only (non-ASCII as \\u escapes) so it fits PNG tEXt and PDF literal strings unchanged. */
    private static final ObjectMapper COMPACT = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private FigureExporter() {
    }

    /**
     * Writes NAME.{formats}, NAME.csv and NAME.json into {@code dir} (created if needed), with the provenance's paths
     * relative to the project folder ({@link FigureProvenance#withPortablePaths()}).
     *
     * @param dpi PNG resolution in dots per inch (the PNG is widthInches * dpi pixels wide)
     * @return the files written, images first
     */
    public static List<Path> export(Figure figure, FigureStyle style, FigureProvenance provenance, Path dir,
            Set<ExportFormat> formats, int dpi) throws IOException {
        return export(figure, style, provenance, dir, formats, dpi, false);
    }

    /**
     * As {@link #export(Figure, FigureStyle, FigureProvenance, Path, Set, int)}; {@code absolutePaths} keeps the
     * provenance's paths as they are (the user's folder names go into every file written).
     */
    public static List<Path> export(Figure figure, FigureStyle style, FigureProvenance provenance, Path dir,
            Set<ExportFormat> formats, int dpi, boolean absolutePaths) throws IOException {
        if (!absolutePaths) {
            provenance = provenance.withPortablePaths();
        }
        if (dpi < 10 || dpi > 2400) {
            throw new IllegalArgumentException("dpi must be between 10 and 2400, got " + dpi);
        }
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (ExportFormat f : formats) {
            written.add(dir.resolve(figure.name() + "." + f.extension()));
        }
        Path csv = dir.resolve(figure.name() + ".csv");
        Path json = dir.resolve(figure.name() + ".json");
        written.add(csv);
        written.add(json);
        Map<String, Object> sidecar = sidecar(figure, style, provenance, dpi, written);
        String compact = COMPACT.writeValueAsString(sidecar);
        for (ExportFormat f : formats) {
            Path file = dir.resolve(figure.name() + "." + f.extension());
            switch (f) {
                case PDF -> AtomicFiles.write(file, pdf(figure, style, compact, provenance.version()), false);
                case SVG -> AtomicFiles.write(file, svg(figure.chart(), style, figure.displayTitle(), compact)
                        .getBytes(StandardCharsets.UTF_8), false);
                case PNG -> AtomicFiles.write(file, png(figure.chart(), style, dpi, figure.displayTitle(), compact,
                        provenance.version()), false);
            }
        }
        AtomicFiles.write(csv, figure.data().toCsv().getBytes(StandardCharsets.UTF_8), false);
        AtomicFiles.write(json, PRETTY.writeValueAsBytes(sidecar), false);
        return written;
    }

    /** The sidecar: figure name and title, provenance, the figure's own facts, the style, and the files. */
    static Map<String, Object> sidecar(Figure figure, FigureStyle style, FigureProvenance provenance, int dpi,
            List<Path> files) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("figure", figure.name());
        m.put("title", figure.displayTitle());
        m.put("provenance", provenance);
        m.put("details", figure.details());
        Map<String, Object> s = new LinkedHashMap<>(PRETTY.convertValue(style, JSON_OBJECT));
        s.put("pngDpi", dpi);
        m.put("style", s);
        m.put("files", files.stream().map(p -> p.getFileName().toString()).toList());
        return m;
    }

    /** The sidecar as compact ASCII JSON (what the images embed), paths relative to the project folder. */
    public static String metadataJson(Figure figure, FigureStyle style, FigureProvenance provenance, int dpi) {
        try {
            return COMPACT.writeValueAsString(sidecar(figure, style, provenance.withPortablePaths(), dpi, List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Rectangle2D area(FigureStyle style) {
        return new Rectangle2D.Double(0, 0, style.widthPt(), style.heightPt());
    }

    /**
     * PDF of one page at the figure's size in points. Text is drawn as glyph outlines (JFreePDF's VECTOR hint): the
     * standard-14 fonts it would otherwise use cannot encode non-ASCII, and α or τ would print as '?'.
     */
    public static byte[] pdf(Figure figure, FigureStyle style, String metadataJson, String version) {
        PDFDocument doc = new PDFDocument();
        doc.setTitle(figure.displayTitle());
        doc.setAuthor("rft-workbench " + version);
        Page page = doc.createPage(area(style));
        PDFGraphics2D g2 = page.getGraphics2D();
        g2.setRenderingHint(PDFHints.KEY_DRAW_STRING_TYPE, PDFHints.VALUE_DRAW_STRING_TYPE_VECTOR);
        figure.chart().draw(g2, area(style));
        Map<String, String> info = new LinkedHashMap<>();
        info.put("Title", figure.displayTitle());
        info.put("Subject", "RFT Workbench figure " + figure.name() + "; provenance JSON in Keywords");
        info.put("Keywords", metadataJson);
        info.put("Creator", "rft-workbench " + version);
        info.put("Producer", "JFreePDF 2.0.1");
        return PdfInfo.withInfo(doc.getPDFBytes(), info);
    }

    /** SVG sized in points, with a {@code <title>}, a {@code <desc>} and the provenance JSON in {@code <metadata>}. */
    public static String svg(JFreeChart chart, FigureStyle style, String title, String metadataJson) {
        SVGGraphics2D g2 = new SVGGraphics2D(style.widthPt(), style.heightPt(), SVGUnits.PT);
        chart.draw(g2, area(style));
        // width/height in pt plus a viewBox in the same units: the drawing (laid out in points) fills the page
        String element = g2.getSVGElement(null, true, new ViewBox(0, 0, style.widthPt(), style.heightPt()), null,
                null);
        int open = element.indexOf('>', element.indexOf("<svg")) + 1;
        String meta = "<title>" + xml(title) + "</title><desc>RFT Workbench figure; provenance JSON in metadata</desc>"
                + "<metadata id=\"rft-workbench-provenance\">" + xml(metadataJson) + "</metadata>";
        String body = element.substring(0, open) + meta + element.substring(open);
        StringBuilder doc = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        doc.append(body).append('\n');
        return doc.toString();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The chart as pixels: laid out at its size in points and scaled by dpi / 72, antialiased. */
    static BufferedImage render(JFreeChart chart, FigureStyle style, int dpi) {
        double scale = dpi / 72.0;
        int w = (int) Math.round(style.widthPt() * scale);
        int h = (int) Math.round(style.heightPt() * scale);
        BufferedImage img = new BufferedImage(w, h,
                style.transparent() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = img.createGraphics();
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g2.scale(scale, scale);
        chart.draw(g2, area(style));
        g2.dispose();
        return img;
    }

    /**
     * PNG rendered at {@code dpi} (the chart is laid out at its size in points and scaled by dpi / 72), with a pHYs
     * chunk so viewers and LaTeX see the physical size, and tEXt/iTXt chunks for title, software and provenance.
     */
    public static byte[] png(JFreeChart chart, FigureStyle style, int dpi, String title, String metadataJson,
            String version) {
        BufferedImage img = render(chart, style, dpi);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try {
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img),
                    writer.getDefaultWriteParam());
            meta.mergeTree("javax_imageio_png_1.0", pngChunks(dpi, title, metadataJson, version));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(new IIOImage(img, null, meta));
            }
            return bytes.toByteArray();
        } catch (IIOInvalidTreeException e) {
            throw new IllegalStateException("PNG metadata rejected: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    private static IIOMetadataNode pngChunks(int dpi, String title, String metadataJson, String version) {
        IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
        IIOMetadataNode phys = new IIOMetadataNode("pHYs");
        String ppm = Integer.toString((int) Math.round(dpi / 0.0254));
        phys.setAttribute("pixelsPerUnitXAxis", ppm);
        phys.setAttribute("pixelsPerUnitYAxis", ppm);
        phys.setAttribute("unitSpecifier", "meter");
        root.appendChild(phys);
        IIOMetadataNode text = new IIOMetadataNode("tEXt");
        text.appendChild(textEntry("Software", "rft-workbench " + version));
        text.appendChild(textEntry("Description", metadataJson));
        root.appendChild(text);
        IIOMetadataNode itxt = new IIOMetadataNode("iTXt");
        IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
        entry.setAttribute("keyword", "Title");
        entry.setAttribute("compressionFlag", "FALSE");
        entry.setAttribute("compressionMethod", "0");
        entry.setAttribute("languageTag", "");
        entry.setAttribute("translatedKeyword", "");
        entry.setAttribute("text", title);
        itxt.appendChild(entry);
        root.appendChild(itxt);
        return root;
    }

    private static IIOMetadataNode textEntry(String keyword, String value) {
        IIOMetadataNode e = new IIOMetadataNode("tEXtEntry");
        e.setAttribute("keyword", keyword);
        e.setAttribute("value", value);
        return e;
    }
}
