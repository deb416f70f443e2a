package org.rftworkbench.core.service;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * An immutable description of work for the {@link ComputeService}. Requests are plain records that serialise to JSON
 * (with a "type" field), so the same request runs embedded or on a remote server. Paths in requests are as the
 * client sees them; a remote server resolves them within its configured roots.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PreviewRequest.class, name = "preview"),
    @JsonSubTypes.Type(value = SweepRequest.class, name = "sweep"),
    @JsonSubTypes.Type(value = SharpnessRequest.class, name = "sharpness"),
    @JsonSubTypes.Type(value = StragglerRequest.class, name = "stragglers"),
    @JsonSubTypes.Type(value = SparsityRequest.class, name = "sparsity"),
    @JsonSubTypes.Type(value = ModelLayoutRequest.class, name = "layout"),
    @JsonSubTypes.Type(value = PlaneRequest.class, name = "plane"),
    @JsonSubTypes.Type(value = LayerSearchRequest.class, name = "layer-search")
})
public sealed interface JobRequest permits PreviewRequest, SweepRequest, AnalysisRequest {
    /** The project file the job works on. */
    String project();

    /** Short human-readable label for job lists, e.g. "preview alpha=0.35". */
    String describe();

    /**
     * Whether checkpoints holding NaN/Inf are evaluated (with a warning naming the tensors) instead of refused, the
     * default. The same rule for the CLI ({@code --allow-non-finite}), the app and the server (field
     * {@code allowNonFinite}).
     */
    boolean allowNonFinite();

    /**
     * Label of the project's run that is endpoint B of the pair the job works on; null = the pair the project file
     * selects (its {@code selectedRun}, else its first run). Unknown labels fail with the labels listed.
     */
    String run();
}
