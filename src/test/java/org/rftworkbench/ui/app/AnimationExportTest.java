package org.rftworkbench.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.Pane;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.rftworkbench.figures.PaperPreset;
import org.rftworkbench.figures.PlayAnimation;
import org.rftworkbench.ui.common.ChartExportMenu;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The accuracy chart's Export Play Animation…: the write path on the bundled sample (no window: only the dialogs need
 * one) and the menu item's place in the chart's context menu.
 */
@ExtendWith(ApplicationExtension.class) // the menu test builds a ContextMenu, which needs the (headless) toolkit
class AnimationExportTest {
    private static final Path SAMPLE = Path.of("sample-projects/fashion-clip-wiseft/project.json");

    @TempDir
    Path dir;

    @Test
    void theSampleAnimatesOneSlideSizedFramePerGridAlpha() throws Exception {
        LoadedProject project = ProjectStore.load(SAMPLE);
        int alphas = AlphaGrids.of(project.spec().alphaGrid()).size();
        AtomicReference<String> writer = new AtomicReference<>();
        ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-io"));
        Path out = dir.resolve("out");
        List<Path> files;
        try (EmbeddedComputeService service = new EmbeddedComputeService(EmbeddedComputeService.Settings.of(
                dir.resolve("results"), dir.resolve("tensors")))) {
            files = FigureExport.writePlayAnimation(service, command -> io.execute(() -> {
                writer.set(Thread.currentThread().getName());
                command.run();
            }), project, false, PaperPreset.SLIDE, 500, out).toCompletableFuture().get(5, TimeUnit.MINUTES);
        } finally {
            io.shutdown();
        }
        assertEquals("test-io", writer.get(), "the animation is written on the io executor");

        Path gif = out.resolve(PlayAnimation.NAME + ".gif");
        assertEquals(gif, files.get(0));
        assertEquals(alphas + 1, files.size(), files.toString());
        List<Path> frames;
        try (var list = Files.list(out.resolve(PlayAnimation.NAME))) {
            frames = list.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
        }
        assertEquals(11, alphas, "the sample's grid is 0:1:0.1");
        assertEquals(alphas, frames.size());
        for (Path frame : frames) {
            BufferedImage image = ImageIO.read(frame.toFile());
            assertEquals(1920, image.getWidth(), frame.toString()); // 13.33 in x 144 dpi
            assertEquals(1080, image.getHeight(), frame.toString());
        }

        assertTrue(Files.isRegularFile(gif));
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            assertEquals(alphas, reader.getNumImages(true));
            assertEquals(1920, reader.getWidth(0));
            assertEquals(1080, reader.getHeight(0));
        } finally {
            reader.dispose();
        }
    }

    @Test
    void extraItemsFollowExportAndCopy() throws Exception {
        List<String> labels = WaitForAsyncUtils.asyncFx(() -> {
            MenuItem play = new MenuItem("Export Play Animation…");
            ContextMenu menu = ChartExportMenu.install(new Pane(), () -> CompletableFuture.completedFuture(null),
                    Runnable::run, play);
            return menu.getItems().stream().map(MenuItem::getText).toList();
        }).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("Export Figure…", "Copy Image", "Export Play Animation…"), labels);

        List<String> plain = WaitForAsyncUtils.asyncFx(() -> ChartExportMenu.install(new Pane(),
                () -> CompletableFuture.completedFuture(null), Runnable::run).getItems().stream()
                .map(MenuItem::getText).toList()).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("Export Figure…", "Copy Image"), plain, "the three-argument menu is unchanged");
    }
}
