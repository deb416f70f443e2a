package org.rftworkbench.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.Map;

/**
 * The pre-LN residual attention block of open_clip, as DJL array operations over open_clip-named parameters
 * ({@code PREFIX.ln_1.weight}, {@code PREFIX.attn.in_proj_weight}, ...). Same arithmetic as the image tower in
 * {@code OpenClipClassifier} and the text tower, with an optional additive attention mask (the text tower's causal
 * mask). Stateless and thread-safe.
 */
public final class TransformerOps {
    public static final float LAYER_NORM_EPS = 1e-5f;

    private TransformerOps() {
    }

    /** {@code x + attn(ln_1(x)); x + mlp(ln_2(x))} for the block whose parameters start with {@code prefix}. */
    public static NDArray residualBlock(NDArray x, Map<String, NDArray> p, String prefix, int heads, NDArray mask,
            boolean quickGelu) {
        NDArray h = x.add(attention(layerNorm(x, p, prefix + "ln_1"), p, prefix + "attn.", heads, mask));
        return h.add(mlp(layerNorm(h, p, prefix + "ln_2"), p, prefix + "mlp.", quickGelu));
    }

    /**
     * Multi-head self-attention with nn.MultiheadAttention's parameters: q, k, v from {@code in_proj}, scores scaled
     * by 1/sqrt(head_dim), {@code mask} [T, T] (or null) added to the scores before the softmax, then out_proj.
     */
    public static NDArray attention(NDArray x, Map<String, NDArray> p, String prefix, int heads, NDArray mask) {
        Shape s = x.getShape();
        long b = s.get(0);
        long t = s.get(1);
        long w = s.get(2);
        long hd = w / heads;
        NDArray qkv = Linear.linear(x, p.get(prefix + "in_proj_weight"), p.get(prefix + "in_proj_bias"))
                .singletonOrThrow();
        NDArray split = qkv.reshape(b, t, 3, heads, hd).transpose(2, 0, 3, 1, 4); // [3, B, H, T, hd]
        NDArray q = split.get(0).mul((float) (1.0 / Math.sqrt(hd)));
        NDArray scores = q.matMul(split.get(1).transpose(0, 1, 3, 2));
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray out = scores.softmax(-1).matMul(split.get(2)).transpose(0, 2, 1, 3).reshape(b, t, w);
        return Linear.linear(out, p.get(prefix + "out_proj.weight"), p.get(prefix + "out_proj.bias"))
                .singletonOrThrow();
    }

    /** {@code c_proj(act(c_fc(x)))}, act = QuickGELU (x * sigmoid(1.702 x)) or exact erf GELU. */
    public static NDArray mlp(NDArray x, Map<String, NDArray> p, String prefix, boolean quickGelu) {
        NDArray h = Linear.linear(x, p.get(prefix + "c_fc.weight"), p.get(prefix + "c_fc.bias")).singletonOrThrow();
        h = quickGelu ? h.mul(Activation.sigmoid(h.mul(1.702f))) : Activation.gelu(h);
        return Linear.linear(h, p.get(prefix + "c_proj.weight"), p.get(prefix + "c_proj.bias")).singletonOrThrow();
    }

    /** LayerNorm over the last axis with {@code name.weight} / {@code name.bias}, eps 1e-5. */
    public static NDArray layerNorm(NDArray x, Map<String, NDArray> p, String name) {
        long w = x.getShape().get(x.getShape().dimension() - 1);
        return LayerNorm.layerNorm(x, new Shape(w), p.get(name + ".weight"), p.get(name + ".bias"), LAYER_NORM_EPS)
                .singletonOrThrow();
    }

    /** Adds the parameter shapes of one residual block ({@code prefix} ends with "."), in open_clip order. */
    public static void putResidualBlockShapes(Map<String, Shape> shapes, String prefix, long width, long mlpWidth) {
        shapes.put(prefix + "ln_1.weight", new Shape(width));
        shapes.put(prefix + "ln_1.bias", new Shape(width));
        shapes.put(prefix + "attn.in_proj_weight", new Shape(3L * width, width));
        shapes.put(prefix + "attn.in_proj_bias", new Shape(3L * width));
        shapes.put(prefix + "attn.out_proj.weight", new Shape(width, width));
        shapes.put(prefix + "attn.out_proj.bias", new Shape(width));
        shapes.put(prefix + "ln_2.weight", new Shape(width));
        shapes.put(prefix + "ln_2.bias", new Shape(width));
        shapes.put(prefix + "mlp.c_fc.weight", new Shape(mlpWidth, width));
        shapes.put(prefix + "mlp.c_fc.bias", new Shape(mlpWidth));
        shapes.put(prefix + "mlp.c_proj.weight", new Shape(width, mlpWidth));
        shapes.put(prefix + "mlp.c_proj.bias", new Shape(width));
    }
}
