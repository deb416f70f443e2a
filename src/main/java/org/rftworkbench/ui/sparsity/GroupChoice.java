package org.rftworkbench.ui.sparsity;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/** One block group in the sparsity view's checklist: its name, whether it straggles, whether it is chosen. */
public final class GroupChoice {
    private final String name;
    private final boolean straggler;
    private final BooleanProperty selected;

    public GroupChoice(String name, boolean straggler, boolean selected) {
        this.name = name;
        this.straggler = straggler;
        this.selected = new SimpleBooleanProperty(selected);
    }

    public String name() {
        return name;
    }

    /** Flagged by the straggler search (layer-wise instability, top-k). */
    public boolean straggler() {
        return straggler;
    }

    public BooleanProperty selectedProperty() {
        return selected;
    }

    @Override
    public String toString() {
        return straggler ? name + "  (straggler)" : name;
    }
}
