package org.rftworkbench.core.util;

/** Thrown by core loops when their {@link Progress} reports cancellation; not an error. */
public final class CancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CancelledException() {
        super("cancelled");
    }
}
