package org.rftworkbench.core.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import org.rftworkbench.core.sharpness.SharpnessGroups;
import org.rftworkbench.core.sharpness.SharpnessResult;
import org.rftworkbench.core.sharpness.SharpnessSettings;

/**
 * The overall and layer-wise sharpness of theta(alpha) for each alpha (the layers x alpha heatmap). Every finished
 * cell is stored in the result cache and published as a {@link JobEvent.SharpnessCell}; a cancelled job keeps its
 * finished cells, and a repeated request serves them from the cache.
 *
 * @param project     project file
 * @param alphas      alphas, computed in this order
 * @param settings    the sharpness definition (its dataset null = the project's "sharpness" dataset)
 * @param granularity layer groups (null = the overall value only)
 * @param options     how to run it (null = {@link Options#DEFAULT}, as the app runs it)
 * @param allowNonFinite evaluate checkpoints that hold NaN/Inf (with a warning) instead of refusing them; default false
 * @param run        label of the project's run that is endpoint B (null = the project's selected run)
 */
public record SharpnessRequest(String project, List<Double> alphas, SharpnessSettings settings,
        SharpnessGroups.Granularity granularity, Options options, boolean allowNonFinite, String run)
        implements AnalysisRequest<SharpnessResult> {
    public SharpnessRequest {
        alphas = alphas == null ? null : List.copyOf(alphas);
    }

    /** The request on the project's selected pair. */
    public SharpnessRequest(String project, List<Double> alphas, SharpnessSettings settings,
            SharpnessGroups.Granularity granularity, Options options, boolean allowNonFinite) {
        this(project, alphas, settings, granularity, options, allowNonFinite, null);
    }

    /** The request run the default way ({@code options} null), refusing checkpoints with NaN/Inf. */
    public SharpnessRequest(String project, List<Double> alphas, SharpnessSettings settings,
            SharpnessGroups.Granularity granularity) {
        this(project, alphas, settings, granularity, null, false);
    }

    /** The request with run options, refusing checkpoints with NaN/Inf. */
    public SharpnessRequest(String project, List<Double> alphas, SharpnessSettings settings,
            SharpnessGroups.Granularity granularity, Options options) {
        this(project, alphas, settings, granularity, options, false);
    }

    /** The request run the default way ({@code options} null). */
    public SharpnessRequest(String project, List<Double> alphas, SharpnessSettings settings,
            SharpnessGroups.Granularity granularity, boolean allowNonFinite) {
        this(project, alphas, settings, granularity, null, allowNonFinite);
    }

    /**
     * How a sharpness job runs, beyond what it measures (what the {@code sharpness} command exposes).
     *
     * @param noiseFile    average case: read the noise draws from this safetensors file (a path as the client sees
     *                     it; a server resolves it within its roots) instead of the seeded generator; null = seeded.
     *                     The noise source is part of every cell's cache key
     * @param recompute    recompute every cell even when it is cached (finished cells are still stored)
     * @param estimate     first time a few passes and publish the cost as a {@link JobEvent.Note} ("cost: ...")
     * @param estimateOnly stop after the estimate: the result has no cells
     * @param benchmark    publish a {@link JobEvent.Note} per computed cell: its time against its minimum work
     *                     and the memory in use
     */
    public record Options(String noiseFile, boolean recompute, boolean estimate, boolean estimateOnly,
            boolean benchmark) {
        /** Seeded noise, cached cells reused, no estimate, no benchmark lines. */
        public static final Options DEFAULT = new Options(null, false, false, false, false);
    }

    /** {@link #options()}, or {@link Options#DEFAULT} when none were given. */
    @JsonIgnore
    public Options effectiveOptions() {
        return options != null ? options : Options.DEFAULT;
    }

    @Override
    public String describe() {
        return "sharpness " + alphas.size() + " alphas" + (granularity == null ? ""
                : " x " + granularity.name().toLowerCase(java.util.Locale.ROOT) + " groups");
    }

    @Override
    @JsonIgnore
    public Class<SharpnessResult> resultType() {
        return SharpnessResult.class;
    }
}
