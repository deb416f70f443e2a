package org.rftworkbench.core.sample;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Deterministic photo-like JPEGs for rehearsing data preparation at real scale: the pixel sizes of typical ImageNet
 * photos (500 x 375, 375 x 500, 500 x 333, 640 x 480, ...) and content a JPEG codec treats like a photo (a smooth
 * two-tone background, a few soft-edged blobs, texture at two scales and sensor-like noise), so decoding costs and
 * compressed sizes (about 100 KB on average at quality 0.95; ImageNet val's JPEGs average about 130 KB) are in
 * ImageNet's range. The content means nothing.
 *
 * <p>Every pixel is a function of (seed, index) computed with integer and float arithmetic only (no
 * transcendental functions), and the JPEG writer gets fixed settings and no metadata, so the bytes of a seed are
 * the same in every run. Stateless and thread-safe.
 */
public final class SyntheticPhotos {
    /** (width, height) of the photos, cycled with a seeded choice; the landscape 500 x 375 is the most common. */
    public static final List<int[]> SIZES = List.of(new int[] {500, 375}, new int[] {500, 375}, new int[] {375, 500},
            new int[] {500, 333}, new int[] {640, 480}, new int[] {500, 500}, new int[] {333, 500});
    /** JPEG quality of the written files (ImageIO scale, 0..1). */
    public static final float JPEG_QUALITY = 0.95f;

    private SyntheticPhotos() {
    }

    /** The JPEG bytes of photo {@code index} for {@code seed}. */
    public static byte[] jpeg(long seed, long index) {
        return encode(render(seed, index));
    }

    /** The RGB image of photo {@code index} for {@code seed} (its size is one of {@link #SIZES}). */
    public static BufferedImage render(long seed, long index) {
        RandomOpenClipWeights.SplitMix64 random =
                new RandomOpenClipWeights.SplitMix64(seed * 0xD1B54A32D192ED03L + index * 0x9E3779B97F4A7C15L + 17);
        int[] size = SIZES.get((int) Long.remainderUnsigned(random.nextLong(), SIZES.size()));
        int width = size[0];
        int height = size[1];
        float[] top = randomColour(random);
        float[] bottom = randomColour(random);
        float horizon = 0.3f + 0.4f * random.nextFloat();
        int cells = 4 + (int) (random.nextFloat() * 5);
        ValueNoise broad = new ValueNoise(random, cells, cells, 3);
        ValueNoise texture = new ValueNoise(random, Math.max(2, width / 14), Math.max(2, height / 14), 1);
        ValueNoise detail = new ValueNoise(random, Math.max(2, width / 4), Math.max(2, height / 4), 1);
        Blob[] blobs = new Blob[2 + (int) (random.nextFloat() * 4)];
        for (int b = 0; b < blobs.length; b++) {
            blobs[b] = new Blob(width * random.nextFloat(), height * random.nextFloat(),
                    width * (0.08f + 0.25f * random.nextFloat()), height * (0.08f + 0.25f * random.nextFloat()),
                    randomColour(random), 0.05f + 0.3f * random.nextFloat());
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        float[] rgb = new float[3];
        for (int y = 0; y < height; y++) {
            float v = (float) y / height;
            float sky = smoothstep(horizon - 0.15f, horizon + 0.15f, v);
            for (int x = 0; x < width; x++) {
                float u = (float) x / width;
                for (int c = 0; c < 3; c++) {
                    rgb[c] = top[c] + (bottom[c] - top[c]) * sky + 60f * broad.at(u, v, c);
                }
                for (Blob blob : blobs) {
                    blob.paint(x, y, rgb);
                }
                float grain = 16f * texture.at(u, v, 0) + 14f * detail.at(u, v, 0)
                        + 9f * (random.nextSymmetric() + random.nextSymmetric());
                int p = (y * width + x) * 3;
                bgr[p] = clampToByte(rgb[2] + grain);
                bgr[p + 1] = clampToByte(rgb[1] + grain);
                bgr[p + 2] = clampToByte(rgb[0] + grain);
            }
        }
        return image;
    }

    /** Baseline JPEG at {@link #JPEG_QUALITY}, JFIF header only. */
    public static byte[] encode(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 << 10);
                ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding failed in memory", e);
        } finally {
            writer.dispose();
        }
    }

    private static float[] randomColour(RandomOpenClipWeights.SplitMix64 random) {
        return new float[] {30 + 200 * random.nextFloat(), 30 + 200 * random.nextFloat(), 30 + 200 * random.nextFloat()};
    }

    private static float smoothstep(float from, float to, float x) {
        float t = Math.max(0f, Math.min(1f, (x - from) / (to - from)));
        return t * t * (3 - 2 * t);
    }

    private static byte clampToByte(float value) {
        return (byte) Math.max(0, Math.min(255, Math.round(value)));
    }

    /** Random values in [-1, 1] on a (gx + 1) x (gy + 1) lattice, smoothly interpolated; one plane per channel. */
    private static final class ValueNoise {
        private final int gx;
        private final int gy;
        private final float[][] planes;

        ValueNoise(RandomOpenClipWeights.SplitMix64 random, int gx, int gy, int channels) {
            this.gx = gx;
            this.gy = gy;
            this.planes = new float[channels][(gx + 1) * (gy + 1)];
            for (float[] plane : planes) {
                for (int i = 0; i < plane.length; i++) {
                    plane[i] = random.nextSymmetric();
                }
            }
        }

        /** The value at (u, v) in [0, 1)^2 of {@code channel}. */
        float at(float u, float v, int channel) {
            float fx = u * gx;
            float fy = v * gy;
            int x0 = Math.min(gx - 1, (int) fx);
            int y0 = Math.min(gy - 1, (int) fy);
            float tx = smoothstep(0f, 1f, fx - x0);
            float ty = smoothstep(0f, 1f, fy - y0);
            float[] p = planes[channel];
            int row = gx + 1;
            float top = p[y0 * row + x0] + (p[y0 * row + x0 + 1] - p[y0 * row + x0]) * tx;
            float bottom = p[(y0 + 1) * row + x0] + (p[(y0 + 1) * row + x0 + 1] - p[(y0 + 1) * row + x0]) * tx;
            return top + (bottom - top) * ty;
        }
    }

    /** A soft-edged ellipse blended over the background. */
    private record Blob(float cx, float cy, float rx, float ry, float[] colour, float softness) {
        void paint(int x, int y, float[] rgb) {
            float dx = (x - cx) / rx;
            float dy = (y - cy) / ry;
            float d = dx * dx + dy * dy;
            if (d >= 1f) {
                return;
            }
            float w = 1f - smoothstep(1f - softness, 1f, d);
            float shade = 1f - 0.35f * dy;
            for (int c = 0; c < 3; c++) {
                rgb[c] += (colour[c] * shade - rgb[c]) * w;
            }
        }
    }
}
