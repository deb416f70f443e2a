package org.rftworkbench.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.bench.SyntheticImageSource;
import org.rftworkbench.core.data.ClassMapping;
import org.rftworkbench.core.data.PreparedDataset;
import org.rftworkbench.core.data.PreprocessConfig;
import org.rftworkbench.core.data.TensorCache;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.model.Models;
import org.rftworkbench.core.model.OpenClipClassifier;
import org.rftworkbench.core.util.CancelledException;
import org.rftworkbench.core.util.Progress;
import org.rftworkbench.testutil.Goldens;

/** Batching, subsets, index lists, cancellation and flat memory of the evaluator on the tiny reference model. */
class EvaluatorTest {
    @TempDir
    Path cacheDir;
    private OpenClipClassifier model;
    private PreparedDataset data;
    private ClassMapping identity;

    @BeforeEach
    void setUp() throws Exception {
        Models.prepareComputeThread();
        NDManager m = NDManager.newBaseManager();
        Map<String, NDArray> tensors = Goldens.decode(m, Goldens.TINY_VIT.resolve("a.safetensors"));
        model = OpenClipClassifier.copyOf(ModelConfig.read(Goldens.TINY_VIT.resolve("config_quickgelu.json")), tensors,
                Device.cpu(), "a");
        m.close();
        data = new TensorCache(cacheDir).prepare(new SyntheticImageSource(50, 32, 10), PreprocessConfig.clip(32),
                Progress.NONE);
        identity = ClassMapping.between(data.classNames(), data.classNames(), "synthetic");
    }

    @AfterEach
    void tearDown() {
        model.close();
    }

    private DatasetMetrics run(int batchSize, ClassMapping mapping, int[] indices) {
        try (Evaluator e = new Evaluator(model, batchSize)) {
            return e.evaluate(data, mapping, indices, Progress.NONE);
        }
    }

    @Test
    void metricsDoNotDependOnBatchSize() {
        DatasetMetrics one = run(1, identity, null);
        for (int bs : new int[] {7, 16, 64}) {
            DatasetMetrics other = run(bs, identity, null);
            assertEquals(one.correctTop1(), other.correctTop1(), "batch " + bs + " " + one + " vs " + other);
            assertEquals(one.correctTop5(), other.correctTop5(), "batch " + bs);
            assertEquals(one.loss(), other.loss(), 1e-5, "batch " + bs);
            assertArrayEquals(one.perClassCorrect(), other.perClassCorrect());
        }
        assertEquals(50, one.n());
        assertArrayEquals(new long[] {5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, one.perClassCount());
    }

    @Test
    void batchSizeFarAboveTheDatasetSizeNeedsOnlyTheDatasetsBuffers() {
        // 1,000,000 x 3x32x32 floats overflows an int (NegativeArraySizeException before buffers were sized by
        // min(batch size, images)); the result equals any other batch size
        DatasetMetrics small = run(16, identity, null);
        DatasetMetrics huge = run(1_000_000, identity, null);
        assertEquals(small.correctTop1(), huge.correctTop1());
        assertEquals(small.loss(), huge.loss(), 1e-5);
        assertEquals(3, run(Integer.MAX_VALUE, identity, new int[] {4, 1, 2}).n());
    }

    @Test
    void indexListOfAllImagesEqualsFullPass() {
        DatasetMetrics full = run(16, identity, null);
        int[] reversed = IntStream.range(0, 50).map(i -> 49 - i).toArray();
        DatasetMetrics viaIndices = run(16, identity, reversed);
        assertEquals(full.correctTop1(), viaIndices.correctTop1());
        assertEquals(full.loss(), viaIndices.loss(), 1e-5);
        DatasetMetrics firstTen = run(16, identity, IntStream.range(0, 10).toArray());
        assertEquals(10, firstTen.n());
    }

    @Test
    void subsetDatasetOnlyCompetesAmongItsClasses() throws Exception {
        // 4-class dataset evaluated by the 10-class head: logits are restricted to the 4 head columns it uses
        PreparedDataset four = new TensorCache(cacheDir).prepare(new SyntheticImageSource(40, 32, 4),
                PreprocessConfig.clip(32), Progress.NONE);
        ClassMapping subset = ClassMapping.between(four.classNames(), data.classNames(), "subset");
        assertEquals(true, subset.isSubset());
        DatasetMetrics m;
        try (Evaluator e = new Evaluator(model, 16)) {
            m = e.evaluate(four, subset, Progress.NONE);
        }
        float[] x = new float[40 * 3 * 32 * 32];
        four.readNormalized(0, 40, x);
        long correct = 0;
        try (NDManager mm = NDManager.newBaseManager()) {
            float[] logits = model.forward(mm.create(x, new ai.djl.ndarray.types.Shape(40, 3, 32, 32)), false)
                    .toFloatArray();
            for (int i = 0; i < 40; i++) {
                int best = 0;
                for (int c = 1; c < 4; c++) {
                    if (logits[i * 10 + c] > logits[i * 10 + best]) {
                        best = c;
                    }
                }
                correct += best == four.label(i) ? 1 : 0;
            }
        }
        assertEquals(correct, m.correctTop1());
        assertEquals(40, m.correctTop5(), "4 candidate classes: top-5 always hits");
    }

    @Test
    void cancellationStopsAtTheNextBatch() {
        int[] calls = {0};
        Progress cancelAfterFirst = new Progress() {
            @Override
            public void update(String task, long done, long total) {
                calls[0]++;
            }

            @Override
            public boolean isCancelled() {
                return calls[0] >= 1;
            }
        };
        try (Evaluator e = new Evaluator(model, 8)) {
            assertThrows(CancelledException.class, () -> e.evaluate(data, identity, cancelAfterFirst));
        }
        assertEquals(1, calls[0]);
    }

    @Test
    void nativeMemoryStaysFlatOverManyBatches() {
        try (Evaluator e = new Evaluator(model, 2)) {
            e.evaluate(data, identity, Progress.NONE);
            int before = model.manager().getManagedArrays().size();
            for (int i = 0; i < 4; i++) {
                e.evaluate(data, identity, Progress.NONE); // 100 batches
            }
            assertEquals(before, model.manager().getManagedArrays().size());
        }
    }
}
