package org.rftworkbench.core.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * CLIP's symmetric InfoNCE loss over deduplicated captions. A batch of B images is scored against all K distinct
 * captions ({@code logits[i][k] = exp(logit_scale) * <image_i, text_k>}, both unit vectors); image i's caption is
 * {@code captionOf[i]}. Many images share a caption (K = styles x classes is far smaller than a batch), so the
 * text-to-image direction has several positives:
 * <ul>
 *   <li>image-to-text: {@code mean_i -log softmax_k(logits[i, :])[captionOf[i]]};</li>
 *   <li>text-to-image: for each caption k present in the batch, the mean over its images i of
 *       {@code -log softmax_i(logits[:, k])[i]}; averaged over the present captions;</li>
 *   <li>loss = the mean of the two.</li>
 * </ul>
 * Stateless and thread-safe; the arrays it creates belong to the current {@code NDScope} / the logits' manager.
 */
public final class ContrastiveLoss {
    private ContrastiveLoss() {
    }

    /**
     * @param imageFeatures unit image features [B, D]
     * @param textFeatures  unit caption features [K, D]
     * @param logitScale    the raw 0-dim (log-space) scale; the logits use its exp
     * @param captionOf     caption index of each image, in [0, K)
     * @return the scalar loss (differentiable in all three arrays)
     */
    public static NDArray loss(NDArray imageFeatures, NDArray textFeatures, NDArray logitScale, int[] captionOf) {
        NDArray logits = imageFeatures.matMul(textFeatures.transpose()).mul(logitScale.exp());
        return fromLogits(logits, captionOf);
    }

    /** The loss for given logits [B, K] (see the class comment). */
    public static NDArray fromLogits(NDArray logits, int[] captionOf) {
        int batch = (int) logits.getShape().get(0);
        int captions = (int) logits.getShape().get(1);
        if (captionOf.length != batch) {
            throw new IllegalArgumentException(captionOf.length + " caption indices for " + batch + " images");
        }
        float[] positive = new float[batch * captions];
        int[] count = new int[captions];
        for (int i = 0; i < batch; i++) {
            int k = captionOf[i];
            if (k < 0 || k >= captions) {
                throw new IllegalArgumentException("caption index " + k + " outside [0, " + captions + ")");
            }
            positive[i * captions + k] = 1f;
            count[k]++;
        }
        int present = 0;
        for (int c : count) {
            present += c > 0 ? 1 : 0;
        }
        float[] captionWeight = new float[captions]; // 1 / (images of k * captions present), 0 when absent
        for (int k = 0; k < captions; k++) {
            captionWeight[k] = count[k] == 0 ? 0f : 1f / ((float) count[k] * present);
        }
        NDManager manager = logits.getManager();
        NDArray mask = manager.create(positive, new Shape(batch, captions));
        NDArray imageToText = logits.logSoftmax(1).mul(mask).sum().neg().div(batch);
        NDArray perCaption = logits.logSoftmax(0).mul(mask).sum(new int[] {0});
        NDArray textToImage = perCaption.mul(manager.create(captionWeight)).sum().neg();
        return imageToText.add(textToImage).div(2f);
    }
}
