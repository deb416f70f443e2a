package org.rftworkbench.core.service;

/** Job priorities, highest first: a slider preview beats a user-started run, which beats background precompute. */
public enum Priority {
    INTERACTIVE,
    USER,
    BACKGROUND
}
