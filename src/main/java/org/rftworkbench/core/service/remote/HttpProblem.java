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

    /** Longest piece of client input (a job id, a path) quoted back in a message. */
    static final int MAX_ECHO = 64;

    /**
     * Client input as it may be quoted in a message: control characters replaced, cut to {@link #MAX_ECHO}
     * characters, so a 100 KB id or path does not come back whole (or split the one-line message).
     */
    static String echo(String clientText) {
        if (clientText == null) {
            return "null";
        }
        String cut = clientText.length() > MAX_ECHO ? clientText.substring(0, MAX_ECHO) : clientText;
        StringBuilder out = new StringBuilder(cut.length() + 3);
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return clientText.length() > MAX_ECHO ? out.append("...").toString() : out.toString();
    }
}
