package org.rftworkbench.core.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Locale;

/**
 * How images become model input: resize, center crop, then (when batches are read) per-channel normalisation
 * {@code (x/255 - mean) / std}. The defaults reproduce open_clip/torchvision's CLIP eval transform
 * {@code Resize(S, BICUBIC) -> CenterCrop(S) -> RGB -> ToTensor -> Normalize(mean, std)}.
 *
 * <p>Serialises with Jackson as {@code {"imageSize":224,"resizeShortestSide":true,"interpolation":"BICUBIC",
 * "centerCrop":true,"mean":[..3..],"std":[..3..]}}; when reading, missing {@code resizeShortestSide},
 * {@code interpolation}, {@code centerCrop}, {@code mean} and {@code std} take the CLIP defaults.
 * Immutable (arrays are copied in and out) and thread-safe.
 *
 * @param imageSize          side S of the square model input, in pixels
 * @param resizeShortestSide true: scale so the shorter side is S (aspect kept; needs {@code centerCrop});
 *                           false: scale straight to S x S (aspect not kept)
 * @param interpolation      resampling filter of the resize
 * @param centerCrop         take the central S x S window after resizing
 * @param mean               per-channel (R, G, B) mean on the [0, 1] scale
 * @param std                per-channel (R, G, B) standard deviation on the [0, 1] scale, all positive
 */
public record PreprocessConfig(int imageSize, boolean resizeShortestSide, Interpolation interpolation,
                               boolean centerCrop, double[] mean, double[] std) {

    /** OpenAI CLIP's normalisation constants (also open_clip's OPENAI_DATASET_MEAN/STD). */
    public static final double[] CLIP_MEAN = {0.48145466, 0.4578275, 0.40821073};
    public static final double[] CLIP_STD = {0.26862954, 0.26130258, 0.27577711};

    public PreprocessConfig {
        if (imageSize < 1 || imageSize > 8192) {
            throw new IllegalArgumentException("imageSize must be in [1, 8192], got " + imageSize);
        }
        if (interpolation == null) {
            throw new IllegalArgumentException("interpolation is required");
        }
        if (resizeShortestSide && !centerCrop) {
            throw new IllegalArgumentException(
                    "resizeShortestSide without centerCrop would not give a square " + imageSize + "px input");
        }
        if (mean == null || mean.length != 3 || std == null || std.length != 3) {
            throw new IllegalArgumentException("mean and std need exactly 3 values (R, G, B)");
        }
        for (int c = 0; c < 3; c++) {
            if (!Double.isFinite(mean[c]) || !(std[c] > 0) || !Double.isFinite(std[c])) {
                throw new IllegalArgumentException("mean must be finite and std positive, got mean="
                        + Arrays.toString(mean) + " std=" + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Jackson entry point: fills in CLIP defaults for absent optional properties. */
    @JsonCreator
    static PreprocessConfig fromJson(@JsonProperty(value = "imageSize", required = true) int imageSize,
                                     @JsonProperty("resizeShortestSide") Boolean resizeShortestSide,
                                     @JsonProperty("interpolation") Interpolation interpolation,
                                     @JsonProperty("centerCrop") Boolean centerCrop,
                                     @JsonProperty("mean") double[] mean,
                                     @JsonProperty("std") double[] std) {
        return new PreprocessConfig(imageSize,
                resizeShortestSide == null || resizeShortestSide,
                interpolation == null ? Interpolation.BICUBIC : interpolation,
                centerCrop == null || centerCrop,
                mean == null ? CLIP_MEAN : mean,
                std == null ? CLIP_STD : std);
    }

    /** The CLIP eval transform at {@code imageSize} (shortest side, BICUBIC, center crop, OpenAI mean/std). */
    public static PreprocessConfig clip(int imageSize) {
        return new PreprocessConfig(imageSize, true, Interpolation.BICUBIC, true, CLIP_MEAN, CLIP_STD);
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** The same config with another normalisation. */
    public PreprocessConfig withNormalization(double[] newMean, double[] newStd) {
        return new PreprocessConfig(imageSize, resizeShortestSide, interpolation, centerCrop, newMean, newStd);
    }

    /**
     * Canonical text of everything that determines the model input, for cache and result keys, e.g.
     * {@code "s=224;resize=shortest;interp=BICUBIC;crop=center;mean=0.48145466,...;std=..."}. Two configs have
     * equal fingerprints exactly when they are {@link #equals equal}.
     */
    public String fingerprint() {
        return pixelFingerprint() + ";mean=" + join(mean) + ";std=" + join(std);
    }

    /**
     * Canonical text of the geometric part only (size, resize rule, filter, crop): what determines the uint8
     * pixels a {@link TensorCache} stores. Normalisation is applied when batches are read, so configs that differ
     * only in mean/std share one cache file.
     */
    public String pixelFingerprint() {
        return "s=" + imageSize + ";resize=" + (resizeShortestSide ? "shortest" : "square")
                + ";interp=" + interpolation + ";crop=" + (centerCrop ? "center" : "none");
    }

    private static String join(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(Double.toString(v)); // shortest round-trip repr: stable across runs and platforms
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreprocessConfig p && p.imageSize == imageSize
                && p.resizeShortestSide == resizeShortestSide && p.interpolation == interpolation
                && p.centerCrop == centerCrop && Arrays.equals(p.mean, mean) && Arrays.equals(p.std, std);
    }

    @Override
    public int hashCode() {
        return fingerprint().hashCode();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PreprocessConfig[%s]", fingerprint());
    }
}
