package org.rftworkbench.ui.layers;

import org.rftworkbench.core.sharpness.SharpnessSettings;

/**
 * How much data and how many steps a sharpness run of the Layers view spends. Everything else (definition, norm,
 * adaptive scaling, logit normalisation, rho) comes from the view's own controls.
 */
public enum SharpnessPreset {
    /**
     * One batch (n = m = 128) and T = 10 ascent steps (K = 10 draws in the average case): the layer heatmap of the
     * sample project in about a minute of one CPU thread.
     */
    QUICK("Quick (n 128, T 10)", 128, 10, 10),
    /** The settings of the sample project's published analysis: n = 256, T = 20. */
    SAMPLE("Sample analysis (n 256, T 20)", 256, 20, 20),
    /** The method-notes reference defaults (Andriushchenko et al. 2023): n = 1024, T = 20, K = 20. */
    REFERENCE("Reference (n 1024, T 20)", SharpnessSettings.DEFAULT_EXAMPLES, SharpnessSettings.DEFAULT_STEPS,
            SharpnessSettings.DEFAULT_SAMPLES);

    private final String label;
    private final int examples;
    private final int steps;
    private final int samples;

    SharpnessPreset(String label, int examples, int steps, int samples) {
        this.label = label;
        this.examples = examples;
        this.steps = steps;
        this.samples = samples;
    }

    /**
     * The reference settings of {@code definition} with this preset's n, T and K (m = 128).
     *
     * @param rho perturbation radius (worst case) or noise scale (average case)
     */
    public SharpnessSettings settings(SharpnessSettings.Definition definition, double rho) {
        SharpnessSettings base = SharpnessSettings.defaults().withDefinition(definition).withRho(rho)
                .withData(SharpnessSettings.DEFAULT_BATCH_SIZE, examples, null).withSteps(steps);
        return base.withNoise(base.noise(), samples, base.seed());
    }

    @Override
    public String toString() {
        return label;
    }
}
