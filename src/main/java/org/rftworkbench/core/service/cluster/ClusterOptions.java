package org.rftworkbench.core.service.cluster;

import java.util.Map;

/**
 * Where and how a {@link ClusterEngine} runs.
 *
 * @param master the cluster manager URL, e.g. {@code local[2]}, {@code spark://host:7077}, {@code yarn},
 *               {@code k8s://https://host:6443}; null = the one the launcher set (spark-submit's
 *               {@code --master}), else {@code local[*]}
 * @param conf   further engine settings, passed through as given (e.g. {@code spark.executor.memory=8g})
 */
public record ClusterOptions(String master, Map<String, String> conf) {
    public ClusterOptions {
        conf = conf == null ? Map.of() : Map.copyOf(conf);
    }
}
