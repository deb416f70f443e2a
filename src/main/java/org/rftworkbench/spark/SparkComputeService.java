package org.rftworkbench.spark;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.service.AnalysisRequest;
import org.rftworkbench.core.service.BasicJobHandle;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.ForwardingComputeService;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.JobRequest;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.ServiceInfo;
import org.rftworkbench.core.service.SharpnessRequest;
import org.rftworkbench.core.service.StragglerRequest;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.core.service.cluster.ClusterComputeService;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;

/**
 * The Spark runner behind the ordinary requests. A sweep, sharpness heatmap or straggler analysis runs in three steps
 * on a driver thread: (1) plan: the driver's embedded service opens the pair and lists the parts whose cells are not
 * in the result cache ({@link EmbeddedComputeService#missingParts}; this also fills the tensor cache once); (2) the
 * parts run on the executors, grouped pair-affine ({@link PairAffinePartitions}), each executor writing its cells
 * into the shared result cache (atomic, content-addressed writes: a retried or speculative task rewrites identical
 * bytes); (3) assemble: the driver's embedded service runs the original request, which now finds every cell in the
 * cache, so the result record is the embedded service's own. Step 3 computing anything means the executors wrote
 * elsewhere: the job fails saying so, instead of quietly computing on the driver. Previews and other analyses run on
 * the driver's embedded service. Thread-safe.
 */
public final class SparkComputeService extends ForwardingComputeService implements ClusterComputeService {
    private final JavaSparkContext spark;
    private final EmbeddedComputeService local;
    private final ExecutorSettings executorSettings;
    private final boolean ownsContext;
    private final ExecutorService driverThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "spark-driver");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger clusterJobs = new AtomicInteger();
    /** The newest distributed job per key: a newer one with the same key cancels it (latest wins). */
    private final Map<String, DistributedHandle<?>> latestByKey = new ConcurrentHashMap<>();

    /**
     * @param spark       the Spark context (closed with this service when {@code ownsContext})
     * @param local       the driver's service: plans and assembles; its result cache must be storage every executor
     *                    writes (a shared filesystem path), and so must its tensor cache
     * @param ownsContext whether {@link #close()} stops the context
     */
    public SparkComputeService(JavaSparkContext spark, EmbeddedComputeService local, boolean ownsContext) {
        this(spark, local, ownsContext, executorSettingsOf(local.settings()));
    }

    /** With the executors' settings given (tests: executors that write another cache than the driver reads). */
    SparkComputeService(JavaSparkContext spark, EmbeddedComputeService local, boolean ownsContext,
            ExecutorSettings executorSettings) {
        this.spark = spark;
        this.local = local;
        this.ownsContext = ownsContext;
        this.executorSettings = executorSettings;
    }

    /** Executors use the driver's caches (as every node sees them: shared storage) and precision. */
    static ExecutorSettings executorSettingsOf(EmbeddedComputeService.Settings s) {
        return new ExecutorSettings(s.resultCacheDir().toAbsolutePath().toString(),
                s.tensorCacheDir().toAbsolutePath().toString(), s.precision());
    }

    @Override
    protected ComputeService delegate() {
        return local;
    }

    /** Spark jobs this service has run (a request whose cells were all cached runs none). */
    public int clusterJobs() {
        return clusterJobs.get();
    }

    @Override
    public JobHandle<org.rftworkbench.core.eval.SweepResult> sweep(SweepRequest request, Priority priority,
            String key, Consumer<JobEvent> events) {
        return distributed(request, priority, key, events, e -> local.sweep(request, priority, null, e));
    }

    @Override
    public <R> JobHandle<R> analyze(AnalysisRequest<R> request, Priority priority, String key,
            Consumer<JobEvent> events) {
        if (request instanceof StragglerRequest) {
            return distributed(request, priority, key, events, e -> local.analyze(request, priority, null, e));
        }
        if (request instanceof SharpnessRequest s && !s.effectiveOptions().estimateOnly()
                && !s.effectiveOptions().benchmark()) {
            // the cost estimate times passes on this machine, which says nothing of the cluster's: left out
            SharpnessRequest.Options o = s.effectiveOptions();
            SharpnessRequest clustered = new SharpnessRequest(s.project(), s.alphas(), s.settings(), s.granularity(),
                    new SharpnessRequest.Options(o.noiseFile(), o.recompute(), false, false, false),
                    s.allowNonFinite(), s.run());
            @SuppressWarnings("unchecked") // a SharpnessRequest is an AnalysisRequest<SharpnessResult>: R is that
            AnalysisRequest<R> same = (AnalysisRequest<R>) clustered;
            return distributed(same, priority, key, events, e -> local.analyze(same, priority, null, e));
        }
        // estimates, benchmarks, sparsity paths, planes, layer searches and layouts: on the driver
        return local.analyze(request, priority, key, events);
    }

    @Override
    public ServiceInfo info() {
        ServiceInfo embedded = local.info();
        // the status bar and serve's banner: the cluster beside the engine; devices are the driver's (executors'
        // devices are the cluster's to assign)
        return new ServiceInfo(embedded.location(), embedded.engine() + " on Spark " + spark.version() + " "
                + spark.master(), embedded.devices(), embedded.precision());
    }

    @Override
    public ClusterReport computeMissing(List<JobRequest> requests, Consumer<JobEvent> events) throws Exception {
        return new ClusterJob("cluster-" + sequence.incrementAndGet(), events != null ? events : e -> { })
                .run(requests);
    }

    private <R> JobHandle<R> distributed(JobRequest request, Priority priority, String key,
            Consumer<JobEvent> events, java.util.function.Function<Consumer<JobEvent>, JobHandle<R>> assemble) {
        String id = "spark-job-" + sequence.incrementAndGet();
        Consumer<JobEvent> sink = events != null ? events : e -> { };
        ClusterJob cluster = new ClusterJob(id, sink);
        DistributedHandle<R> handle = new DistributedHandle<>(id, request, priority, cluster);
        if (key != null) {
            DistributedHandle<?> older = latestByKey.put(key, handle);
            if (older != null) {
                older.cancel(); // latest wins, as in the embedded service
            }
        }
        driverThreads.execute(() -> {
            try {
                ClusterReport report = cluster.run(List.of(request));
                handle.checkCancelled();
                AtomicInteger assembledComputed = new AtomicInteger();
                JobHandle<R> assembly = assemble.apply(e -> {
                    if (e instanceof JobEvent.CacheUse c) {
                        assembledComputed.set(c.computed());
                        // the cells the executors computed for this request, the rest were cached before
                        sink.accept(new JobEvent.CacheUse(id, c.unit(), report.computed(),
                                Math.max(0, c.fromCache() - report.computed())));
                    } else if (!(e instanceof JobEvent.Finished || e instanceof JobEvent.Failed
                            || e instanceof JobEvent.Cancelled)) {
                        sink.accept(e);
                    }
                });
                handle.assembly = assembly;
                R result = assembly.result().get();
                if (assembledComputed.get() > 0) {
                    throw new RftException(assembledComputed.get() + " cells were missing from the result cache "
                            + local.settings().resultCacheDir().toAbsolutePath() + " after the Spark job wrote them"
                            + " to " + executorSettings.resultCacheDir() + " as the executors see it: driver and"
                            + " executors must share that storage (docs/CLUSTER.md)");
                }
                sink.accept(new JobEvent.Finished(id));
                handle.complete(result);
            } catch (Throwable t) {
                Throwable cause = t instanceof ExecutionException && t.getCause() != null ? t.getCause() : t;
                if (cause instanceof CancellationException || handle.cancelled) {
                    sink.accept(new JobEvent.Cancelled(id));
                    handle.fail(new CancellationException("cancelled"));
                } else {
                    sink.accept(new JobEvent.Failed(id, String.valueOf(cause.getMessage()), cause.toString()));
                    handle.fail(cause);
                }
            }
        });
        return handle;
    }

    @Override
    public void close() {
        driverThreads.shutdownNow();
        local.close();
        ExecutorServices.closeAll();
        if (ownsContext) {
            spark.stop();
        }
    }

    /** One cluster job: plan every request, run the parts, report. */
    private final class ClusterJob {
        private final String id;
        private final Consumer<JobEvent> events;
        private volatile boolean cancelled;
        private volatile JobHandle<?> planning;

        ClusterJob(String id, Consumer<JobEvent> events) {
            this.id = id;
            this.events = events;
        }

        ClusterReport run(List<JobRequest> requests) throws Exception {
            long start = System.nanoTime();
            List<WorkUnit> units = new ArrayList<>();
            for (JobRequest request : requests) {
                checkCancelled();
                JobHandle<List<JobRequest>> plan = local.missingParts(request, Priority.USER, e -> {
                    if (e instanceof JobEvent.Progress || e instanceof JobEvent.Warning) {
                        events.accept(e);
                    }
                });
                planning = plan;
                List<JobRequest> parts = get(plan);
                String pair = request.project() + "\u0000" + (request.run() == null ? "" : request.run());
                for (JobRequest part : parts) {
                    units.add(new WorkUnit(units.size(), pair, SparkJson.MAPPER.writeValueAsString(part),
                            part.describe()));
                }
            }
            if (units.isEmpty()) {
                return new ClusterReport(0, 0, 0, 0, 0, (System.nanoTime() - start) / 1e9);
            }
            checkCancelled();
            List<List<WorkUnit>> partitions = PairAffinePartitions.of(units, Math.max(1,
                    spark.defaultParallelism()));
            events.accept(new JobEvent.Note(id, "spark: " + units.size() + " parts in " + partitions.size()
                    + " tasks on " + spark.master()));
            TaskProgress progress = new TaskProgress(id, partitions, units.size(), events);
            spark.sc().addSparkListener(progress);
            clusterJobs.incrementAndGet();
            List<UnitOutcome> outcomes;
            try {
                spark.setJobGroup(id, "rft-workbench " + units.size() + " parts", true);
                outcomes = spark.parallelize(partitions, partitions.size())
                        .flatMap(new RunPartition(executorSettings)).collect();
            } catch (RuntimeException e) {
                if (cancelled) {
                    throw new CancellationException("cancelled");
                }
                throw new RftException("the Spark job failed: " + rootMessage(e));
            } finally {
                spark.clearJobGroup();
                spark.sc().removeSparkListener(progress);
                // Spark's listener bus is asynchronous: wait for its end of the job (posted after every task's
                // end), then take nothing more from it, so no progress comes after this job's own events
                progress.awaitJobEnd();
                progress.close();
            }
            events.accept(new JobEvent.Progress(id, "spark parts", units.size(), units.size(), "parts"));
            int computed = outcomes.stream().mapToInt(UnitOutcome::computed).sum();
            int fromCache = outcomes.stream().mapToInt(UnitOutcome::fromCache).sum();
            return new ClusterReport(units.size(), partitions.size(), computed, fromCache, progress.failedAttempts(),
                    (System.nanoTime() - start) / 1e9);
        }

        void cancel() {
            cancelled = true;
            JobHandle<?> plan = planning;
            if (plan != null) {
                plan.cancel();
            }
            spark.cancelJobGroup(id);
        }

        private void checkCancelled() {
            if (cancelled) {
                throw new CancellationException("cancelled");
            }
        }

        private <T> T get(JobHandle<T> handle) throws Exception {
            try {
                return handle.result().get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception ex) {
                    throw ex;
                }
                throw e;
            }
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String first = String.valueOf(t.getMessage()).lines().findFirst().orElse("");
        return c == t ? first : first + " (" + c.getMessage() + ")";
    }

    /** Publishes the parts done as the cluster's tasks finish (each partition counted once, retries or not). */
    private static final class TaskProgress extends SparkListener {
        private final String jobId;
        private final List<List<WorkUnit>> partitions;
        private final int total;
        private final Consumer<JobEvent> events;
        private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
        private final Set<Integer> sparkJobs = ConcurrentHashMap.newKeySet();
        private final java.util.concurrent.CountDownLatch jobEnded = new java.util.concurrent.CountDownLatch(1);
        private final Set<Integer> done = new HashSet<>();
        private int partsDone;
        private int failedAttempts;

        private boolean closed;

        synchronized int failedAttempts() {
            return failedAttempts;
        }

        /** Publishes nothing more. */
        synchronized void close() {
            closed = true;
        }

        TaskProgress(String jobId, List<List<WorkUnit>> partitions, int total, Consumer<JobEvent> events) {
            this.jobId = jobId;
            this.partitions = partitions;
            this.total = total;
            this.events = events;
        }

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            if (jobId.equals(start.properties().getProperty("spark.jobGroup.id"))) {
                sparkJobs.add(start.jobId());
                for (Object stage : scala.jdk.javaapi.CollectionConverters.asJava(start.stageIds())) {
                    stages.add((Integer) stage);
                }
            }
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd end) {
            if (sparkJobs.contains(end.jobId())) {
                jobEnded.countDown();
            }
        }

        /** Waits (a little, at most) until the bus delivered the job's end, so every task's end was seen. */
        void awaitJobEnd() {
            try {
                jobEnded.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (!stages.contains(end.stageId())) {
                return;
            }
            if (!end.taskInfo().successful()) {
                synchronized (this) {
                    failedAttempts++;
                }
                return;
            }
            int partition = end.taskInfo().partitionId();
            synchronized (this) {
                if (closed || partition < 0 || partition >= partitions.size() || !done.add(partition)) {
                    return;
                }
                partsDone += partitions.get(partition).size();
                events.accept(new JobEvent.Progress(jobId, "spark parts", partsDone, total, "parts"));
            }
        }
    }

    /** The handle of a distributed request; cancel stops planning, the Spark job and the assembly. */
    private static final class DistributedHandle<R> extends BasicJobHandle<R> {
        private final ClusterJob cluster;
        private volatile boolean cancelled;
        private volatile JobHandle<R> assembly;

        DistributedHandle(String id, JobRequest request, Priority priority, ClusterJob cluster) {
            super(id, request, priority);
            this.cluster = cluster;
        }

        @Override
        public void cancel() {
            cancelled = true;
            cluster.cancel();
            JobHandle<R> a = assembly;
            if (a != null) {
                a.cancel();
            }
        }

        void checkCancelled() {
            if (cancelled) {
                throw new CancellationException("cancelled");
            }
        }

        void complete(R result) {
            future.complete(result);
        }

        void fail(Throwable t) {
            future.completeExceptionally(t);
        }
    }
}
