package org.rftworkbench.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.rftworkbench.core.util.AtomicFiles;

/**
 * The window's Play sweep as files a slide can embed: the accuracy-vs-alpha figure once per alpha of the grid, with
 * a line at the current alpha and "α = ..." under the title, as a numbered PNG sequence (for LaTeX's animate package
 * or a slide per step) and as one looping animated GIF (PowerPoint, Keynote, Google Slides, web pages).
 *
 * <p>Stateless; each call builds its own charts, so calls may run on any thread.
 */
public final class PlayAnimation {
    /** Folder and GIF base name beside the other figures. */
    public static final String NAME = AccuracyVsAlphaFigure.NAME + "-play";

    private PlayAnimation() {
    }

    /**
     * Writes {@code DIR/NAME/frame-000.png ...} (one frame per alpha, in order) and {@code DIR/NAME.gif} (every frame,
     * {@code frameMillis} each, looping), replacing earlier ones.
     *
     * @param alphas      the frames' alphas (the sweep's grid, in playing order), at least one
     * @param frameMillis time per GIF frame in milliseconds (GIF counts in hundredths of a second), 20 to 60,000
     * @return the GIF first, then the frames
     */
    public static List<Path> write(AccuracyVsAlphaFigure.Data data, FigureStyle style, int dpi, List<Double> alphas,
            int frameMillis, Path dir) throws IOException {
        if (alphas.isEmpty()) {
            throw new IllegalArgumentException("an animation needs at least one alpha");
        }
        if (frameMillis < 20 || frameMillis > 60_000) {
            throw new IllegalArgumentException("frame time must be 20 to 60000 ms, got " + frameMillis);
        }
        Path frames = dir.resolve(NAME);
        Files.createDirectories(frames);
        try (var old = Files.list(frames)) { // a shorter grid than last time must not leave stale frames behind
            for (Path p : old.filter(p -> p.getFileName().toString().matches("frame-\\d+\\.png")).toList()) {
                Files.delete(p);
            }
        }
        List<BufferedImage> images = new ArrayList<>();
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < alphas.size(); i++) {
            BufferedImage image = frame(data, style, dpi, alphas.get(i));
            images.add(image);
            Path file = frames.resolve(String.format(Locale.ROOT, "frame-%03d.png", i));
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            AtomicFiles.write(file, png.toByteArray(), false);
            written.add(file);
        }
        Path gif = dir.resolve(NAME + ".gif");
        AtomicFiles.write(gif, gif(images, frameMillis), false);
        written.add(0, gif);
        return written;
    }

    /** One frame: the figure with a line at {@code alpha} (at 1 - alpha when flipped) and the alpha as a subtitle. */
    static BufferedImage frame(AccuracyVsAlphaFigure.Data data, FigureStyle style, int dpi, double alpha) {
        Figure figure = AccuracyVsAlphaFigure.build(data, style);
        XYPlot plot = figure.chart().getXYPlot();
        double x = data.flipped() ? 1 - alpha : alpha;
        plot.addDomainMarker(new ValueMarker(x, Color.DARK_GRAY, new BasicStroke(style.lineWidthPt())));
        TextTitle now = new TextTitle(String.format(Locale.ROOT, "α = %.2f", alpha),
                ChartStyling.font(style, 0f, false));
        figure.chart().addSubtitle(0, now);
        return FigureExporter.render(figure.chart(), style, dpi);
    }

    /** An animated GIF of the frames, {@code frameMillis} each, looping forever (NETSCAPE2.0 extension). */
    static byte[] gif(List<BufferedImage> frames, int frameMillis) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames.size(); i++) {
                BufferedImage rgb = frames.get(i);
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(rgb),
                        writer.getDefaultWriteParam());
                String format = meta.getNativeMetadataFormatName();
                IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
                IIOMetadataNode control = child(root, "GraphicControlExtension");
                control.setAttribute("disposalMethod", "none");
                control.setAttribute("userInputFlag", "FALSE");
                control.setAttribute("transparentColorFlag", "FALSE");
                control.setAttribute("delayTime", Integer.toString(Math.max(2, Math.round(frameMillis / 10f))));
                control.setAttribute("transparentColorIndex", "0");
                if (i == 0) {
                    IIOMetadataNode apps = child(root, "ApplicationExtensions");
                    IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
                    loop.setAttribute("applicationID", "NETSCAPE");
                    loop.setAttribute("authenticationCode", "2.0");
                    loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = forever
                    apps.appendChild(loop);
                }
                meta.setFromTree(format, root);
                writer.writeToSequence(new IIOImage(rgb, null, meta), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
