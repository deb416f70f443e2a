package org.rftworkbench.core.data;

/**
 * A decoded image as 8-bit samples in HWC order (row-major, channels interleaved), before any preprocessing.
 * Grey images keep one channel; colour images have three (R, G, B). Immutable by convention: the pixel array is
 * not copied, so neither the producer nor the consumer may modify it after construction.
 *
 * @param width    pixels per row, at least 1
 * @param height   rows, at least 1
 * @param channels 1 (grey) or 3 (RGB)
 * @param pixels   {@code width * height * channels} samples, unsigned (read them with {@code & 0xFF})
 */
public record DecodedImage(int width, int height, int channels, byte[] pixels) {

    public DecodedImage {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if ((long) width * height * channels != pixels.length) {
            throw new IllegalArgumentException("expected " + (long) width * height * channels
                    + " samples for " + width + "x" + height + "x" + channels + ", got " + pixels.length);
        }
    }

    /** The unsigned sample at row {@code y}, column {@code x}, channel {@code c}. */
    public int sample(int x, int y, int c) {
        return pixels[(y * width + x) * channels + c] & 0xFF;
    }
}
