package org.rftworkbench.core.sample;

import java.util.Random;

/**
 * What is done to a training image before fine-tuning sees it. {@link #STRONG} is the feasibility study's "strong
 * augmentation" (docs/sample-recipe.md, B'), with torchvision's defaults where it named none: random resized crop
 * (area 35-100% of the image, aspect ratio 3/4-4/3, bilinear back to full size), horizontal flip with probability
 * 0.5, Gaussian noise with sigma ~ U(0, 0.3) clipped to [0, 1], and random erasing with probability 0.5 (area 2-33%,
 * aspect ratio 0.3-3.3, filled with 0). The result is stored as uint8 again, as the evaluation images are.
 * Deterministic for a {@link Random} stream ({@code StrictMath} throughout). Stateless and thread-safe.
 */
public enum Augmentation {
    /** The image as it is. */
    NONE,
    /** Crop, flip, noise and erasing, as above. */
    STRONG;

    private static final int CROP_ATTEMPTS = 10;

    /** The augmented copy of a {@code size x size} uint8 image; NONE returns the pixels unchanged (no draws). */
    public byte[] apply(byte[] pixels, int size, Random rng) {
        if (this == NONE) {
            return pixels;
        }
        float[] x = ImageOps.fromBytes(pixels, 0, size * size);
        x = randomResizedCrop(x, size, rng);
        if (rng.nextDouble() < 0.5) {
            x = flipHorizontally(x, size);
        }
        x = ImageOps.gaussianNoise(x, 0.3 * rng.nextDouble(), rng);
        if (rng.nextDouble() < 0.5) {
            x = randomErase(x, size, rng);
        }
        return ImageOps.toBytes(x);
    }

    /** torchvision's RandomResizedCrop(scale = (0.35, 1), ratio = (3/4, 4/3)); the whole image when no draw fits. */
    static float[] randomResizedCrop(float[] x, int size, Random rng) {
        double area = (double) size * size;
        for (int attempt = 0; attempt < CROP_ATTEMPTS; attempt++) {
            double target = area * (0.35 + 0.65 * rng.nextDouble());
            double logRatio = StrictMath.log(3.0 / 4) + (StrictMath.log(4.0 / 3) - StrictMath.log(3.0 / 4))
                    * rng.nextDouble();
            double ratio = StrictMath.exp(logRatio);
            int w = (int) StrictMath.round(StrictMath.sqrt(target * ratio));
            int h = (int) StrictMath.round(StrictMath.sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= size && h <= size) {
                int top = rng.nextInt(size - h + 1);
                int left = rng.nextInt(size - w + 1);
                return resizeCrop(x, size, top, left, h, w);
            }
        }
        return x.clone();
    }

    /** The crop (top, left, h, w) resized to size x size: bilinear, pixel centres aligned, borders replicated. */
    static float[] resizeCrop(float[] x, int size, int top, int left, int h, int w) {
        float[] out = new float[size * size];
        double sy = (double) h / size;
        double sx = (double) w / size;
        for (int i = 0; i < size; i++) {
            double y = top + (i + 0.5) * sy - 0.5;
            for (int j = 0; j < size; j++) {
                double c = left + (j + 0.5) * sx - 0.5;
                out[i * size + j] = bilinearClamped(x, size, y, c, top, left, h, w);
            }
        }
        return out;
    }

    private static float bilinearClamped(float[] x, int size, double y, double c, int top, int left, int h, int w) {
        y = Math.max(top, Math.min(top + h - 1, y));
        c = Math.max(left, Math.min(left + w - 1, c));
        int y0 = (int) StrictMath.floor(y);
        int c0 = (int) StrictMath.floor(c);
        int y1 = Math.min(y0 + 1, top + h - 1);
        int c1 = Math.min(c0 + 1, left + w - 1);
        double fy = y - y0;
        double fc = c - c0;
        double v = (1 - fy) * ((1 - fc) * x[y0 * size + c0] + fc * x[y0 * size + c1])
                + fy * ((1 - fc) * x[y1 * size + c0] + fc * x[y1 * size + c1]);
        return (float) v;
    }

    static float[] flipHorizontally(float[] x, int size) {
        float[] out = new float[x.length];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                out[i * size + j] = x[i * size + (size - 1 - j)];
            }
        }
        return out;
    }

    /** torchvision's RandomErasing(scale = (0.02, 0.33), ratio = (0.3, 3.3), value = 0), already past its p. */
    static float[] randomErase(float[] x, int size, Random rng) {
        double area = (double) size * size;
        for (int attempt = 0; attempt < CROP_ATTEMPTS; attempt++) {
            double target = area * (0.02 + 0.31 * rng.nextDouble());
            double ratio = StrictMath.exp(StrictMath.log(0.3) + (StrictMath.log(3.3) - StrictMath.log(0.3))
                    * rng.nextDouble());
            int h = (int) StrictMath.round(StrictMath.sqrt(target * ratio));
            int w = (int) StrictMath.round(StrictMath.sqrt(target / ratio));
            if (h > 0 && w > 0 && h < size && w < size) {
                int top = rng.nextInt(size - h + 1);
                int left = rng.nextInt(size - w + 1);
                float[] out = x.clone();
                for (int i = top; i < top + h; i++) {
                    for (int j = left; j < left + w; j++) {
                        out[i * size + j] = 0f;
                    }
                }
                return out;
            }
        }
        return x;
    }

    /** The name used in project metadata: "none" or "strong". */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
