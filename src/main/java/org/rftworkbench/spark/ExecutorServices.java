package org.rftworkbench.spark;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.rftworkbench.core.service.AnalysisRequest;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.JobRequest;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;

/**
 * The executor side: embedded compute services kept for the life of the executor JVM, one per concurrently running
 * task, each with one device thread. A task on a GPU (Spark resource scheduling, {@code spark.task.resource.gpu.amount
 * = 1}) gets the service of its assigned GPU; a CPU task borrows an idle CPU service, or a new one. Each service keeps
 * its pairs open (its device LRU), so the parts of one pair in a partition, and later partitions of the same pair on
 * this executor, open the checkpoints once. Thread-safe.
 */
final class ExecutorServices {
    private static final Map<String, ArrayDeque<EmbeddedComputeService>> IDLE = new HashMap<>();
    private static final List<EmbeddedComputeService> ALL = new ArrayList<>();

    private ExecutorServices() {
    }

    /**
     * Sharpness parts run alone in their JVM. The worst case is a non-convex maximisation: a float reduction order
     * changed by a concurrent evaluation in the same process (libtorch's and the BLAS's thread teams are
     * process-wide) can send it to another local maximum, and then the cell would differ from the embedded
     * service's. Other parts run side by side (read lock); a GPU executor runs one task at a time anyway.
     */
    private static final java.util.concurrent.locks.ReentrantReadWriteLock ALONE =
            new java.util.concurrent.locks.ReentrantReadWriteLock(true);

    /** Runs one part through a borrowed service, which writes its cells into the shared result cache. */
    static UnitOutcome run(ExecutorSettings settings, WorkUnit unit) throws Exception {
        JobRequest request = SparkJson.MAPPER.readValue(unit.requestJson(), JobRequest.class);
        java.util.concurrent.locks.Lock lock = request instanceof org.rftworkbench.core.service.SharpnessRequest
                ? ALONE.writeLock() : ALONE.readLock();
        lock.lockInterruptibly();
        try {
            return runLocked(settings, unit, request);
        } finally {
            lock.unlock();
        }
    }

    private static UnitOutcome runLocked(ExecutorSettings settings, WorkUnit unit, JobRequest request)
            throws Exception {
        Device device = taskDevice();
        String poolKey = settings + "|" + device;
        EmbeddedComputeService service = borrow(poolKey, settings, device);
        AtomicInteger computed = new AtomicInteger();
        AtomicInteger fromCache = new AtomicInteger();
        Consumer<JobEvent> events = e -> {
            if (e instanceof JobEvent.CacheUse c) {
                computed.addAndGet(c.computed());
                fromCache.addAndGet(c.fromCache());
            }
        };
        JobHandle<?> job = request instanceof SweepRequest s ? service.sweep(s, Priority.USER, null, events)
                : service.analyze((AnalysisRequest<?>) request, Priority.USER, null, events);
        try {
            job.result().get();
        } catch (InterruptedException e) {
            job.cancel(); // Spark interrupts the task thread when the job is cancelled or the task is killed
            Thread.currentThread().interrupt();
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CancellationException c) {
                throw c;
            }
            throw new IllegalStateException(unit.description() + " (" + unit.pair().replace('\u0000', ' ')
                    + "): " + cause.getMessage(), cause);
        } finally {
            giveBack(poolKey, service);
        }
        return new UnitOutcome(computed.get(), fromCache.get());
    }

    /** The GPU Spark assigned to the running task, else the CPU. */
    static Device taskDevice() {
        TaskContext task = TaskContext.get();
        ResourceInformation gpu = task == null ? null : task.resources().get("gpu").getOrElse(() -> null);
        return deviceFor(gpu == null ? null : gpu.addresses());
    }

    /**
     * The device of a task given the GPU addresses Spark assigned it ({@code spark.task.resource.gpu.amount = 1}:
     * one address, the CUDA ordinal the discovery script listed): the first of them, or the CPU when none.
     */
    static Device deviceFor(String[] gpuAddresses) {
        if (gpuAddresses == null || gpuAddresses.length == 0) {
            return Device.cpu();
        }
        String address = gpuAddresses[0].trim();
        try {
            return Device.gpu(Integer.parseInt(address));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Spark assigned GPU address '" + address + "': expected a CUDA device"
                    + " number (the discovery script lists them, docs/CLUSTER.md)");
        }
    }

    private static synchronized EmbeddedComputeService borrow(String key, ExecutorSettings settings, Device device) {
        ArrayDeque<EmbeddedComputeService> idle = IDLE.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (!idle.isEmpty()) {
            return idle.pop();
        }
        EmbeddedComputeService service = new EmbeddedComputeService(EmbeddedComputeService.Settings
                .of(Path.of(settings.resultCacheDir()), Path.of(settings.tensorCacheDir()))
                .withPrecision(settings.precision()).withDevices(List.of(device)));
        ALL.add(service);
        return service;
    }

    private static synchronized void giveBack(String key, EmbeddedComputeService service) {
        IDLE.computeIfAbsent(key, k -> new ArrayDeque<>()).push(service);
    }

    /**
     * Closes every service of this JVM: in local mode the executors are threads of the driver's JVM, so the driver
     * calls this when it closes.
     */
    static synchronized void closeAll() {
        ALL.forEach(EmbeddedComputeService::close);
        ALL.clear();
        IDLE.clear();
    }
}
