package org.rftworkbench.core.model.text;

import java.util.List;
import org.rftworkbench.core.checkpoint.ByteBufferTensor;
import org.rftworkbench.core.checkpoint.CheckpointTensor;
import org.rftworkbench.core.model.OpenClipClassifier;

/**
 * A zero-shot classification head: {@code weight} [classes, embedDim] row-major (unit class embeddings times
 * exp(logit_scale)) and a zero bias. Immutable (arrays are copied in and out) and thread-safe.
 *
 * @param classes  class names in row order
 * @param embedDim columns of the weight
 * @param weight   row-major float32 values
 * @param scale    the factor applied, exp(logit_scale)
 */
public record ZeroShotHead(List<String> classes, int embedDim, float[] weight, float scale) {
    public ZeroShotHead {
        classes = List.copyOf(classes);
        if (weight.length != classes.size() * embedDim) {
            throw new IllegalArgumentException("weight has " + weight.length + " values, expected "
                    + classes.size() + " x " + embedDim);
        }
        weight = weight.clone();
    }

    @Override
    public float[] weight() {
        return weight.clone();
    }

    /**
     * {@code classification_head.weight} [C, embed_dim] and {@code classification_head.bias} [C] (zeros), ready for
     * {@code SafetensorsWriter} next to the {@code visual.*} tensors of the image tower.
     */
    public List<CheckpointTensor> tensors() {
        return List.of(
                ByteBufferTensor.ofFloats(OpenClipClassifier.HEAD_WEIGHT, new long[] {classes.size(), embedDim}, weight),
                ByteBufferTensor.ofFloats(OpenClipClassifier.HEAD_BIAS, new long[] {classes.size()},
                        new float[classes.size()]));
    }
}
