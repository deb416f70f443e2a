package org.rftworkbench.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.service.cluster.ClusterComputeService;
import org.rftworkbench.core.service.cluster.ClusterEngine;
import org.rftworkbench.core.service.cluster.ClusterOptions;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;

/**
 * {@code --engine spark}: starts a Spark application (the driver is this process) and returns the
 * {@link SparkComputeService} over it. Registered through {@link java.util.ServiceLoader} in the Spark runner jar
 * only. Thread-safe.
 */
public final class SparkEngine implements ClusterEngine {
    /** Spark's master when neither {@code --master} nor the launcher (spark-submit) names one. */
    public static final String DEFAULT_MASTER = "local[*]";

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public ClusterComputeService open(ClusterOptions options, EmbeddedComputeService.Settings local)
            throws RftException {
        SparkConf conf = conf(options);
        JavaSparkContext spark;
        try {
            spark = new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new RftException("cannot start Spark on " + conf.get("spark.master") + ": " + e.getMessage());
        }
        try {
            return new SparkComputeService(spark, new EmbeddedComputeService(local), true);
        } catch (RuntimeException e) {
            spark.stop();
            throw e;
        }
    }

    /**
     * The Spark configuration: spark-submit's (read from {@code spark.*} system properties), then the master and
     * settings given; the application is called "rft-workbench".
     */
    static SparkConf conf(ClusterOptions options) {
        SparkConf conf = new SparkConf(true).setAppName("rft-workbench");
        if (options.master() != null) {
            conf.setMaster(options.master());
        } else if (!conf.contains("spark.master")) {
            conf.setMaster(DEFAULT_MASTER);
        }
        for (Map.Entry<String, String> e : options.conf().entrySet()) {
            conf.set(e.getKey(), e.getValue());
        }
        String master = conf.get("spark.master");
        if (!master.startsWith("local[") && !master.equals("local") && !conf.contains("spark.jars")
                && !conf.contains("spark.executor.extraClassPath")) {
            // started from a build or an install (tools/rft-spark), not through spark-submit: executors take the
            // driver's class path, which holds when every worker sees the same paths (one machine, or the same
            // install everywhere); spark-submit ships its jar instead (docs/CLUSTER.md)
            conf.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        }
        return conf;
    }
}
