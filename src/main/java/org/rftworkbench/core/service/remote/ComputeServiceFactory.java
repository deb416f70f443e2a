package org.rftworkbench.core.service.remote;

import java.nio.file.Path;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.util.FileAccessPolicy;

/** Creates the service that {@code rft-workbench serve} exposes (the embedded one; a fake in tests). */
@FunctionalInterface
public interface ComputeServiceFactory {
    /**
     * @param cacheDir   the folder for the result and tensor caches, or null for the default
     *                   ({@code ~/.cache/rft-workbench})
     * @param fileAccess the policy every file a job opens must pass ({@link ServerRoots#fileAccess()})
     */
    ComputeService create(Path cacheDir, FileAccessPolicy fileAccess) throws RftException;
}
