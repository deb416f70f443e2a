package org.rftworkbench.core.service.remote;

/**
 * A request the server refuses: HTTP status plus a one-line message that is safe to send to the client (it never
 * contains a stack trace or internal detail).
 */
final class HttpProblem extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    HttpProblem(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
