package org.rftworkbench.core.layers;

/** The signals a group can be flagged as a straggler by (method-notes 4.1, items 4 and 5). */
public enum StragglerCriterion {
    /** Layer-wise interpolation barrier I_l. */
    INSTABILITY("instability"),
    /** Relative weight change ||B_l - A_l|| / ||A_l||. */
    WEIGHT_CHANGE("weight-change"),
    /** Layer-wise sharpness divided by the median over groups (sharpness supplied from outside). */
    SHARPNESS_RATIO("sharpness-ratio");

    private final String label;

    StragglerCriterion(String label) {
        this.label = label;
    }

    /** Name used on the command line and in files. */
    public String label() {
        return label;
    }

    /** Parses a label such as "weight-change". */
    public static StragglerCriterion parse(String label) {
        for (StragglerCriterion c : values()) {
            if (c.label.equalsIgnoreCase(label) || c.name().equalsIgnoreCase(label)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown straggler criterion '" + label + "'");
    }
}
