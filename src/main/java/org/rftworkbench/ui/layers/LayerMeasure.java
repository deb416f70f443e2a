package org.rftworkbench.ui.layers;

/** What the layer x alpha heatmap of the Layers view shows. */
public enum LayerMeasure {
    /** Layer-wise loss sharpness of theta(alpha), perturbing one group at a time (method-notes 3.5). */
    SHARPNESS("Layer-wise sharpness"),
    /** Loss when only this group moves along the path, minus the linear baseline (method-notes 4.1). */
    INSTABILITY("Interpolation instability"),
    /** Relative distance of the group from A: ||theta_alpha - A|| / ||A|| = alpha ||B - A|| / ||A||. */
    WEIGHT_CHANGE("Weight change");

    private final String label;

    LayerMeasure(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
