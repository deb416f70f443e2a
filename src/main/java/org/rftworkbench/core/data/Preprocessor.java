package org.rftworkbench.core.data;

/**
 * The geometric half of the CLIP eval transform on uint8 images, bit-compatible with torchvision on PIL images:
 * {@code Resize(S)} (shorter side to S, longer side {@code int(S * long / short)}, Pillow resampling), then
 * {@code CenterCrop(S)} (offsets {@code int(round((h - S) / 2.0))} with Python's round-half-even), then grey to RGB
 * by replication. Output is uint8 CHW {@code [channels, S, S]}; normalisation happens later, when
 * {@link PreparedDataset} reads batches, so cached pixels equal what PIL produced.
 *
 * <p>Stateless apart from its config; thread-safe.
 */
public final class Preprocessor {
    private final PreprocessConfig config;

    public Preprocessor(PreprocessConfig config) {
        this.config = config;
    }

    public PreprocessConfig config() {
        return config;
    }

    /** Side S of the square output. */
    public int imageSize() {
        return config.imageSize();
    }

    /** The image as uint8 CHW [3, S, S] (grey replicated into R, G and B). */
    public byte[] apply(DecodedImage image) {
        int s = config.imageSize();
        byte[] out = new byte[3 * s * s];
        apply(image, 3, out, 0);
        return out;
    }

    /**
     * Writes the preprocessed image as uint8 CHW [outChannels, S, S] into {@code dst} at {@code offset}.
     *
     * @param outChannels 3 for RGB planes; 1 only for grey input (a cache storing one plane per grey image)
     */
    public void apply(DecodedImage image, int outChannels, byte[] dst, int offset) {
        if (outChannels != 3 && !(outChannels == 1 && image.channels() == 1)) {
            throw new IllegalArgumentException(
                    "cannot write " + image.channels() + "-channel image as " + outChannels + " channel(s)");
        }
        int s = config.imageSize();
        if (config.centerCrop()) {
            Window w = window(image);
            PilResampler.resizeRegionPlanar(image, w.width(), w.height(), w.left(), w.top(), s, s,
                    config.interpolation(), outChannels, dst, offset);
            return;
        }
        PilResampler.writePlanes(resizeAndCrop(image), outChannels, dst, offset);
    }

    /** Resize then center crop, still HWC with the input's channel count; S x S. */
    DecodedImage resizeAndCrop(DecodedImage image) {
        int s = config.imageSize();
        Window w = window(image);
        if (!config.centerCrop()) {
            return PilResampler.resize(image, w.width(), w.height(), config.interpolation());
        }
        // Only the crop is resampled (a quarter of a 4:3 photo's resize is cropped away), with the same pixels.
        return PilResampler.resizeRegion(image, w.width(), w.height(), w.left(), w.top(), s, s,
                config.interpolation());
    }

    /** The resized size and, with a centre crop, the S x S window's top-left corner in it. */
    private record Window(int width, int height, int left, int top) {
    }

    private Window window(DecodedImage image) {
        int s = config.imageSize();
        int w = image.width();
        int h = image.height();
        int newW;
        int newH;
        if (config.resizeShortestSide()) {
            int shortSide = Math.min(w, h);
            int longSide = Math.max(w, h);
            // torchvision: new_long = int(size * long / short), a true (float) division then truncation
            int newLong = (int) ((double) ((long) s * longSide) / shortSide);
            newW = w <= h ? s : newLong;
            newH = w <= h ? newLong : s;
        } else {
            newW = s;
            newH = s;
        }
        // torchvision center_crop; the resized image is never smaller than S, so no padding is needed.
        int top = (int) Math.rint((newH - s) / 2.0); // Math.rint rounds half to even, like Python's round
        int left = (int) Math.rint((newW - s) / 2.0);
        return new Window(newW, newH, left, top);
    }
}
