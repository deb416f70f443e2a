package org.rftworkbench.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.RftException;

/**
 * The open_clip ViT image tower plus a zero-shot-style head (L2-normalised features, then a linear layer), written
 * natively with DJL array operations so that every weight is a named, writable tensor with open_clip's name
 * ({@code visual.transformer.resblocks.3.attn.in_proj_weight}, ...). Real open_clip checkpoints therefore load without
 * renaming. Not thread-safe (see {@link WeightModel}).
 */
public final class OpenClipClassifier implements WeightModel {
    public static final String HEAD_WEIGHT = "classification_head.weight";
    public static final String HEAD_BIAS = "classification_head.bias";

    private final ModelConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    private final int numClasses;

    private OpenClipClassifier(ModelConfig config, NDManager manager, Map<String, NDArray> parameters, int numClasses) {
        this.config = config;
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(parameters);
        this.numClasses = numClasses;
    }

    /**
     * Builds the model around the given float32 tensors, which become its parameters (not copied). Tensors of other
     * parts of a full CLIP checkpoint (text tower, logit_scale) are ignored by the caller, not here: every name
     * passed must belong to the image tower or head.
     *
     * @param source   file or label used in error messages
     * @param tensors  open_clip-named float32 tensors owned by {@code manager}
     * @param manager  owns the tensors; closed with the model
     * @throws RftException when a tensor is missing, unexpected or has the wrong shape for the config
     */
    public static OpenClipClassifier create(ModelConfig config, Map<String, NDArray> tensors, NDManager manager,
            String source) throws RftException {
        NDArray head = tensors.get(HEAD_WEIGHT);
        if (head == null || head.getShape().dimension() != 2) {
            throw new RftException(source + ": no classification head (" + HEAD_WEIGHT
                    + " [classes, embed_dim]); build a zero-shot head or export the fine-tuned classifier's state dict");
        }
        int classes = (int) head.getShape().get(0);
        Map<String, Shape> expected = expectedShapes(config, classes, tensors.containsKey(HEAD_BIAS));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            NDArray t = tensors.get(e.getKey());
            if (t == null) {
                problems.add("missing " + e.getKey() + " " + e.getValue());
            } else if (!t.getShape().equals(e.getValue())) {
                problems.add(e.getKey() + " has shape " + t.getShape() + ", config expects " + e.getValue());
            }
        }
        for (String name : tensors.keySet()) {
            if (!expected.containsKey(name)) {
                problems.add("unexpected tensor " + name);
            }
        }
        if (!problems.isEmpty()) {
            throw new RftException(source + ": checkpoint does not match the model config (" + describe(config, classes)
                    + "): " + String.join("; ", problems.subList(0, Math.min(4, problems.size())))
                    + (problems.size() > 4 ? "; and " + (problems.size() - 4) + " more" : ""));
        }
        Map<String, NDArray> ordered = new LinkedHashMap<>();
        for (String name : expected.keySet()) {
            ordered.put(name, tensors.get(name));
        }
        return new OpenClipClassifier(config, manager, ordered, classes);
    }

    /**
     * Builds a model over fresh copies of the given tensors (e.g. endpoint A as the starting point of the working
     * model), in a new manager on {@code device}; the source tensors are not touched.
     */
    public static OpenClipClassifier copyOf(ModelConfig config, Map<String, NDArray> source, Device device,
            String label) throws RftException {
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Map<String, NDArray> copies = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : source.entrySet()) {
                NDArray src = e.getValue();
                // toDevice(sameDevice, copy=true) may alias the source storage; clone() always copies
                NDArray copy = src.getDevice().equals(device) ? src.duplicate() : src.toDevice(device, true);
                copy.attach(manager);
                copies.put(e.getKey(), copy);
            }
            return create(config, copies, manager, label);
        } catch (RftException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Parameter names and shapes of this architecture, in network order. */
    public static Map<String, Shape> expectedShapes(ModelConfig config, int classes, boolean headBias) {
        ModelConfig.Vision v = config.vision();
        int w = v.width();
        int m = v.mlpWidth();
        Map<String, Shape> s = new LinkedHashMap<>();
        s.put("visual.conv1.weight", new Shape(w, 3, v.patchSize(), v.patchSize()));
        s.put("visual.class_embedding", new Shape(w));
        s.put("visual.positional_embedding", new Shape((long) v.grid() * v.grid() + 1, w));
        s.put("visual.ln_pre.weight", new Shape(w));
        s.put("visual.ln_pre.bias", new Shape(w));
        for (int i = 0; i < v.layers(); i++) {
            String p = "visual.transformer.resblocks." + i + ".";
            TransformerOps.putResidualBlockShapes(s, p, w, m);
        }
        s.put("visual.ln_post.weight", new Shape(w));
        s.put("visual.ln_post.bias", new Shape(w));
        s.put("visual.proj", new Shape(w, config.embedDim()));
        s.put(HEAD_WEIGHT, new Shape(classes, config.embedDim()));
        if (headBias) {
            s.put(HEAD_BIAS, new Shape(classes));
        }
        return s;
    }

    /** True for names that belong to this architecture family (image tower or head), false for e.g. the text tower. */
    public static boolean isImageClassifierTensor(String name) {
        return name.startsWith("visual.") || name.startsWith("classification_head.");
    }

    @Override
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    public ModelConfig config() {
        return config;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public String describe() {
        return describe(config, numClasses);
    }

    private static String describe(ModelConfig c, int classes) {
        ModelConfig.Vision v = c.vision();
        return String.format("open_clip ViT %dpx/%d, %d layers, width %d, %d heads, embed %d, %s, head %d classes",
                v.imageSize(), v.patchSize(), v.layers(), v.width(), v.heads(), c.embedDim(),
                c.quickGelu() ? "QuickGELU" : "GELU", classes);
    }

    /** Normalised image features [B, embed_dim] (before the head). */
    public NDArray features(NDArray images) {
        ModelConfig.Vision v = config.vision();
        int w = v.width();
        long batch = images.getShape().get(0);
        NDArray x = Conv2d.conv2d(images, p("visual.conv1.weight"), null,
                new Shape(v.patchSize(), v.patchSize())).singletonOrThrow();
        x = x.reshape(batch, w, -1).transpose(0, 2, 1);
        NDArray cls = p("visual.class_embedding").reshape(1, 1, w).broadcast(new Shape(batch, 1, w));
        x = cls.concat(x, 1).add(p("visual.positional_embedding"));
        x = layerNorm(x, "visual.ln_pre");
        for (int i = 0; i < v.layers(); i++) {
            String pre = "visual.transformer.resblocks." + i + ".";
            x = TransformerOps.residualBlock(x, parameters, pre, v.heads(), null, config.quickGelu());
        }
        NDArray pooled = layerNorm(x.get(":, 0, :"), "visual.ln_post");
        NDArray f = pooled.matMul(p("visual.proj"));
        return f.div(f.norm(new int[] {1}, true));
    }

    @Override
    public NDArray forward(NDArray images, boolean withGradient) {
        NDArray f = features(images);
        NDArray bias = parameters.get(HEAD_BIAS);
        return Linear.linear(f, p(HEAD_WEIGHT), bias).singletonOrThrow();
    }

    private NDArray layerNorm(NDArray x, String pre) {
        return TransformerOps.layerNorm(x, parameters, pre);
    }

    private NDArray p(String name) {
        return parameters.get(name);
    }

    @Override
    public void close() {
        manager.close();
    }
}
