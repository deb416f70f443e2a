package org.rftworkbench.core.data;

/** Resampling filter of the resize step; each one reproduces the PIL filter of the same name on uint8 images. */
public enum Interpolation {
    /** PIL BICUBIC: cubic convolution (a = -0.5), antialiased when shrinking. The CLIP default. */
    BICUBIC,
    /** PIL BILINEAR: triangle filter, antialiased when shrinking. */
    BILINEAR,
    /** PIL NEAREST: nearest source pixel to each output pixel centre, no antialiasing. */
    NEAREST
}
