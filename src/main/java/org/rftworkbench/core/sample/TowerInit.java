package org.rftworkbench.core.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.model.OpenClipClassifier;
import org.rftworkbench.core.model.text.OpenClipTextEncoder;
import org.rftworkbench.core.model.text.TextConfig;

/**
 * Random initial weights for the open_clip towers, following open_clip and PyTorch's defaults:
 * <ul>
 *   <li>image tower: class and positional embeddings and {@code proj} ~ N(0, width^-1/2); conv1 and the MLP linears
 *       PyTorch's default U(+-1/sqrt(fan_in)) (weights and biases); attention {@code in_proj_weight} Xavier-uniform,
 *       attention biases 0; LayerNorms 1 and 0;</li>
 *   <li>text tower ({@code TextTransformer.init_parameters}): token embedding N(0, 0.02), positional N(0, 0.01),
 *       {@code in_proj} N(0, w^-1/2), {@code out_proj} and {@code c_proj} N(0, w^-1/2 (2 layers)^-1/2), {@code c_fc}
 *       N(0, (2w)^-1/2), text_projection N(0, w^-1/2), MLP biases PyTorch's default, attention biases 0,
 *       logit_scale ln(1/0.07).</li>
 * </ul>
 * Values are drawn from one {@link Random} in the parameters' canonical order, so a seed fixes every weight on every
 * JVM. Stateless.
 */
public final class TowerInit {
    private TowerInit() {
    }

    /** The image tower's {@code visual.*} parameters (no head). */
    public static Map<String, NDArray> imageTower(ModelConfig config, NDManager manager, long seed) {
        Random rng = new Random(seed);
        int width = config.vision().width();
        double scale = 1 / Math.sqrt(width);
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : OpenClipClassifier.expectedShapes(config, 1, false).entrySet()) {
            String name = e.getKey();
            Shape shape = e.getValue();
            if (!name.startsWith("visual.")) {
                continue;
            }
            float[] v;
            if (name.endsWith("class_embedding") || name.endsWith("positional_embedding") || name.endsWith(".proj")) {
                v = normal(rng, shape, scale);
            } else if (name.contains(".ln_")) {
                v = name.endsWith(".weight") ? constant(shape, 1f) : constant(shape, 0f);
            } else if (name.endsWith("in_proj_weight")) {
                v = uniform(rng, shape, Math.sqrt(6.0 / (shape.get(0) + shape.get(1))));
            } else if (name.endsWith("in_proj_bias") || name.endsWith("out_proj.bias")) {
                v = constant(shape, 0f);
            } else {
                v = uniform(rng, shape, 1 / Math.sqrt(fanIn(name, config, shape)));
            }
            out.put(name, manager.create(v, shape));
        }
        return out;
    }

    /** Fan-in of a PyTorch-default-initialised weight or bias. */
    private static long fanIn(String name, ModelConfig config, Shape shape) {
        if (name.endsWith("conv1.weight")) {
            return shape.size() / shape.get(0);
        }
        int width = config.vision().width();
        if (name.endsWith("c_proj.weight") || name.endsWith("c_proj.bias")) {
            return config.vision().mlpWidth();
        }
        return width; // c_fc, out_proj weight
    }

    /** The text tower's parameters including {@code logit_scale}. */
    public static Map<String, NDArray> textTower(TextConfig config, NDManager manager, long seed) {
        Random rng = new Random(seed);
        int w = config.width();
        double attnStd = 1 / Math.sqrt(w);
        double projStd = attnStd / Math.sqrt(2.0 * config.layers());
        double fcStd = 1 / Math.sqrt(2.0 * w);
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : OpenClipTextEncoder.expectedShapes(config).entrySet()) {
            String name = e.getKey();
            Shape shape = e.getValue();
            float[] v;
            if (name.equals(OpenClipTextEncoder.LOGIT_SCALE)) {
                v = new float[] {(float) Math.log(1 / 0.07)};
            } else if (name.equals(OpenClipTextEncoder.TOKEN_EMBEDDING)) {
                v = normal(rng, shape, 0.02);
            } else if (name.equals(OpenClipTextEncoder.POSITIONAL_EMBEDDING)) {
                v = normal(rng, shape, 0.01);
            } else if (name.equals(OpenClipTextEncoder.TEXT_PROJECTION)) {
                v = normal(rng, shape, attnStd);
            } else if (name.contains("ln_")) {
                v = name.endsWith(".weight") ? constant(shape, 1f) : constant(shape, 0f);
            } else if (name.endsWith("in_proj_weight")) {
                v = normal(rng, shape, attnStd);
            } else if (name.endsWith("out_proj.weight") || name.endsWith("c_proj.weight")) {
                v = normal(rng, shape, projStd);
            } else if (name.endsWith("c_fc.weight")) {
                v = normal(rng, shape, fcStd);
            } else if (name.endsWith("in_proj_bias") || name.endsWith("out_proj.bias")) {
                v = constant(shape, 0f);
            } else if (name.endsWith("c_fc.bias")) {
                v = uniform(rng, shape, 1 / Math.sqrt(w));
            } else if (name.endsWith("c_proj.bias")) {
                v = uniform(rng, shape, 1 / Math.sqrt(config.mlpWidth()));
            } else {
                throw new IllegalStateException("no initialiser for text tensor " + name);
            }
            out.put(name, shape.dimension() == 0 ? manager.create(v[0]) : manager.create(v, shape));
        }
        return out;
    }

    private static float[] normal(Random rng, Shape shape, double std) {
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (std * rng.nextGaussian());
        }
        return v;
    }

    private static float[] uniform(Random rng, Shape shape, double bound) {
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (bound * (2 * rng.nextDouble() - 1));
        }
        return v;
    }

    private static float[] constant(Shape shape, float value) {
        float[] v = new float[(int) Math.max(1, shape.size())];
        java.util.Arrays.fill(v, value);
        return v;
    }
}
