package org.rftworkbench.ui.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rftworkbench.ui.testing.FxThreadGuard;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Notices load their icon once, on a loader thread: ControlsFX's own {@code showInformation()} decoded it on the FX
 * thread each time, probing the jar URL with {@code File.exists}, which the FX-thread guard caught in a window test.
 */
@ExtendWith(ApplicationExtension.class)
class InfoNoticeTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new StackPane(), 400, 300));
        stage.show();
    }

    @Test
    void noticesShareOneIconLoadedInTheBackground() throws Exception {
        FxToolkit.registerPrimaryStage();
        try (FxThreadGuard guard = FxThreadGuard.start()) {
            Image[] icons = new Image[2];
            WaitForAsyncUtils.asyncFx(() -> {
                InfoNotice.show(stage, "Figure exported", "3 files in /tmp");
                icons[0] = InfoNotice.icon();
                InfoNotice.show(stage, "Figure exported", "3 files in /tmp");
                icons[1] = InfoNotice.icon();
            }).get(10, TimeUnit.SECONDS);
            assertSame(icons[0], icons[1]);
            assertTrue(icons[0].isBackgroundLoading());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (icons[0].getProgress() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(icons[0].isError(), "the icon is ControlsFX's own resource");
            assertTrue(icons[0].getWidth() > 0);
            assertTrue(Window.getWindows().size() > 1, "the notice shows as a popup");
            assertTrue(guard.violations().isEmpty(), guard.report());
        }
    }

    @Test
    void aBurstOfNoticesCollapsesInsteadOfStackingOffTheScreen() throws Exception {
        FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.asyncFx(() -> {
            for (int i = 0; i < 12; i++) { // a study's jobs finishing in quick succession
                InfoNotice.show(stage, "RFT Workbench", "finished: job " + i);
            }
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        long popups = WaitForAsyncUtils.asyncFx(() -> Window.getWindows().stream()
                .filter(w -> w instanceof javafx.stage.PopupWindow && w.isShowing()).count()).get(10, TimeUnit.SECONDS);
        assertTrue(popups <= InfoNotice.MAX_STACKED + 1, popups + " notices showing");
    }
}
