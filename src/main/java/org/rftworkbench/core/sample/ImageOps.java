package org.rftworkbench.core.sample;

import java.util.Random;

/**
 * Pixel operations on square greyscale images stored row-major as {@code float[size*size]} with values in [0, 1].
 * Every operation returns a new array and leaves its input alone. The arithmetic uses {@link StrictMath} and
 * {@link Random#nextGaussian()}, both specified bit for bit, so a given seed renders the same image on every JVM.
 * Stateless and thread-safe.
 */
public final class ImageOps {
    private ImageOps() {
    }

    /** {@code 1 - x}. */
    public static float[] invert(float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = 1f - x[i];
        }
        return out;
    }

    /** {@code offset + gain * x}, e.g. low contrast 0.4 + 0.25 x. */
    public static float[] affine(float[] x, float offset, float gain) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = offset + gain * x[i];
        }
        return out;
    }

    /** {@code (1 - w) * a + w * b}, pixel by pixel. */
    public static float[] mix(float[] a, float[] b, float w) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (1f - w) * a[i] + w * b[i];
        }
        return out;
    }

    /**
     * Edge map: Sobel gradient magnitude sqrt(gx^2 + gy^2) with replicated borders, divided by its maximum over the
     * image (an all-flat image gives all zeros).
     */
    public static float[] sobelSketch(float[] x, int size) {
        float[] out = new float[x.length];
        float max = 0f;
        for (int y = 0; y < size; y++) {
            for (int c = 0; c < size; c++) {
                float tl = at(x, size, y - 1, c - 1);
                float t = at(x, size, y - 1, c);
                float tr = at(x, size, y - 1, c + 1);
                float l = at(x, size, y, c - 1);
                float r = at(x, size, y, c + 1);
                float bl = at(x, size, y + 1, c - 1);
                float b = at(x, size, y + 1, c);
                float br = at(x, size, y + 1, c + 1);
                float gx = (tr + 2f * r + br) - (tl + 2f * l + bl);
                float gy = (bl + 2f * b + br) - (tl + 2f * t + tr);
                float m = (float) StrictMath.sqrt(gx * gx + gy * gy);
                out[y * size + c] = m;
                max = Math.max(max, m);
            }
        }
        if (max > 0f) {
            for (int i = 0; i < out.length; i++) {
                out[i] /= max;
            }
        }
        return out;
    }

    /** Pixel with replicated borders (coordinates clamped into the image). */
    private static float at(float[] x, int size, int y, int c) {
        int yy = Math.min(size - 1, Math.max(0, y));
        int cc = Math.min(size - 1, Math.max(0, c));
        return x[yy * size + cc];
    }

    /**
     * Rotation by {@code degrees} (counter-clockwise on screen, i.e. with y pointing down the image turns the other
     * way round than in maths) about the image centre ((size-1)/2, (size-1)/2), bilinear, zero outside the image.
     */
    public static float[] rotate(float[] x, int size, double degrees) {
        double rad = StrictMath.toRadians(degrees);
        double cos = StrictMath.cos(rad);
        double sin = StrictMath.sin(rad);
        double centre = (size - 1) / 2.0;
        float[] out = new float[x.length];
        for (int y = 0; y < size; y++) {
            for (int c = 0; c < size; c++) {
                // inverse mapping: where in the source does this output pixel come from
                double dx = c - centre;
                double dy = y - centre;
                double sx = cos * dx + sin * dy + centre;
                double sy = -sin * dx + cos * dy + centre;
                out[y * size + c] = bilinear(x, size, sx, sy);
            }
        }
        return out;
    }

    private static float bilinear(float[] x, int size, double sx, double sy) {
        int x0 = (int) StrictMath.floor(sx);
        int y0 = (int) StrictMath.floor(sy);
        double fx = sx - x0;
        double fy = sy - y0;
        double v = (1 - fx) * (1 - fy) * zeroPadded(x, size, y0, x0) + fx * (1 - fy) * zeroPadded(x, size, y0, x0 + 1)
                + (1 - fx) * fy * zeroPadded(x, size, y0 + 1, x0) + fx * fy * zeroPadded(x, size, y0 + 1, x0 + 1);
        return (float) v;
    }

    private static float zeroPadded(float[] x, int size, int y, int c) {
        return y < 0 || c < 0 || y >= size || c >= size ? 0f : x[y * size + c];
    }

    /** {@code x + sigma * N(0, 1)} per pixel from {@code rng}, clipped to [0, 1]. */
    public static float[] gaussianNoise(float[] x, double sigma, Random rng) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = clip01((float) (x[i] + sigma * rng.nextGaussian()));
        }
        return out;
    }

    /**
     * Gaussian blur with a {@code kernel x kernel} window (odd) of standard deviation {@code sigma} pixels, separable,
     * with reflected borders (like torchvision's {@code gaussian_blur}: index -1 reads index 1).
     */
    public static float[] gaussianBlur(float[] x, int size, int kernel, double sigma) {
        float[] k = gaussianKernel(kernel, sigma);
        int half = kernel / 2;
        float[] rows = new float[x.length];
        for (int y = 0; y < size; y++) {
            for (int c = 0; c < size; c++) {
                float s = 0f;
                for (int j = 0; j < kernel; j++) {
                    s += k[j] * x[y * size + reflect(c + j - half, size)];
                }
                rows[y * size + c] = s;
            }
        }
        float[] out = new float[x.length];
        for (int y = 0; y < size; y++) {
            for (int c = 0; c < size; c++) {
                float s = 0f;
                for (int j = 0; j < kernel; j++) {
                    s += k[j] * rows[reflect(y + j - half, size) * size + c];
                }
                out[y * size + c] = s;
            }
        }
        return out;
    }

    /** Normalised 1-D Gaussian weights exp(-d^2 / (2 sigma^2)) for d = -(n/2) .. n/2. */
    static float[] gaussianKernel(int n, double sigma) {
        if (n < 1 || n % 2 == 0) {
            throw new IllegalArgumentException("kernel size must be odd and positive, got " + n);
        }
        double[] w = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = i - n / 2;
            w[i] = StrictMath.exp(-d * d / (2 * sigma * sigma));
            sum += w[i];
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (w[i] / sum);
        }
        return out;
    }

    private static int reflect(int i, int size) {
        if (i < 0) {
            return -i;
        }
        return i >= size ? 2 * (size - 1) - i : i;
    }

    /** Clamps to [0, 1]. */
    public static float clip01(float v) {
        return v < 0f ? 0f : Math.min(v, 1f);
    }

    /** uint8 pixels (0..255) to [0, 1]. */
    public static float[] fromBytes(byte[] pixels, int offset, int count) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (pixels[offset + i] & 0xFF) / 255f;
        }
        return out;
    }

    /** [0, 1] to uint8 pixels, rounding half up after clipping (what an 8-bit image file stores). */
    public static byte[] toBytes(float[] x) {
        byte[] out = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (byte) Math.round(clip01(x[i]) * 255f);
        }
        return out;
    }
}
