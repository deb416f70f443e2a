package org.rftworkbench.core.service.remote;

import java.nio.file.Path;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.service.ComputeService;

/** Creates the service that {@code rft-workbench serve} exposes (the embedded one; a fake in tests). */
@FunctionalInterface
public interface ComputeServiceFactory {
    /**
     * @param cacheDir the folder for the result and tensor caches, or null for the default
     *                 ({@code ~/.cache/rft-workbench})
     */
    ComputeService create(Path cacheDir) throws RftException;
}
