package org.rftworkbench.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.Precision;
import org.rftworkbench.core.service.cluster.ClusterEngine;
import org.rftworkbench.core.service.cluster.ClusterOptions;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import picocli.CommandLine.Option;

/**
 * Where a computing command runs its cells (a picocli mixin): in this process (the embedded service, default) or on
 * a cluster ({@code --engine spark --master URL}; docs/CLUSTER.md). The cluster engine is found on the class path: the
 * desktop jar has none, the Spark runner jar adds it.
 */
final class EngineOptions {
    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "embedded",
            description = "embedded (default: this process) or spark (the missing cells run on a Spark cluster; "
                    + "--cache-dir must be storage every executor reaches; docs/CLUSTER.md).")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "With --engine spark: the Spark master, e.g. local[2], spark://HOST:7077, yarn (default: "
                    + "spark-submit's, else local[*]).")
    String master;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE",
            description = "With --engine spark: a Spark setting, e.g. spark.executor.memory=8g (repeatable).")
    List<String> sparkConf;

    /** Whether the command runs on a cluster. */
    boolean clustered() {
        return !"embedded".equals(engine);
    }

    /** The service over {@code caches} with evaluation {@code precision}, embedded or on the cluster. */
    ComputeService service(CacheOptions caches, Precision precision) throws RftException {
        return service(caches.settings(precision));
    }

    /**
     * The service with these settings: the embedded service itself, or the cluster engine's service whose driver
     * side (planning, assembly, previews) runs with them.
     */
    ComputeService service(EmbeddedComputeService.Settings settings) throws RftException {
        if (!clustered()) {
            if (master != null || sparkConf != null) {
                throw new RftException("--master and --spark-conf need --engine spark");
            }
            return new EmbeddedComputeService(settings);
        }
        if (!"spark".equals(engine)) {
            throw new RftException("unknown --engine '" + engine + "': embedded or spark");
        }
        ClusterEngine spark = ClusterEngine.find("spark").orElseThrow(() -> new RftException(
                "--engine spark: the Spark runner is not on the class path; run through tools/rft-spark or"
                        + " spark-submit with the spark-submit jar (docs/CLUSTER.md)"));
        return spark.open(new ClusterOptions(master, conf()), settings);
    }

    private Map<String, String> conf() throws RftException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : sparkConf == null ? List.<String>of() : sparkConf) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new RftException("--spark-conf '" + kv + "': expected KEY=VALUE");
            }
            out.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return out;
    }
}
