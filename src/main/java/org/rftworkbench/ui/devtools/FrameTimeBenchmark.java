package org.rftworkbench.ui.devtools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.control.Slider;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.rftworkbench.ui.app.MainWindow;
import org.rftworkbench.ui.app.UserSettings;
import org.rftworkbench.ui.interpolation.InterpolationViewModel;

/**
 * Responsiveness benchmark of the desktop window (docs/BENCHMARKS.md): opens the real {@link MainWindow} on a
 * project with the embedded service and cold caches, waits for the background precompute of the alpha grid, then
 * drags the alpha slider at 60 Hz (one {@code setValue} per event, as a mouse drag does) through alphas off the grid,
 * moving for a second then holding still for a second,
 * alternating segments with and without a background sweep (21 fresh alphas at BACKGROUND priority, resubmitted
 * while the segment lasts). Measures the interval between JavaFX pulses (an {@link AnimationTimer}, so every pulse),
 * the FX-thread time of each slider event (all listeners: readouts, charts, preview submission), and the previews
 * asked for and answered. Reports both conditions from the same run and their ratio.
 *
 * <p>Run with a display (Xvfb) and the software pipeline: {@code xvfb-run -a -s "-screen 0 1400x900x24" java
 * -Dprism.order=sw -Dai.djl.pytorch.num_threads=1 -cp "target/rft-workbench.jar:target/lib/*"
 * org.rftworkbench.ui.devtools.FrameTimeBenchmark [PROJECT] [SECONDS_PER_CONDITION]}.
 */
public final class FrameTimeBenchmark {
    private static final long EVENT_PERIOD_NANOS = 16_666_667L;
    private static final int SEGMENTS_PER_CONDITION = 2;
    /** A drag is 1 s of movement then 1 s holding still, as a user looks at the readouts. */
    private static final long CYCLE_NANOS = 2_000_000_000L;
    private static final long MOVE_NANOS = 1_000_000_000L;

    private final MainWindow window;
    private final PreviewCounter counter;
    private final LoadedProject project;
    private final Slider slider;
    private final List<Double> frameMillis = new ArrayList<>();
    private final List<Double> handlerMillis = new ArrayList<>();
    private long lastPulse;
    private double phase;

    private FrameTimeBenchmark(MainWindow window, PreviewCounter counter, LoadedProject project, Slider slider) {
        this.window = window;
        this.counter = counter;
        this.project = project;
        this.slider = slider;
    }

    /** What one condition measured. */
    record Result(String condition, FrameStats frames, FrameStats handlers, long previews, long answered, long exact,
            int sweepAlphas) {
        String describe() {
            return String.format(Locale.ROOT, "%-13s frame interval %s%n%-13s slider event on FX %s%n%-13s previews "
                    + "asked %d, answered %d, exact %d; background sweep alphas finished: %d", condition,
                    frames.describe(), "", handlers.describe(), "", previews, answered, exact, sweepAlphas);
        }
    }

    public static void main(String[] args) throws Exception {
        Path projectFile = Path.of(args.length > 0 ? args[0] : "sample-projects/fashion-clip-wiseft/project.json");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 20;
        Path cache = Files.createTempDirectory("rft-frame-bench");
        EmbeddedComputeService service = new EmbeddedComputeService(EmbeddedComputeService.Settings.of(
                cache.resolve("results"), cache.resolve("tensors")));
        PreviewCounter counter = new PreviewCounter(service);
        CompletableFuture<MainWindow> opened = new CompletableFuture<>();
        Platform.startup(() -> {
            Stage stage = new Stage();
            MainWindow window = new MainWindow(stage, counter, UserSettings.defaults(), cache.resolve("settings.json"));
            stage.show();
            window.openProject(projectFile);
            opened.complete(window);
        });
        MainWindow window = opened.get(60, TimeUnit.SECONDS);
        long start = System.nanoTime();
        LoadedProject project = waitFor(() -> window.interpolation().projectProperty().get(), 120);
        int gridSize = AlphaGrids.of(project.spec().alphaGrid()).size();
        waitFor(() -> gridPoints(window) >= gridSize ? Boolean.TRUE : null, 600);
        System.out.printf(Locale.ROOT, "window open and grid of %d alphas precomputed (cold caches) in %.1f s%n",
                gridSize, (System.nanoTime() - start) / 1e9);
        Slider slider = onFx(() -> (Slider) Window.getWindows().get(0).getScene().lookup("#alphaSlider"));
        FrameTimeBenchmark bench = new FrameTimeBenchmark(window, counter, project, slider);
        List<Result> results = bench.run(seconds);
        results.forEach(r -> System.out.println(r.describe()));
        Result idle = results.get(0);
        Result sweep = results.get(1);
        System.out.printf(Locale.ROOT, "ratio sweep/idle: frame median %.2f, p95 %.2f, p99 %.2f; slider event p95 "
                + "%.2f%n", sweep.frames().median() / idle.frames().median(), sweep.frames().p95() / idle.frames().p95(),
                sweep.frames().p99() / idle.frames().p99(), sweep.handlers().p95() / idle.handlers().p95());
        System.out.printf(Locale.ROOT, "target p95 < 33 ms during the sweep: %s%n",
                sweep.frames().p95() < 33 ? "met" : "MISSED");
        Platform.runLater(window::shutdown);
        Thread.sleep(500);
        Platform.exit();
        System.exit(0);
    }

    /** Alphas of the average-OOD curve so far; call on the FX thread. */
    private static int gridPoints(MainWindow window) {
        var curve = window.interpolation().curvesProperty().get().get(InterpolationViewModel.AVG_OOD);
        return curve == null ? 0 : curve.size();
    }

    /** Idle and sweep segments interleaved (idle, sweep, idle, sweep), so that drift in machine load hits both. */
    private List<Result> run(double seconds) throws Exception {
        double segment = seconds / SEGMENTS_PER_CONDITION;
        List<Segment> idle = new ArrayList<>();
        List<Segment> sweep = new ArrayList<>();
        for (int i = 0; i < SEGMENTS_PER_CONDITION; i++) {
            idle.add(segment("no sweep", segment, false));
            sweep.add(segment("during sweep", segment, true));
        }
        return List.of(merge(idle), merge(sweep));
    }

    private Segment segment(String name, double seconds, boolean withSweep) throws Exception {
        long[] before = counter.counts();
        AtomicInteger sweepAlphas = new AtomicInteger();
        BackgroundSweeps sweeps = withSweep ? new BackgroundSweeps(sweepAlphas) : null;
        if (sweeps != null) {
            sweeps.submitNext();
        }
        List<Double> frames = new ArrayList<>();
        List<Double> handlers = new ArrayList<>();
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long t = System.nanoTime();
                if (lastPulse != 0) {
                    frames.add((t - lastPulse) / 1e6);
                }
                lastPulse = t;
            }
        };
        onFx(() -> {
            lastPulse = 0;
            timer.start();
            return null;
        });
        long begin = System.nanoTime();
        long end = begin + (long) (seconds * 1e9);
        long next = begin;
        while (System.nanoTime() < end) {
            if ((System.nanoTime() - begin) % CYCLE_NANOS >= MOVE_NANOS) {
                next += EVENT_PERIOD_NANOS; // holding the thumb still: the preview of this alpha may finish
                LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
                continue;
            }
            double alpha = nextAlpha();
            Platform.runLater(() -> {
                long t = System.nanoTime();
                slider.setValue(alpha);
                handlers.add((System.nanoTime() - t) / 1e6);
            });
            next += EVENT_PERIOD_NANOS;
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
        onFx(() -> {
            timer.stop();
            return null;
        });
        if (sweeps != null) {
            sweeps.stop();
        }
        long[] after = counter.counts();
        List<Double> framesCopy = onFx(() -> new ArrayList<>(frames));
        List<Double> handlersCopy = onFx(() -> new ArrayList<>(handlers));
        return new Segment(name, framesCopy, handlersCopy, after[0] - before[0], after[1] - before[1],
                after[2] - before[2], sweepAlphas.get());
    }

    /** Raw samples of one segment, merged per condition. */
    private record Segment(String condition, List<Double> frames, List<Double> handlers, long previews,
            long answered, long exact, int sweepAlphas) {
    }

    private static Result merge(List<Segment> segments) {
        List<Double> frames = new ArrayList<>();
        List<Double> handlers = new ArrayList<>();
        long previews = 0;
        long answered = 0;
        long exact = 0;
        int sweepAlphas = 0;
        for (Segment s : segments) {
            frames.addAll(s.frames());
            handlers.addAll(s.handlers());
            previews += s.previews();
            answered += s.answered();
            exact += s.exact();
            sweepAlphas += s.sweepAlphas();
        }
        return new Result(segments.get(0).condition(), FrameStats.of(frames), FrameStats.of(handlers), previews,
                answered, exact, sweepAlphas);
    }

    /**
     * The next alpha of a triangle wave over [0.02, 0.98] with a 3 s period, shifted by a little each period so that
     * a drag rarely hits an alpha already in the result cache (a real drag hits arbitrary alphas).
     */
    private double nextAlpha() {
        phase += EVENT_PERIOD_NANOS / 3e9;
        double t = phase % 1;
        double tri = t < 0.5 ? 2 * t : 2 - 2 * t;
        double shift = 0.0007 * Math.floor(phase);
        return Math.round((0.02 + 0.96 * tri + shift) % 1 * 1e4) / 1e4;
    }

    /** Keeps one background sweep of 21 fresh alphas running through the window's service until stopped. */
    private final class BackgroundSweeps {
        private final AtomicInteger done;
        private volatile boolean stopped;
        private volatile JobHandle<SweepResult> current;
        private int round;

        BackgroundSweeps(AtomicInteger done) {
            this.done = done;
        }

        void submitNext() {
            if (stopped) {
                return;
            }
            List<Double> alphas = new ArrayList<>();
            double offset = 0.0013 * (++round) + 0.0001 * (System.nanoTime() % 7);
            for (int i = 0; i < 21; i++) {
                alphas.add(Math.round((i / 20.0 * 0.98 + offset) * 1e5) / 1e5);
            }
            SweepRequest request = new SweepRequest(project.file().toString(), alphas, List.of(), null, null);
            JobHandle<SweepResult> handle = window.computeService().sweep(request, Priority.BACKGROUND, null,
                    e -> { });
            current = handle;
            handle.result().whenComplete((r, e) -> {
                if (r != null) {
                    done.addAndGet(r.points().size());
                    submitNext();
                }
            });
        }

        void stop() {
            stopped = true;
            JobHandle<SweepResult> h = current;
            if (h != null) {
                h.cancel();
            }
        }
    }

    /** Polls {@code value} on the FX thread until it is not null. */
    private static <T> T waitFor(Supplier<T> value, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            T v = onFx(value::get);
            if (v != null) {
                return v;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("timed out after " + seconds + " s");
    }

    private static <T> T onFx(Callable<T> body) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(body.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }
}
