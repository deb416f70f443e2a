package org.rftworkbench.core.model.text;

import org.rftworkbench.core.model.TransformerOps;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.checkpoint.Checkpoint;
import org.rftworkbench.core.checkpoint.CheckpointReader;
import org.rftworkbench.core.checkpoint.CheckpointTensor;
import org.rftworkbench.core.engine.Engines;

/**
 * The open_clip (and OpenAI CLIP) text tower, natively in DJL array operations, with open_clip's tensor names:
 * {@code token_embedding.weight} [vocab, width], {@code positional_embedding} [context, width],
 * {@code transformer.resblocks.{i}.{ln_1, attn.in_proj_weight, attn.in_proj_bias, attn.out_proj, ln_2, mlp.c_fc,
 * mlp.c_proj}}, {@code ln_final}, {@code text_projection} [width, embed_dim] and the 0-dim {@code logit_scale}.
 *
 * <p>Forward: embed the ids, add the positional embedding, run the pre-LN residual blocks with a causal mask (a token
 * attends only to itself and earlier tokens: scores above the diagonal are -inf), apply {@code ln_final}, take the
 * token at the {@link TextPooling} position of each sequence and multiply by {@code text_projection}. Because of the
 * causal mask, tokens after the pooled end-of-text token cannot change the result. Sequences shorter than
 * context_length use the first positional rows (equivalent to padding, by the same argument).
 *
 * <p>Not thread-safe: use it from one thread, which must have called
 * {@code Models.prepareComputeThread()} (grad mode off) unless gradients are wanted.
 */
public final class OpenClipTextEncoder implements AutoCloseable {
    public static final String LOGIT_SCALE = "logit_scale";
    public static final String TOKEN_EMBEDDING = "token_embedding.weight";
    public static final String POSITIONAL_EMBEDDING = "positional_embedding";
    public static final String TEXT_PROJECTION = "text_projection";

    private final TextConfig config;
    private final TextPooling pooling;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    private final NDArray causalMask;

    private OpenClipTextEncoder(TextConfig config, TextPooling pooling, NDManager manager,
            Map<String, NDArray> parameters) {
        this.config = config;
        this.pooling = pooling;
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(parameters);
        int n = config.contextLength();
        float[] mask = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                mask[i * n + j] = Float.NEGATIVE_INFINITY;
            }
        }
        this.causalMask = manager.create(mask, new Shape(n, n));
    }

    /**
     * Builds the tower around the given float32 tensors, which become its parameters (not copied).
     *
     * @param tensors exactly the text-tower tensors of {@link #expectedShapes} (see {@link #isTextTowerTensor})
     * @param manager owns the tensors; closed with the encoder
     * @param source  file or label for error messages
     * @throws RftException a tensor is missing, unexpected or has the wrong shape for the config
     */
    public static OpenClipTextEncoder create(TextConfig config, Map<String, NDArray> tensors, NDManager manager,
            TextPooling pooling, String source) throws RftException {
        Map<String, Shape> expected = expectedShapes(config);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            NDArray t = tensors.get(e.getKey());
            if (t == null) {
                problems.add("missing " + e.getKey() + " " + e.getValue());
            } else if (!t.getShape().equals(e.getValue())) {
                problems.add(e.getKey() + " has shape " + t.getShape() + ", config expects " + e.getValue());
            } else if (t.getDataType() != DataType.FLOAT32) {
                problems.add(e.getKey() + " is " + t.getDataType() + ", expected float32");
            }
        }
        for (String name : tensors.keySet()) {
            if (!expected.containsKey(name)) {
                problems.add("unexpected tensor " + name);
            }
        }
        if (!problems.isEmpty()) {
            throw new RftException(source + ": text tower does not match the model config (" + describe(config)
                    + "): " + String.join("; ", problems.subList(0, Math.min(4, problems.size())))
                    + (problems.size() > 4 ? "; and " + (problems.size() - 4) + " more" : ""));
        }
        Map<String, NDArray> ordered = new LinkedHashMap<>();
        for (String name : expected.keySet()) {
            ordered.put(name, tensors.get(name));
        }
        return new OpenClipTextEncoder(config, pooling, manager, ordered);
    }

    /**
     * Reads the text tower out of a full CLIP checkpoint (any format {@link CheckpointReader} opens; image tower and
     * other tensors are skipped), converting floating tensors to float32.
     */
    public static OpenClipTextEncoder load(TextConfig config, Path checkpoint, TextPooling pooling, Device device)
            throws RftException {
        Engines.pytorch();
        NDManager manager = NDManager.newBaseManager(device);
        try (Checkpoint file = CheckpointReader.open(checkpoint)) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (CheckpointTensor t : file.tensors()) {
                if (!isTextTowerTensor(t.name())) {
                    continue;
                }
                if (!t.dataType().isFloating()) {
                    throw new RftException(RftException.at(checkpoint, "text tensor " + t.name() + " is "
                            + t.dataType() + ", expected a floating type"));
                }
                try (NDArray view = manager.create(t.bytes(), new Shape(t.shape()), t.dataType())) {
                    // the view may wrap the file mapping; float32 would alias it, so clone explicitly
                    tensors.put(t.name(), t.dataType() == DataType.FLOAT32 ? view.duplicate()
                            : view.toType(DataType.FLOAT32, false));
                }
            }
            if (tensors.isEmpty()) {
                throw new RftException(RftException.at(checkpoint, "no text tower (token_embedding.weight, ...): "
                        + "zero-shot heads need a full CLIP checkpoint with image and text towers"));
            }
            return create(config, tensors, manager, pooling, checkpoint.toString());
        } catch (RftException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Parameter names and shapes of the text tower, in open_clip's state-dict order (direct parameters, then submodules). */
    public static Map<String, Shape> expectedShapes(TextConfig c) {
        int w = c.width();
        int m = c.mlpWidth();
        Map<String, Shape> s = new LinkedHashMap<>();
        s.put(POSITIONAL_EMBEDDING, new Shape(c.contextLength(), w));
        s.put(TEXT_PROJECTION, new Shape(w, c.embedDim()));
        s.put(LOGIT_SCALE, new Shape());
        for (int i = 0; i < c.layers(); i++) {
            String p = "transformer.resblocks." + i + ".";
            TransformerOps.putResidualBlockShapes(s, p, w, m);
        }
        s.put(TOKEN_EMBEDDING, new Shape(c.vocabSize(), w));
        s.put("ln_final.weight", new Shape(w));
        s.put("ln_final.bias", new Shape(w));
        return s;
    }

    /**
     * True for names of a full CLIP state dict that belong to the text tower (or {@code logit_scale}); false for the
     * image tower ({@code visual.*}), a head, and OpenAI's integer entries ({@code context_length}, ...).
     */
    public static boolean isTextTowerTensor(String name) {
        return name.equals(POSITIONAL_EMBEDDING) || name.equals(TEXT_PROJECTION) || name.equals(LOGIT_SCALE)
                || name.startsWith("token_embedding.") || name.startsWith("transformer.")
                || name.startsWith("ln_final.");
    }

    /**
     * Text features [B, embed_dim], not normalised. The result is attached to this encoder's manager: close it when
     * done (it is freed with the encoder otherwise); intermediate arrays are freed before returning.
     *
     * @param tokens B sequences of equal length, at most context_length, ids in [0, vocab_size)
     * @throws IllegalArgumentException empty batch, ragged or too long sequences, ids out of range, or a sequence
     *     without an end-of-text position under the pooling rule
     */
    public NDArray encode(int[][] tokens) {
        int batch = tokens.length;
        if (batch == 0) {
            throw new IllegalArgumentException("no token sequences to encode");
        }
        int length = tokens[0].length;
        if (length < 1 || length > config.contextLength()) {
            throw new IllegalArgumentException("token sequences must have 1.." + config.contextLength()
                    + " ids, got " + length);
        }
        long[] ids = new long[batch * length];
        long[] pooled = new long[batch];
        for (int b = 0; b < batch; b++) {
            if (tokens[b].length != length) {
                throw new IllegalArgumentException("token sequences have different lengths (" + length + " and "
                        + tokens[b].length + ")");
            }
            for (int t = 0; t < length; t++) {
                int id = tokens[b][t];
                if (id < 0 || id >= config.vocabSize()) {
                    throw new IllegalArgumentException("token id " + id + " outside the vocabulary [0, "
                            + config.vocabSize() + ")");
                }
                ids[b * length + t] = id;
            }
            pooled[b] = (long) b * length + pooling.position(tokens[b]);
        }
        int w = config.width();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray idArray = manager.create(ids);
            NDArray x = p(TOKEN_EMBEDDING).get(new NDIndex("{}", idArray)).reshape(batch, length, w);
            x = x.add(p(POSITIONAL_EMBEDDING).get(new NDIndex("0:{}", length)));
            NDArray mask = length == config.contextLength() ? causalMask
                    : causalMask.get(new NDIndex("0:{}, 0:{}", length, length));
            for (int i = 0; i < config.layers(); i++) {
                x = TransformerOps.residualBlock(x, parameters, "transformer.resblocks." + i + ".", config.heads(),
                        mask, config.quickGelu());
            }
            x = TransformerOps.layerNorm(x, parameters, "ln_final");
            NDArray atEndOfText = x.reshape((long) batch * length, w).get(new NDIndex("{}", manager.create(pooled)));
            NDArray features = atEndOfText.matMul(p(TEXT_PROJECTION));
            NDScope.unregister(features);
            return features;
        }
    }

    /** {@link #encode} divided by its L2 norm per row. Same ownership rule. */
    public NDArray encodeNormalised(int[][] tokens) {
        NDArray f = encode(tokens);
        try (NDArray norm = f.norm(new int[] {1}, true)) {
            NDArray normalised = f.div(norm);
            f.close();
            return normalised;
        }
    }

    /** The raw (log-space) {@code logit_scale}; the head multiplies by its exp. */
    public float logitScale() {
        return p(LOGIT_SCALE).getFloat();
    }

    /** Live parameters by open_clip name (writable in place; trainable with DJL autograd). */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    public TextConfig config() {
        return config;
    }

    public TextPooling pooling() {
        return pooling;
    }

    public NDManager manager() {
        return manager;
    }

    public String describe() {
        return describe(config) + ", pooling at " + pooling;
    }

    private static String describe(TextConfig c) {
        return String.format("open_clip text tower: context %d, vocab %d, %d layers, width %d, %d heads, embed %d, %s",
                c.contextLength(), c.vocabSize(), c.layers(), c.width(), c.heads(), c.embedDim(),
                c.quickGelu() ? "QuickGELU" : "GELU");
    }

    private NDArray p(String name) {
        return parameters.get(name);
    }

    @Override
    public void close() {
        manager.close();
    }
}
