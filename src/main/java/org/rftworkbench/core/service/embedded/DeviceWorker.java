package org.rftworkbench.core.service.embedded;

import org.rftworkbench.core.service.Precision;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.model.Models;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.cache.ResultCache;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.util.FileAccessPolicy;
import org.rftworkbench.core.util.Progress;

/**
 * One device thread ("device-N"): owns the models opened on its device (a {@link WorkspacePool}) and runs the job
 * units it takes from the shared {@link JobQueue} until the queue closes, then closes its models. All model and
 * weight access of the device happens on this thread, as PyTorch grad mode and the workspaces require.
 */
final class DeviceWorker implements DeviceContext, Runnable {
    static final String THREAD_PREFIX = "device-";

    private final int index;
    private final Device device;
    private final Precision precision;
    private final ResultCache results;
    private final Path tensorCacheDir;
    private final JobQueue queue;
    private final WorkspacePool pool;
    private final FileAccessPolicy fileAccess;
    private final BatchSizeGovernor batchSizes = new BatchSizeGovernor();
    private final EvaluationRate evaluationRate = new EvaluationRate();
    private final AtomicLong cellsEvaluated = new AtomicLong();
    private final Thread thread;

    DeviceWorker(int index, Device device, Precision precision, ResultCache results, Path tensorCacheDir,
            JobQueue queue, int workspaces, FileAccessPolicy fileAccess) {
        this.index = index;
        this.fileAccess = fileAccess;
        this.device = device;
        this.precision = precision;
        this.results = results;
        this.tensorCacheDir = tensorCacheDir;
        this.queue = queue;
        this.pool = new WorkspacePool(workspaces);
        this.thread = new Thread(this, THREAD_PREFIX + index);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void join() throws InterruptedException {
        thread.join();
    }

    @Override
    public void run() {
        RuntimeException setupFailure = null;
        try {
            Models.prepareComputeThread();
        } catch (RuntimeException e) {
            setupFailure = e; // reported by every job this device takes, rather than hanging them
        }
        try {
            for (JobQueue.Claim claim; (claim = queue.take()) != null; ) {
                if (setupFailure != null) {
                    RuntimeException f = setupFailure;
                    claim.job().runUnit(claim.unit(), new FailingContext(this, f));
                } else {
                    claim.job().runUnit(claim.unit(), this);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.close();
        }
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public ResultCache results() {
        return results;
    }

    @Override
    public EvaluationRate evaluationRate() {
        return evaluationRate;
    }

    @Override
    public BatchSizeGovernor batchSizes() {
        return batchSizes;
    }

    /** Counts one evaluation cell computed here (not served from the cache). */
    void countCell() {
        cellsEvaluated.incrementAndGet();
    }

    long cellsEvaluated() {
        return cellsEvaluated.get();
    }

    @Override
    public DeviceSession open(Path projectFile, String run, List<String> datasets, Progress progress)
            throws RftException {
        LoadedProject loaded = ProjectStore.load(projectFile, fileAccess).withSelectedRun(run);
        List<String> names = datasets != null ? datasets : loaded.spec().datasets().stream()
                .filter(d -> d.role().readout()).map(ProjectSpec.DatasetEntry::name).toList();
        return pool.get(loaded, names, (project, wanted) -> {
            InterpolationWorkspace ws = InterpolationWorkspace.open(project, wanted, tensorCacheDir, device, progress);
            try {
                return new DeviceSession(ws, precision);
            } catch (RftException | RuntimeException e) {
                ws.close();
                throw e;
            }
        });
    }

    /** Stands in for a device whose engine could not start: every unit fails with that error. */
    private record FailingContext(DeviceWorker worker, RuntimeException failure) implements DeviceContext {
        @Override
        public int index() {
            return worker.index;
        }

        @Override
        public Device device() {
            return worker.device;
        }

        @Override
        public Precision precision() {
            return worker.precision;
        }

        @Override
        public ResultCache results() {
            return worker.results;
        }

        @Override
        public BatchSizeGovernor batchSizes() {
            return worker.batchSizes;
        }

        @Override
        public EvaluationRate evaluationRate() {
            return worker.evaluationRate;
        }

        @Override
        public DeviceSession open(Path projectFile, String run, List<String> datasets, Progress progress) {
            throw failure;
        }
    }
}
