package org.rftworkbench.core.session;

import java.util.List;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.data.IdxImageSource;
import org.rftworkbench.core.data.ImageFolderSource;
import org.rftworkbench.core.data.ImageSource;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;

/**
 * Opens the image source a project's dataset entry describes (reads headers and labels, decodes no image), with
 * every file checked against the project's {@link LoadedProject#access() file-access policy}. Stateless.
 */
public final class DatasetSources {
    private DatasetSources() {
    }

    public static ImageSource open(LoadedProject project, ProjectSpec.DatasetEntry entry, List<String> classes)
            throws RftException {
        return switch (entry.format()) {
            case IDX -> IdxImageSource.open(entry.name(), project.checked(entry.images()),
                    project.checked(entry.labels()), classes);
            // The folder source checks every folder it lists and every image it opens, not only its root.
            case IMAGE_FOLDER -> ImageFolderSource.open(project.resolve(entry.images()), entry.name(),
                    project.access());
        };
    }
}
