package org.rftworkbench.core.model.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;
import org.rftworkbench.core.tokenize.Tokenizer;
import org.rftworkbench.core.util.CancelledException;
import org.rftworkbench.core.util.Progress;

/**
 * Builds CLIP's zero-shot classification head (the recipe of OpenAI's ImageNet notebook, wise-ft and open_clip):
 * for each class, encode every prompt template filled with the class name, L2-normalise each text feature, average
 * them, L2-normalise the mean; stack the class vectors [C, embed_dim], multiply by exp(logit_scale); bias 0. Applied
 * to L2-normalised image features this gives CLIP's zero-shot logits. All arithmetic is float32, as in PyTorch.
 *
 * <p>Runs on the calling thread (see {@link OpenClipTextEncoder} for the thread rule); one batch per class
 * (as many sequences as templates). Stateless.
 */
public final class ZeroShotHeadBuilder {
    private ZeroShotHeadBuilder() {
    }

    /**
     * @param classes   class names in head order (inserted into the templates as they are)
     * @param templates prompt templates containing {@code {}}
     * @param progress  one step per class; cancellation is polled per class
     * @throws IllegalArgumentException no classes or templates, or the tokenizer's context or vocabulary does not fit
     *     the encoder
     * @throws CancelledException when {@code progress} asks to stop
     */
    public static ZeroShotHead build(OpenClipTextEncoder encoder, Tokenizer tokenizer, List<String> classes,
            List<String> templates, Progress progress) {
        if (classes.isEmpty() || templates.isEmpty()) {
            throw new IllegalArgumentException("a zero-shot head needs at least one class and one template");
        }
        TextConfig config = encoder.config();
        if (tokenizer.contextLength() > config.contextLength()) {
            throw new IllegalArgumentException("tokenizer context length " + tokenizer.contextLength()
                    + " exceeds the text tower's " + config.contextLength());
        }
        if (tokenizer.vocabularySize() > config.vocabSize()) {
            throw new IllegalArgumentException("tokenizer vocabulary (" + tokenizer.vocabularySize()
                    + " ids) is larger than the text tower's (" + config.vocabSize() + ")");
        }
        int dim = config.embedDim();
        float scale;
        try (NDArray exp = encoder.parameters().get(OpenClipTextEncoder.LOGIT_SCALE).exp()) {
            scale = exp.getFloat(); // float32 exp, as logit_scale.exp() in PyTorch
        }
        float[] weight = new float[classes.size() * dim];
        for (int c = 0; c < classes.size(); c++) {
            if (progress.isCancelled()) {
                throw new CancelledException();
            }
            progress.update("zero-shot head", c, classes.size());
            List<String> prompts = new ArrayList<>(templates.size());
            for (String template : templates) {
                prompts.add(PromptTemplates.format(template, classes.get(c)));
            }
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray perTemplate = encoder.encodeNormalised(
                        trimAfterPooledToken(tokenizer.encodeAll(prompts), encoder.pooling()));
                NDArray mean = perTemplate.mean(new int[] {0});
                NDArray unit = mean.div(mean.norm());
                float[] row = unit.mul(scale).toFloatArray();
                System.arraycopy(row, 0, weight, c * dim, dim);
            }
        }
        progress.update("zero-shot head", classes.size(), classes.size());
        return new ZeroShotHead(classes, dim, weight, scale);
    }

    /**
     * Drops the columns after the last pooled position of the batch. Under the causal mask those positions cannot
     * influence the pooled tokens, so the features are the same, and prompts of ~15 tokens no longer pay for CLIP's
     * 77 positions (about 4x less work for the 80 ImageNet templates).
     */
    static int[][] trimAfterPooledToken(int[][] tokens, TextPooling pooling) {
        int length = 0;
        for (int[] row : tokens) {
            length = Math.max(length, pooling.position(row) + 1);
        }
        int[][] out = new int[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            out[i] = java.util.Arrays.copyOf(tokens[i], length);
        }
        return out;
    }
}
