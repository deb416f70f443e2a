package org.rftworkbench.ui.project;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.data.PreprocessConfig;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;

/**
 * What the new-project wizard has collected, turned into a {@link ProjectSpec} stored as {@code folder/project.json}.
 * Paths inside the project folder are stored relative to it (the project can be moved with its files), others stay
 * absolute. Plain data; the dialog fills it on the FX thread and hands a copy to the io thread.
 */
public final class NewProjectForm {
    /** How the architecture is given. */
    public enum ModelKind {
        CONFIG, BUILTIN, TORCHSCRIPT
    }

    /** One dataset row of the wizard. */
    public record DatasetRow(String name, ProjectSpec.Role role, ProjectSpec.Format format, Path images, Path labels) {
    }

    public String name = "";
    public Path folder;
    public ModelKind modelKind = ModelKind.CONFIG;
    /** The config or TorchScript file (CONFIG, TORCHSCRIPT). */
    public Path modelFile;
    /** The built-in config name (BUILTIN). */
    public String builtin = ModelConfig.BUILTIN[0];
    /** Input resolution for TorchScript models (config models take theirs from the config). */
    public int imageSize = 224;
    public Path checkpointA;
    public Path checkpointB;
    public Path classesFile;
    public String alphaGrid = "0:1:0.1";
    public final List<DatasetRow> datasets = new ArrayList<>();

    /** The project file the wizard will write. */
    public Path projectFile() throws RftException {
        if (folder == null) {
            throw new RftException("choose a folder for the project");
        }
        return folder.toAbsolutePath().normalize().resolve("project.json");
    }

    /**
     * The project as it will be stored (nothing is written).
     *
     * @throws RftException naming the first missing field
     */
    public LoadedProject toLoaded() throws RftException {
        Path file = projectFile();
        Path dir = file.getParent();
        if (name == null || name.isBlank()) {
            throw new RftException("give the project a name");
        }
        require(checkpointA, "choose the zero-shot checkpoint (A)");
        require(checkpointB, "choose the fine-tuned checkpoint (B)");
        require(classesFile, "choose the class names file (one class per line)");
        ProjectSpec.ModelSpec model;
        int size;
        switch (modelKind) {
            case CONFIG -> {
                require(modelFile, "choose the model config (open_clip JSON)");
                model = new ProjectSpec.ModelSpec(stored(dir, modelFile), null, null);
                size = ModelConfig.read(modelFile).vision().imageSize();
            }
            case BUILTIN -> {
                model = new ProjectSpec.ModelSpec(null, builtin, null);
                size = ModelConfig.builtin(builtin).vision().imageSize();
            }
            default -> {
                require(modelFile, "choose the TorchScript model");
                model = new ProjectSpec.ModelSpec(null, null, stored(dir, modelFile));
                size = imageSize;
            }
        }
        List<ProjectSpec.DatasetEntry> entries = new ArrayList<>();
        for (DatasetRow row : datasets) {
            entries.add(new ProjectSpec.DatasetEntry(row.name(), row.role(), row.format(), stored(dir, row.images()),
                    row.labels() == null ? null : stored(dir, row.labels()), null));
        }
        ProjectSpec project = new ProjectSpec(ProjectSpec.FORMAT_VERSION, name.strip(), "", model,
                new ProjectSpec.Endpoint("zero-shot", stored(dir, checkpointA)),
                new ProjectSpec.Endpoint("fine-tuned", stored(dir, checkpointB)), null, stored(dir, classesFile),
                PreprocessConfig.clip(size), entries, grid(), null, null);
        return new LoadedProject(file, project);
    }

    private ProjectSpec.AlphaGrid grid() throws RftException {
        List<Double> alphas = org.rftworkbench.core.eval.AlphaGrids.parse(alphaGrid);
        return new ProjectSpec.AlphaGrid(null, null, null, alphas);
    }

    private static void require(Object value, String message) throws RftException {
        if (value == null) {
            throw new RftException(message);
        }
    }

    /** Relative to the project folder when inside it (so the project moves with its files), else absolute. */
    static String stored(Path dir, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(dir) ? dir.relativize(absolute).toString().replace('\\', '/') : absolute.toString();
    }
}
