package org.rftworkbench.core.service.embedded;

import org.rftworkbench.core.service.AnalysisRequest;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.JobRequest;
import org.rftworkbench.core.service.InvalidRequestException;
import org.rftworkbench.core.service.Precision;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.PreviewResult;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.RequestValidator;
import org.rftworkbench.core.service.ServiceInfo;
import org.rftworkbench.core.service.SweepRequest;

import org.rftworkbench.core.util.FileAccessPolicy;
import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.core.eval.CoarseFirstOrder;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.service.cache.ResultCache;
import org.rftworkbench.core.service.estimate.ProgressiveSchedule;

/**
 * The in-process {@link ComputeService}: one device thread per compute device ("device-0", ...; every GPU DJL sees,
 * or the CPU), each owning the models it opened; one event thread ("compute-events") delivering job events in
 * order; a content-addressed {@link ResultCache} on disk.
 *
 * <p>Scheduling: jobs wait in one queue, highest {@link Priority} first, FIFO within a priority; a free device takes
 * the next unit of the first job (a sweep has one unit per alpha, so several devices share it). A job submitted with
 * a key cancels the unfinished job with the same key: removed if still queued, stopped at its next batch if running.
 * Every request is checked by {@link RequestValidator} on submit; an invalid one gives a job that has already failed
 * (its listener gets {@link JobEvent.Failed} naming the field, its future an {@link InvalidRequestException}) and
 * that cancels nothing.
 *
 * <p>Thread-safe. {@link #close()} cancels every job, waits for the device threads to stop (each closes its models)
 * and for the remaining events to be delivered.
 */
public final class EmbeddedComputeService implements ComputeService {
    /**
     * Configuration. Immutable.
     *
     * @param resultCacheDir      the result cache folder
     * @param tensorCacheDir      the preprocessed-image cache folder
     * @param devices             one device thread each (null = {@link Engines#computeDevices()}); the same device
     *                            may be listed twice (two workers, e.g. to test splitting on a CPU)
     * @param precision           evaluation precision (interpolation is always fp32)
     * @param schedule            progressive-evaluation steps of previews
     * @param workspacesPerDevice projects each device keeps open (LRU)
     * @param fileAccess          every file a job opens is checked against it when opened (null = allow all;
     *                            {@code serve} confines jobs to its roots)
     */
    public record Settings(Path resultCacheDir, Path tensorCacheDir, List<Device> devices, Precision precision,
            ProgressiveSchedule schedule, int workspacesPerDevice, FileAccessPolicy fileAccess) {
        public Settings {
            fileAccess = fileAccess == null ? FileAccessPolicy.ALLOW_ALL : fileAccess;
            Objects.requireNonNull(resultCacheDir, "resultCacheDir");
            Objects.requireNonNull(tensorCacheDir, "tensorCacheDir");
            devices = devices == null ? null : List.copyOf(devices);
            precision = precision == null ? Precision.FP32 : precision;
            schedule = schedule == null ? ProgressiveSchedule.DEFAULT : schedule;
            if (workspacesPerDevice < 1) {
                throw new IllegalArgumentException("workspacesPerDevice must be at least 1");
            }
        }

        /** As the canonical constructor, allowing every file. */
        public Settings(Path resultCacheDir, Path tensorCacheDir, List<Device> devices, Precision precision,
                ProgressiveSchedule schedule, int workspacesPerDevice) {
            this(resultCacheDir, tensorCacheDir, devices, precision, schedule, workspacesPerDevice, null);
        }

        /** Every device, fp32, default schedule, two open projects per device. */
        public static Settings of(Path resultCacheDir, Path tensorCacheDir) {
            return new Settings(resultCacheDir, tensorCacheDir, null, Precision.FP32, ProgressiveSchedule.DEFAULT, 2);
        }

        /** Under the per-user cache folder: results/ and tensors/. */
        public static Settings defaults() {
            Path root = Engines.defaultCacheDir();
            return of(root.resolve("results"), root.resolve("tensors"));
        }

        public Settings withDevices(List<Device> list) {
            return new Settings(resultCacheDir, tensorCacheDir, list, precision, schedule, workspacesPerDevice,
                    fileAccess);
        }

        public Settings withPrecision(Precision p) {
            return new Settings(resultCacheDir, tensorCacheDir, devices, p, schedule, workspacesPerDevice, fileAccess);
        }

        public Settings withSchedule(ProgressiveSchedule s) {
            return new Settings(resultCacheDir, tensorCacheDir, devices, precision, s, workspacesPerDevice, fileAccess);
        }

        /** The same settings with jobs' files checked against {@code policy} when opened. */
        public Settings withFileAccess(FileAccessPolicy policy) {
            return new Settings(resultCacheDir, tensorCacheDir, devices, precision, schedule, workspacesPerDevice,
                    policy);
        }
    }

    private final Settings settings;
    private final List<Device> devices;
    private final ResultCache results;
    private final JobQueue queue = new JobQueue();
    private final EventDispatcher events = new EventDispatcher();
    private final List<DeviceWorker> workers = new ArrayList<>();
    private final Map<String, Job<?>> latestByKey = new ConcurrentHashMap<>();
    private final Set<Job<?>> live = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();
    private final Object submitLock = new Object();
    private volatile boolean closed;

    private final Job.Owner owner = new Job.Owner() {
        @Override
        public void dequeue(Job<?> job) {
            queue.remove(job);
        }

        @Override
        public void ended(Job<?> job) {
            live.remove(job);
            if (job.key() != null) {
                latestByKey.remove(job.key(), job);
            }
        }
    };

    public EmbeddedComputeService(Settings settings) {
        this.settings = settings;
        this.devices = settings.devices() != null ? settings.devices() : Engines.computeDevices();
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("at least one device is needed");
        }
        this.results = new ResultCache(settings.resultCacheDir());
        for (int i = 0; i < devices.size(); i++) {
            workers.add(new DeviceWorker(i, devices.get(i), settings.precision(), results, settings.tensorCacheDir(),
                    queue, settings.workspacesPerDevice(), settings.fileAccess()));
        }
        workers.forEach(DeviceWorker::start);
    }

    @Override
    public JobHandle<PreviewResult> preview(PreviewRequest request, Priority priority, String key,
            Consumer<JobEvent> events) {
        InvalidRequestException invalid = invalid(request);
        if (invalid != null) {
            return refused(request, priority, invalid, events);
        }
        return enqueue(request, request.describe(), priority, key, new PreviewWork(request, settings.schedule()),
                events);
    }

    @Override
    public JobHandle<SweepResult> sweep(SweepRequest request, Priority priority, String key,
            Consumer<JobEvent> events) {
        InvalidRequestException invalid = invalid(request);
        if (invalid != null) {
            return refused(request, priority, invalid, events);
        }
        return enqueue(request, request.describe(), priority, key, new SweepWork(request), events);
    }

    @Override
    public <R> JobHandle<R> analyze(AnalysisRequest<R> request, Priority priority, String key,
            Consumer<JobEvent> events) {
        InvalidRequestException invalid = invalid(request);
        if (invalid != null) {
            return refused(request, priority, invalid, events);
        }
        if (request instanceof org.rftworkbench.core.service.PlaneRequest plane) {
            @SuppressWarnings("unchecked") // a PlaneRequest is an AnalysisRequest<PlaneResult>: R is PlaneResult
            Job.Units<R> units = (Job.Units<R>) new PlaneWork(plane);
            return enqueue(request, request.describe(), priority, key, units, events);
        }
        DeviceWork<R> work = AnalysisWork.of(request);
        return enqueue(request, request.describe(), priority, key, single(work), events);
    }

    /**
     * Runs custom work (e.g. sharpness cells) on a device thread with the same scheduling, keys, events and
     * cancellation as previews and sweeps. The handle's {@link JobHandle#request()} is null.
     *
     * @param label short description for job lists
     */
    public <R> JobHandle<R> submit(String label, Priority priority, String key, DeviceWork<R> work,
            Consumer<JobEvent> events) {
        return enqueue(null, label, priority, key, single(work), events);
    }

    /**
     * The parts of {@code request} whose cells are not in the result cache yet, as requests of the same kind: a
     * sweep -> one single-alpha sweep per alpha with a missing cell; a sharpness heatmap -> one single-alpha heatmap
     * per alpha with a missing cell; a straggler analysis -> itself unless its result is cached. Empty when the
     * request would compute nothing. Runs on a device thread, which opens the pair (and so prepares its datasets
     * into the tensor cache once, here); running the parts anywhere that writes this result cache leaves
     * {@code request} with nothing to compute. Used by distributed runners (docs/CLUSTER.md).
     *
     * @throws IllegalArgumentException for any other kind of request
     */
    public JobHandle<List<JobRequest>> missingParts(JobRequest request, Priority priority,
            Consumer<JobEvent> events) {
        DeviceWork<List<JobRequest>> work = MissingParts.of(request);
        InvalidRequestException invalid = invalid(request);
        if (invalid != null) {
            return refused(request, priority, invalid, events);
        }
        return enqueue(request, "plan " + request.describe(), priority, null, single(work), events);
    }

    private static InvalidRequestException invalid(org.rftworkbench.core.service.JobRequest request) {
        try {
            RequestValidator.validate(request);
            return null;
        } catch (InvalidRequestException e) {
            return e;
        }
    }

    /** A job that failed on submit: never queued, never supersedes a job with its key. */
    private <R> JobHandle<R> refused(JobRequest request, Priority priority, InvalidRequestException reason,
            Consumer<JobEvent> listener) {
        Objects.requireNonNull(priority, "priority");
        Job<R> job;
        synchronized (submitLock) {
            if (closed) {
                throw new IllegalStateException("the compute service is closed");
            }
            long seq = sequence.incrementAndGet();
            job = new Job<>("job-" + seq, request, "invalid request", priority, null, seq,
                    single((device, context) -> {
                        throw reason;
                    }), listener, events, owner);
            live.add(job);
        }
        job.refuse(reason);
        return job;
    }

    /** One unit of device work. */
    private static <R> Job.Units<R> single(DeviceWork<R> work) {
        return new Job.Units<>() {
            private R result;

            @Override
            public int count() {
                return 1;
            }

            @Override
            public void run(int unit, DeviceContext device, JobContext job) throws Exception {
                result = work.run(device, job);
            }

            @Override
            public R finish(DeviceContext device, JobContext job) {
                return result;
            }
        };
    }

    private <R> Job<R> enqueue(JobRequest request, String label, Priority priority, String key, Job.Units<R> units,
            Consumer<JobEvent> listener) {
        Objects.requireNonNull(priority, "priority");
        Job<R> job;
        Job<?> superseded = null;
        synchronized (submitLock) {
            if (closed) {
                throw new IllegalStateException("the compute service is closed");
            }
            long seq = sequence.incrementAndGet();
            job = new Job<>("job-" + seq, request, label, priority, key, seq, units, listener, events, owner);
            live.add(job);
            if (key != null) {
                superseded = latestByKey.put(key, job);
            }
        }
        if (superseded != null) {
            superseded.cancel(); // latest wins; done before queueing so a free device takes the new job
        }
        queue.add(job);
        return job;
    }

    /**
     * Background precompute of an alpha grid, coarse first ({@link CoarseFirstOrder}), at {@link Priority#BACKGROUND}
     * with the key "precompute:PROJECT" (a newer precompute of the same project supersedes it). Every cell lands in
     * the result cache, so later previews and sweeps of these alphas are served from it.
     */
    public JobHandle<SweepResult> precompute(String project, List<Double> grid, Consumer<JobEvent> events) {
        return ComputeService.super.precompute(project, grid, events);
    }

    @Override
    public ServiceInfo info() {
        return new ServiceInfo("embedded", Engines.describeEngine(), devices.stream().map(Device::toString).toList(),
                settings.precision().label());
    }

    public ResultCache resultCache() {
        return results;
    }

    public Settings settings() {
        return settings;
    }

    /** Cells each device computed (not served from the cache) since start, by device index. */
    public List<Long> cellsEvaluatedPerDevice() {
        return workers.stream().map(DeviceWorker::cellsEvaluated).toList();
    }

    /** Jobs submitted and not yet ended. */
    public int liveJobs() {
        return live.size();
    }

    @Override
    public void close() {
        synchronized (submitLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (Job<?> job : List.copyOf(live)) {
            job.cancel();
        }
        queue.close();
        try {
            for (DeviceWorker w : workers) {
                w.join();
            }
            events.shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
