package org.rftworkbench.core.service;

import org.rftworkbench.core.RftException;

/**
 * A job request with a value out of its range: the message is one line, "FIELD: problem", where FIELD is the
 * request's JSON field (e.g. {@code alphas[3]}, {@code settings.rho}). Exit code 2 on the CLI, HTTP 400 on the
 * server.
 */
public final class InvalidRequestException extends RftException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final String problem;

    public InvalidRequestException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** The request field, as in the JSON request, e.g. {@code batchSize} or {@code layerAlphas[0].alpha}. */
    public String field() {
        return field;
    }

    /** What is wrong with it, e.g. "must be between 1 and 4096, got 0". */
    public String problem() {
        return problem;
    }
}
