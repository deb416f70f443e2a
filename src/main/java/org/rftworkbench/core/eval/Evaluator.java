package org.rftworkbench.core.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.rftworkbench.core.data.ClassMapping;
import org.rftworkbench.core.data.PreparedDataset;
import org.rftworkbench.core.model.WeightModel;
import org.rftworkbench.core.util.Progress;

/**
 * Evaluates the working model on prepared datasets: top-1, top-5, mean cross-entropy and per-class accuracy,
 * batched, deterministic (fixed order, no randomness). While the model runs batch k, a prefetch thread normalises
 * batch k+1 from the memory-mapped tensor cache, so decoding never stalls the device. Native memory of each batch lives
 * in an {@link NDScope} and is released before the next, so memory stays flat over thousands of batches.
 *
 * <p>Must be used from the thread that owns the model (see {@link WeightModel}); not thread-safe.
 */
public final class Evaluator implements AutoCloseable {
    private final WeightModel model;
    private final int batchSize;
    private final ExecutorService prefetch;

    /** @param batchSize images per forward pass; accuracy does not depend on it */
    public Evaluator(WeightModel model, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        }
        this.model = model;
        this.batchSize = batchSize;
        this.prefetch = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "eval-prefetch");
            t.setDaemon(true);
            return t;
        });
    }

    public int batchSize() {
        return batchSize;
    }

    /** Evaluates every image of the dataset in order. */
    public DatasetMetrics evaluate(PreparedDataset data, ClassMapping mapping, Progress progress) {
        return evaluate(data, mapping, null, progress);
    }

    /**
     * Evaluates the given images (dataset indices), or all when {@code indices} is null.
     *
     * @throws org.rftworkbench.core.util.CancelledException when the progress reports cancellation (checked per batch)
     */
    public DatasetMetrics evaluate(PreparedDataset data, ClassMapping mapping, int[] indices, Progress progress) {
        int total = indices == null ? data.size() : indices.length;
        int size = data.imageSize();
        int perImage = 3 * size * size;
        boolean projected = mapping.isProjection();
        int[] headOfClass = projected ? null : mapping.headIndexOfDatasetClass();
        LogitScorer scorer = new LogitScorer(!projected && mapping.isSubset() ? headOfClass : null,
                data.classNames().size());
        // max projection (ObjectNet): the dataset class's logit is the max over its head classes' logits
        int datasetClasses = mapping.datasetClassCount();
        float[] projectedRow = projected ? new float[datasetClasses] : null;
        // sized by the images actually evaluated, not the batch size: a batch size far above the dataset size costs
        // nothing more (two buffers of one batch, each on the heap and in native memory)
        long floats = (long) Math.max(1, Math.min(batchSize, total)) * perImage;
        if (floats * Float.BYTES > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a batch of " + Math.min(batchSize, total) + " images of " + size + "x"
                    + size + " needs more than 2 GiB; use a smaller batch size");
        }
        BatchBuffer[] buffers = {new BatchBuffer((int) floats), new BatchBuffer((int) floats)};
        String task = "evaluate " + data.name();
        Future<?> pending = total > 0 ? prefetch.submit(() -> fill(data, indices, 0, Math.min(batchSize, total),
                buffers[0])) : null;
        int batchIndex = 0;
        for (int start = 0; start < total; start += batchSize, batchIndex++) {
            progress.checkCancelled();
            int count = Math.min(batchSize, total - start);
            await(pending);
            BatchBuffer current = buffers[batchIndex % 2];
            int next = start + count;
            pending = next < total ? prefetch.submit(() -> fill(data, indices, next, Math.min(batchSize, total - next),
                    buffers[(next / batchSize) % 2])) : null;
            float[] logits;
            int classes;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                // on the CPU this wraps the direct buffer without a copy; it is refilled only two batches later,
                // after this scope has closed the array
                NDArray x = model.manager().create(current.view(count * perImage), new Shape(count, 3, size, size),
                        DataType.FLOAT32);
                NDArray out = model.forward(x, false);
                classes = (int) out.getShape().get(1);
                logits = out.toFloatArray();
            }
            for (int i = 0; i < count; i++) {
                int image = indices == null ? start + i : indices[start + i];
                int label = data.label(image);
                if (projected) {
                    mapping.project(logits, i * classes, projectedRow, 0);
                    scorer.add(projectedRow, 0, datasetClasses, label, label);
                    continue;
                }
                int target = mapping.isSubset() ? label : headOfClass[label];
                scorer.add(logits, i * classes, classes, target, label);
            }
            progress.update(task, start + count, total);
        }
        return scorer.result(data.name(), data.classNames());
    }

    private static void fill(PreparedDataset data, int[] indices, int from, int count, BatchBuffer dst) {
        if (indices == null) {
            data.readNormalized(from, count, dst.scratch);
        } else {
            int[] slice = new int[count];
            System.arraycopy(indices, from, slice, 0, count);
            data.readIndices(slice, dst.scratch);
        }
        dst.publish(count * data.floatsPerImage());
    }

    /**
     * One batch of normalised images: filled as a float[] by the dataset, then copied into native (direct) memory
     * that the engine can wrap without allocating a new buffer per batch.
     */
    private static final class BatchBuffer {
        final float[] scratch;
        final ByteBuffer direct;

        BatchBuffer(int floats) {
            scratch = new float[floats];
            direct = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder());
        }

        void publish(int floats) {
            FloatBuffer out = direct.asFloatBuffer();
            out.put(scratch, 0, floats);
        }

        ByteBuffer view(int floats) {
            ByteBuffer v = direct.duplicate();
            v.position(0).limit(floats * Float.BYTES);
            return v.slice().order(ByteOrder.nativeOrder());
        }
    }

    private static void await(Future<?> f) {
        if (f == null) {
            return;
        }
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing a batch", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public void close() {
        prefetch.shutdownNow();
    }
}
