package org.rftworkbench.ui.testing;

import java.util.List;

/**
 * Something the JavaFX Application Thread did that it must not: touch a file, call DJL, or run compute code.
 *
 * @param kind  "file-read", "file-write", "file-force", "socket-read", "socket-write" (JDK Flight Recorder events,
 *              exact) or "djl", "file-io", "compute" (seen by the stack sampler, in at least one sample)
 * @param what  the path (or host:port), or the offending stack frame
 * @param stack the FX thread's stack when it was seen
 */
public record FxThreadViolation(String kind, String what, List<StackTraceElement> stack) {
    public FxThreadViolation {
        stack = List.copyOf(stack);
    }

    /** Kind, subject and the stack, one frame a line (at most 40), for a test failure message. */
    public String describe() {
        StringBuilder sb = new StringBuilder(kind).append(": ").append(what).append('\n');
        stack.stream().limit(40).forEach(f -> sb.append("    at ").append(f).append('\n'));
        return sb.toString();
    }
}
