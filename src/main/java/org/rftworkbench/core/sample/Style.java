package org.rftworkbench.core.sample;

import java.util.Locale;
import java.util.Random;

/**
 * An image rendition ("domain") of the miniature CLIP world: the clean photo and the shifted styles used for
 * pretraining captions and for the OOD evaluation sets. Renders a {@code size x size} [0, 1] image into a new one;
 * random styles draw from the given generator (one draw sequence per image, in a fixed order). Immutable.
 */
public enum Style {
    CLEAN("clean", "a photo of a {}."),
    /** Sobel edge magnitude divided by its per-image maximum. */
    SKETCH("sketch", "a sketch of a {}."),
    /** 0.5 x + 0.5 sketch(x): a photo with its edges drawn in. */
    SKMIX50("skmix50", "a photo with drawn edges of a {}."),
    INVERT("invert", "an inverted photo of a {}."),
    /** Rotation by +-U(30, 60) degrees, bilinear, zero padding. */
    ROT30_60("rot30_60", "a rotated photo of a {}."),
    /** Rotation by +-U(10, 20) degrees. */
    ROT10_20("rot10_20", "a slightly rotated photo of a {}."),
    /** Additive Gaussian noise sigma 0.35, clipped. */
    NOISE35("noise35", "a noisy photo of a {}."),
    /** Additive Gaussian noise sigma 0.15, clipped. */
    NOISE15("noise15", "a grainy photo of a {}."),
    /** Gaussian blur 7x7, sigma 1.5. */
    BLUR("blur", "a blurry photo of a {}."),
    /** 0.4 + 0.25 x. */
    LOWCON("lowcon", "a low contrast photo of a {}.");

    private final String id;
    private final String captionTemplate;

    Style(String id, String captionTemplate) {
        this.id = id;
        this.captionTemplate = captionTemplate;
    }

    /** Short name used in dataset names ({@code ood_<id>}) and settings, e.g. "rot10_20". */
    public String id() {
        return id;
    }

    /** Caption template with {@code {}} for the class name, e.g. "a sketch of a {}.". */
    public String captionTemplate() {
        return captionTemplate;
    }

    /** The style with this {@link #id()}. */
    public static Style byId(String id) {
        for (Style s : values()) {
            if (s.id.equals(id.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown style '" + id + "'");
    }

    /** Renders {@code x} (not modified) in this style. */
    public float[] render(float[] x, int size, Random rng) {
        return switch (this) {
            case CLEAN -> x.clone();
            case SKETCH -> ImageOps.sobelSketch(x, size);
            case SKMIX50 -> ImageOps.mix(x, ImageOps.sobelSketch(x, size), 0.5f);
            case INVERT -> ImageOps.invert(x);
            case ROT30_60 -> ImageOps.rotate(x, size, signedAngle(rng, 30, 60));
            case ROT10_20 -> ImageOps.rotate(x, size, signedAngle(rng, 10, 20));
            case NOISE35 -> ImageOps.gaussianNoise(x, 0.35, rng);
            case NOISE15 -> ImageOps.gaussianNoise(x, 0.15, rng);
            case BLUR -> ImageOps.gaussianBlur(x, size, 7, 1.5);
            case LOWCON -> ImageOps.affine(x, 0.4f, 0.25f);
        };
    }

    private static double signedAngle(Random rng, double lo, double hi) {
        double angle = lo + (hi - lo) * rng.nextDouble();
        return rng.nextBoolean() ? angle : -angle;
    }
}
