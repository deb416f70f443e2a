package org.rftworkbench.core.sharpness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.util.Hashing;
import org.rftworkbench.core.util.Progress;

/**
 * The layers x alpha sharpness heatmap: for each alpha, theta(alpha) is written into the workspace's working model
 * (in place, global alpha, no per-layer overrides), then the overall sharpness and the sharpness of every layer group
 * are measured one after the other on that same model (each measurement restores the weights exactly, and no model
 * copy is made). Each cell is put into a {@link CellStore} as soon as it is done and read back from it on a rerun,
 * so a cancelled or crashed sweep resumes. Cancellation is polled every ascent iteration / noise draw.
 *
 * <p>Not thread-safe: run on the workspace's thread.
 */
public final class SharpnessHeatmap {
    private final InterpolationWorkspace workspace;
    private final SharpnessMeter meter;
    private final CellStore store;
    private java.util.function.Consumer<SharpnessResult.Cell> cellListener = cell -> { };

    public SharpnessHeatmap(InterpolationWorkspace workspace, SharpnessMeter meter, CellStore store) {
        this.workspace = workspace;
        this.meter = meter;
        this.store = store;
    }

    /** Called on the sweep's thread after each cell (computed or cached), e.g. to sample memory. */
    public void onCell(java.util.function.Consumer<SharpnessResult.Cell> listener) {
        this.cellListener = listener;
    }

    /**
     * The examples named by the settings: the dataset called {@code settings.dataset()}, else the project's (first)
     * dataset with role "sharpness".
     *
     * @throws RftException when there is no such dataset in the workspace or it has fewer than n images
     */
    public static SharpnessData dataFor(InterpolationWorkspace ws, SharpnessSettings settings) throws RftException {
        InterpolationWorkspace.DatasetHandle handle = null;
        if (settings.dataset() != null) {
            handle = ws.datasets().get(settings.dataset());
        } else {
            for (InterpolationWorkspace.DatasetHandle h : ws.datasets().values()) {
                if (h.entry().role() == ProjectSpec.Role.SHARPNESS) {
                    handle = h;
                    break;
                }
            }
        }
        String file = ws.project().file().toString();
        if (handle == null) {
            throw new RftException(file + ": " + (settings.dataset() != null ? "no dataset named '"
                    + settings.dataset() + "'" : "no dataset with role 'sharpness'; name one with --dataset"));
        }
        if (handle.mapping().isProjection()) {
            throw new RftException(file + ": dataset '" + handle.entry().name() + "' scores each class as the max over"
                    + " several head classes (protocol objectnet); sharpness needs one head class per dataset class");
        }
        if (handle.data().size() < settings.examples()) {
            throw new RftException(file + ": dataset '" + handle.entry().name() + "' has " + handle.data().size()
                    + " images, sharpness asks for n = " + settings.examples());
        }
        return new SharpnessData(handle.data(), handle.mapping(), settings.examples(), settings.batchSize());
    }

    /** The groups a sweep measures: "overall" (every perturbable parameter) then the layer groups, if any. */
    public Map<String, List<String>> groups(SharpnessGroups.Granularity granularity) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> all = meter.perturbable();
        out.put(SharpnessGroups.OVERALL, all);
        if (granularity != null) {
            out.putAll(SharpnessGroups.build(granularity, all));
        }
        return out;
    }

    /**
     * Deterministic cache key of one cell: both endpoint SHA-256s, alpha as an exact decimal, the group's name and a
     * hash of its members, the examples (dataset content key, n, m) and every setting that changes the value, plus
     * the noise source for the average case.
     */
    public String cellKey(double alpha, String group, List<String> members) {
        StringBuilder sb = new StringBuilder("sharpness-cell/v1");
        sb.append("|A=").append(workspace.endpointA().sha256()).append("|B=").append(workspace.endpointB().sha256())
                .append("|alpha=").append(SharpnessSettings.exact(alpha)).append("|group=").append(group)
                .append("|members=").append(Hashing.sha256Hex(members.toArray(String[]::new)))
                .append("|data=").append(meter.data().canonical()).append("|settings=")
                .append(meter.settings().canonical());
        if (meter.settings().definition() == SharpnessSettings.Definition.AVERAGE_CASE) {
            sb.append("|noise=").append(meter.noise().describe());
        }
        return sb.toString();
    }

    /**
     * Whether every cell of {@code alpha} (overall and each group of {@code granularity}) is in the store already,
     * i.e. a sweep of this alpha would compute nothing.
     */
    public boolean stored(double alpha, SharpnessGroups.Granularity granularity) {
        for (Map.Entry<String, List<String>> g : groups(granularity).entrySet()) {
            if (store.get(cellKey(alpha, g.getKey(), g.getValue())).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Number of cells a sweep over {@code alphas} computes (cached ones included). */
    public int cellCount(List<Double> alphas, SharpnessGroups.Granularity granularity) {
        return alphas.size() * groups(granularity).size();
    }

    /**
     * Runs the sweep.
     *
     * @param granularity layer groups, or null for the overall value only
     * @throws org.rftworkbench.core.util.CancelledException when cancelled (finished cells stay in the store)
     * @throws UncheckedIOException when the store cannot write a cell
     */
    public SharpnessResult run(List<Double> alphas, SharpnessGroups.Granularity granularity, Progress progress) {
        Map<String, List<String>> groups = groups(granularity);
        int batches = meter.data().batchCount();
        long total = (long) alphas.size() * groups.size() * batches;
        List<SharpnessResult.Cell> cells = new ArrayList<>();
        int index = 0;
        for (double alpha : alphas) {
            boolean written = false;
            for (Map.Entry<String, List<String>> g : groups.entrySet()) {
                progress.checkCancelled();
                String key = cellKey(alpha, g.getKey(), g.getValue());
                Optional<SharpnessValue> cached = store.get(key);
                SharpnessValue value;
                if (cached.isPresent()) {
                    value = cached.get();
                } else {
                    if (!written) {
                        workspace.interpolator().apply(alpha);
                        written = true;
                    }
                    long offset = (long) index * batches;
                    String task = String.format(java.util.Locale.ROOT, "sharpness alpha=%s %s",
                            SharpnessSettings.exact(alpha), g.getKey());
                    value = meter.measure(g.getValue(), task, shifted(progress, offset, total));
                    try {
                        store.put(key, value);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                SharpnessResult.Cell cell = new SharpnessResult.Cell(alpha, g.getKey(), value, cached.isPresent());
                cells.add(cell);
                cellListener.accept(cell);
                index++;
                progress.update("sharpness cells", (long) index * batches, total);
            }
        }
        return new SharpnessResult(workspace.spec().name(), workspace.endpointA().sha256(),
                workspace.endpointB().sha256(), meter.data().dataset().name(), granularity, meter.settings(),
                meter.settings().definition() == SharpnessSettings.Definition.AVERAGE_CASE
                        ? meter.noise().describe() : null, cells);
    }

    /** Reports a measurement's batches as units of the whole sweep, so one progress bar covers it. */
    private static Progress shifted(Progress outer, long offset, long total) {
        return new Progress() {
            @Override
            public void update(String task, long done, long ignored) {
                outer.update(task, offset + done, total);
            }

            @Override
            public boolean isCancelled() {
                return outer.isCancelled();
            }
        };
    }
}
