package org.rftworkbench.core.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * What a running job reports, in order: any number of {@link Progress}, {@link Estimates}, {@link SharpnessCell}s, {@link PlaneCell}s,
 * {@link Warning}s and {@link Note}s, at most one {@link CacheUse} (sweeps and analyses, just before the end), then
 * exactly one of {@link Finished}, {@link Failed} or {@link Cancelled}. Serialises to JSON (for the remote event
 * stream).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JobEvent.Progress.class, name = "progress"),
    @JsonSubTypes.Type(value = JobEvent.Estimates.class, name = "estimates"),
    @JsonSubTypes.Type(value = JobEvent.Warning.class, name = "warning"),
    @JsonSubTypes.Type(value = JobEvent.SharpnessCell.class, name = "sharpness-cell"),
    @JsonSubTypes.Type(value = JobEvent.PlaneCell.class, name = "plane-cell"),
    @JsonSubTypes.Type(value = JobEvent.Note.class, name = "note"),
    @JsonSubTypes.Type(value = JobEvent.CacheUse.class, name = "cache-use"),
    @JsonSubTypes.Type(value = JobEvent.Finished.class, name = "finished"),
    @JsonSubTypes.Type(value = JobEvent.Failed.class, name = "failed"),
    @JsonSubTypes.Type(value = JobEvent.Cancelled.class, name = "cancelled")
})
public sealed interface JobEvent {
    String jobId();

    /**
     * Units done of a task; {@code total} is -1 when unknown. {@code unit} names what is counted (plural: "images"
     * while a dataset is prepared or evaluated, "tensors" while a checkpoint loads), null when unnamed; omitted from
     * JSON when null.
     */
    record Progress(String jobId, String task, long done, long total,
            @JsonInclude(JsonInclude.Include.NON_NULL) String unit) implements JobEvent {
        /** Progress in unnamed units. */
        public Progress(String jobId, String task, long done, long total) {
            this(jobId, task, done, total, null);
        }
    }

    /** A progressive evaluation step: one estimate per dataset plus the OOD average (may be null). */
    record Estimates(String jobId, double alpha, List<org.rftworkbench.core.service.Estimate> datasets,
            org.rftworkbench.core.service.Estimate averageOod) implements JobEvent {
    }

    /** One finished cell of a sharpness heatmap job (computed or served from the cache), so views fill in live. */
    record SharpnessCell(String jobId, org.rftworkbench.core.sharpness.SharpnessResult.Cell cell) implements JobEvent {
    }

    /**
     * One finished point of a plane job (every dataset evaluated or served from the cache), in the coarse-to-fine
     * order the job computes them, so a plane view fills in live.
     */
    record PlaneCell(String jobId, org.rftworkbench.core.eval.PlaneResult.Cell cell) implements JobEvent {
    }

    /** Something the user should know that does not stop the job, e.g. NaN/Inf in a checkpoint (one line). */
    record Warning(String jobId, String message) implements JobEvent {
    }

    /** Information for the user that is neither progress nor a problem, e.g. a cost estimate (one line). */
    record Note(String jobId, String message) implements JobEvent {
    }

    /**
     * How the job's results were obtained: {@code computed} evaluated now, {@code fromCache} read from the result
     * cache. Published once by sweeps (unit "cell": one per alpha and dataset) and analyses (sharpness: "cell", one
     * per alpha and group; stragglers and sparsity: "result", the whole result), after every other event but the
     * terminal one.
     */
    record CacheUse(String jobId, String unit, int computed, int fromCache) implements JobEvent {
    }

    /** The job completed; its result is in the handle's future. */
    record Finished(String jobId) implements JobEvent {
    }

    /** The job failed; {@code message} is one line the user can act on, {@code detail} for a details pane. */
    record Failed(String jobId, String message, String detail) implements JobEvent {
    }

    /** The job was cancelled (by the user or by a newer job with the same key). */
    record Cancelled(String jobId) implements JobEvent {
    }
}
