package org.rftworkbench.core.service.cluster;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;

/**
 * A runner that computes a request's cells beyond this machine (Spark: {@code org.rftworkbench.spark}, built into its
 * own jar so the desktop jar never carries it). Found with {@link ServiceLoader}; none is present in the desktop
 * application. Implementations are thread-safe.
 */
public interface ClusterEngine {
    /** The engine's name as {@code --engine} spells it, e.g. "spark". */
    String name();

    /**
     * A compute service whose sweeps, sharpness heatmaps and straggler analyses run their missing cells on the
     * cluster; everything else runs on {@code local}'s settings in this process.
     *
     * @param local the driver's own service settings: its result cache must be storage every worker reaches
     * @throws RftException when the cluster cannot be reached or the settings are wrong
     */
    ClusterComputeService open(ClusterOptions options, EmbeddedComputeService.Settings local) throws RftException;

    /** The engine called {@code name} on the class path, if any. */
    static Optional<ClusterEngine> find(String name) {
        for (ClusterEngine engine : ServiceLoader.load(ClusterEngine.class)) {
            if (engine.name().equals(name)) {
                return Optional.of(engine);
            }
        }
        return Optional.empty();
    }

    /** Names of the engines on the class path. */
    static List<String> available() {
        return ServiceLoader.load(ClusterEngine.class).stream().map(p -> p.get().name()).toList();
    }
}
