package org.rftworkbench.core.session;

import java.util.List;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.data.IdxImageSource;
import org.rftworkbench.core.data.ImageFolderSource;
import org.rftworkbench.core.data.ImageSource;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;

/**
 * Opens the image source a project's dataset entry describes (reads headers and labels, decodes no image).
 * Stateless.
 */
public final class DatasetSources {
    private DatasetSources() {
    }

    public static ImageSource open(LoadedProject project, ProjectSpec.DatasetEntry entry, List<String> classes)
            throws RftException {
        return switch (entry.format()) {
            case IDX -> IdxImageSource.open(entry.name(), project.resolve(entry.images()),
                    project.resolve(entry.labels()), classes);
            case IMAGE_FOLDER -> ImageFolderSource.open(project.resolve(entry.images()), entry.name());
        };
    }
}
