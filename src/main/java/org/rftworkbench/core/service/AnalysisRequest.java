package org.rftworkbench.core.service;

/**
 * A layer analysis the {@link ComputeService} runs on a device thread (see
 * {@link ComputeService#analyze(AnalysisRequest, Priority, String, java.util.function.Consumer)}). Like every
 * request, a plain JSON-serialisable record, so it runs embedded or on a remote server alike.
 *
 * @param <R> type of the result
 */
public sealed interface AnalysisRequest<R> extends JobRequest permits SharpnessRequest, StragglerRequest,
        SparsityRequest, ModelLayoutRequest, PlaneRequest, LayerSearchRequest {
    /** Class of the result, for decoding it from JSON (remote). */
    Class<R> resultType();
}
