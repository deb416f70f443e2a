package org.rftworkbench.core.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.core.model.Models;

/** AdamW, the contrastive loss and the schedule against values computed by hand. */
class TrainingMathTest {

    @Test
    void adamWMatchesHandComputedSteps() {
        Models.prepareComputeThread();
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            NDArray matrix = m.create(new float[] {1f, -2f}, new Shape(1, 2)); // 2-D: decayed
            NDArray bias = m.create(new float[] {0.5f}); // 1-D: not decayed
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("w", matrix);
            params.put("b", bias);
            params.values().forEach(p -> p.setRequiresGradient(true));
            NDArray gradW = m.create(new float[] {0.5f, -0.1f}, new Shape(1, 2));
            NDArray gradB = m.create(new float[] {0.2f});
            try (AdamW adam = new AdamW(params, 0.9, 0.999, 1e-8, 0.1)) {
                // step 1: w *= 1 - 0.1*0.1; m = 0.1 g; v = 0.001 g^2; m/(1-0.9) = g, sqrt(v/(1-0.999)) = |g|
                // -> w = 0.99 w - 0.1 sign(g) = [0.89, -1.88]; b = 0.5 - 0.1 = 0.4
                backward(matrix, gradW, bias, gradB);
                adam.step(0.1);
                assertArrayEquals(new float[] {0.89f, -1.88f}, matrix.toFloatArray(), 1e-6f);
                assertArrayEquals(new float[] {0.4f}, bias.toFloatArray(), 1e-6f);
                adam.zeroGradients();
                assertArrayEquals(new float[] {0f, 0f}, matrix.getGradient().toFloatArray(), 0f);
                // step 2, same gradients: m = 0.095, v = 0.00049975 (for g = 0.5); bias corrections 0.19 and 0.001999
                // -> update 0.1/0.19 * 0.095 / sqrt(0.00049975/0.001999) = 0.1 again: w = 0.99 * 0.89 - 0.1, ...
                backward(matrix, gradW, bias, gradB);
                adam.step(0.1);
                assertArrayEquals(new float[] {0.7811f, -1.7612f}, matrix.toFloatArray(), 1e-6f);
                assertArrayEquals(new float[] {0.3f}, bias.toFloatArray(), 1e-6f);
                assertEquals(2, adam.steps());
            }
        }
    }

    /** Makes dL/dw = gw and dL/db = gb through a real backward pass (L = sum(w*gw) + sum(b*gb)). */
    private static void backward(NDArray w, NDArray gw, NDArray b, NDArray gb) {
        try (GradientCollector collector = Engines.pytorch().newGradientCollector()) {
            collector.backward(w.mul(gw).sum().add(b.mul(gb).sum()));
        }
    }

    @Test
    void contrastiveLossOnHandMadeLogits() {
        Models.prepareComputeThread();
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            // all logits equal, both images captioned 0 of 3: image->text ln 3, text->image ln 2 (two equal images)
            NDArray zeros = m.zeros(new Shape(2, 3));
            assertEquals((Math.log(3) + Math.log(2)) / 2, ContrastiveLoss.fromLogits(zeros, new int[] {0, 0})
                    .getFloat(), 1e-6);
            // 3 images x 2 captions, captions [0, 1, 0]
            // image->text: mean(ln(1+e^-2), ln(1+e^-1), ln 2) = 0.3777790
            // text->image: caption 0 over column [2, 0, 1]: mean(ln(e^2+1+e) - 2, ln(e^2+1+e) - 1) = 0.9076060;
            //              caption 1 over column [0, 1, 1]: ln(1+2e) - 1 = 0.8619948; mean 0.8848004
            // loss = (0.3777790 + 0.8848004) / 2 = 0.6312897
            NDArray logits = m.create(new float[] {2, 0, 0, 1, 1, 1}, new Shape(3, 2));
            assertEquals(0.6312897, ContrastiveLoss.fromLogits(logits, new int[] {0, 1, 0}).getFloat(), 1e-6);
            // from features: unit vectors, scale exp(ln 2) = 2 -> logits [[2, 0], [0, 2]]
            NDArray image = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            NDArray text = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            double expected = Math.log(1 + Math.exp(-2)); // every direction: -log(e^2 / (e^2 + 1))
            assertEquals(expected, ContrastiveLoss.loss(image, text, m.create((float) Math.log(2)),
                    new int[] {0, 1}).getFloat(), 1e-6);
            assertThrows(IllegalArgumentException.class, () -> ContrastiveLoss.fromLogits(logits, new int[] {0, 2, 0}));
        }
    }

    @Test
    void cosineScheduleWarmsUpLinearlyThenDecaysToZero() {
        CosineSchedule s = new CosineSchedule(1.0, 4, 14);
        assertEquals(0.25, s.rate(0), 1e-12);
        assertEquals(1.0, s.rate(3), 1e-12);
        assertEquals(1.0, s.rate(4), 1e-12); // cos(0)
        assertEquals(0.5, s.rate(9), 1e-12); // halfway through the 10 decay steps
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 9 / 10)), s.rate(13), 1e-12);
        assertEquals(18, CosineSchedule.withWarmupFraction(2e-3, 352, 0.05).warmup());
    }

    @Test
    void trainingOrderVisitsEveryImageOncePerEpoch() {
        int[][] order = TrainingBatches.order(5, 4, 10, new java.util.Random(3)); // 2 epochs exactly
        int[] seen = new int[10];
        for (int s = 0; s < 5; s++) {
            for (int i : order[s]) {
                seen[i]++;
            }
        }
        int[] twice = new int[10];
        java.util.Arrays.fill(twice, 2);
        assertArrayEquals(twice, seen);
        assertEquals(352, TrainingBatches.steps(1.5, 60000, 256));
    }
}
