package org.rftworkbench.core.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
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
        int[] headOfClass = mapping.headIndexOfDatasetClass();
        LogitScorer scorer = new LogitScorer(mapping.isSubset() ? headOfClass : null, data.classNames().size());
        float[][] buffers = {new float[batchSize * perImage], new float[batchSize * perImage]};
        String task = "evaluate " + data.name();
        Future<?> pending = total > 0 ? prefetch.submit(() -> fill(data, indices, 0, Math.min(batchSize, total),
                buffers[0])) : null;
        int batchIndex = 0;
        for (int start = 0; start < total; start += batchSize, batchIndex++) {
            progress.checkCancelled();
            int count = Math.min(batchSize, total - start);
            await(pending);
            float[] current = buffers[batchIndex % 2];
            int next = start + count;
            pending = next < total ? prefetch.submit(() -> fill(data, indices, next, Math.min(batchSize, total - next),
                    buffers[(next / batchSize) % 2])) : null;
            float[] logits;
            int classes;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray x = model.manager().create(FloatBuffer.wrap(current, 0, count * perImage),
                        new Shape(count, 3, size, size));
                NDArray out = model.forward(x, false);
                classes = (int) out.getShape().get(1);
                logits = out.toFloatArray();
            }
            for (int i = 0; i < count; i++) {
                int image = indices == null ? start + i : indices[start + i];
                int label = data.label(image);
                int target = mapping.isSubset() ? label : headOfClass[label];
                scorer.add(logits, i * classes, classes, target, label);
            }
            progress.update(task, start + count, total);
        }
        return scorer.result(data.name(), data.classNames());
    }

    private static void fill(PreparedDataset data, int[] indices, int from, int count, float[] dst) {
        if (indices == null) {
            data.readNormalized(from, count, dst);
        } else {
            int[] slice = new int[count];
            System.arraycopy(indices, from, slice, 0, count);
            data.readIndices(slice, dst);
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
