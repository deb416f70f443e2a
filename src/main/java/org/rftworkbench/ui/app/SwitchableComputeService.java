package org.rftworkbench.ui.app;

import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.ForwardingComputeService;

/**
 * Lets the window move from the embedded service to a remote server (File > Connect to Server) and back without
 * rebuilding its views: new jobs go to the current target. Thread-safe.
 */
final class SwitchableComputeService extends ForwardingComputeService {
    private volatile ComputeService target;

    SwitchableComputeService(ComputeService initial) {
        this.target = initial;
    }

    /** Switches and returns the previous target (the caller closes it, off the FX thread). */
    ComputeService switchTo(ComputeService next) {
        ComputeService previous = target;
        target = next;
        return previous;
    }

    @Override
    protected ComputeService delegate() {
        return target;
    }
}
