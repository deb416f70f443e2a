package org.rftworkbench.ui.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.session.ProjectCheck;

/**
 * The wizard's form becomes a project that passes the pre-flight check, stores in-folder paths relatively, and
 * round-trips through the project store; a missing field is named.
 */
class NewProjectFormTest {
    private static final Path SAMPLE = Path.of("sample-projects/fashion-clip-wiseft").toAbsolutePath();

    @TempDir
    Path dir;

    private NewProjectForm sampleForm(Path folder) {
        NewProjectForm f = new NewProjectForm();
        f.name = "wizard-made";
        f.folder = folder;
        f.modelFile = SAMPLE.resolve("model/config.json");
        f.checkpointA = SAMPLE.resolve("checkpoints/zeroshot.safetensors");
        f.checkpointB = SAMPLE.resolve("checkpoints/finetuned.safetensors");
        f.classesFile = SAMPLE.resolve("classes.txt");
        f.alphaGrid = "0:1:0.25";
        f.datasets.add(new NewProjectForm.DatasetRow("clean", ProjectSpec.Role.ID, ProjectSpec.Format.IDX,
                SAMPLE.resolve("data/id_clean-images-idx3-ubyte.gz"),
                SAMPLE.resolve("data/id_clean-labels-idx1-ubyte.gz")));
        return f;
    }

    @Test
    void sampleFilesMakeAProjectThatPassesTheCheckAndRoundTrips() throws Exception {
        LoadedProject project = sampleForm(dir).toLoaded();
        ProjectCheck check = ProjectCheck.run(project);
        assertTrue(check.ok(), check.problems().toString());
        assertEquals(5L * 1_600, check.imagesPerSweep(), "5 alphas x the 1,600 ID images");
        ProjectStore.save(project.spec(), project.file());
        LoadedProject reloaded = ProjectStore.load(dir.resolve("project.json"));
        assertEquals(project.spec(), reloaded.spec());
        assertEquals(List.of(0.0, 0.25, 0.5, 0.75, 1.0), reloaded.spec().alphaGrid().values());
    }

    @Test
    void pathsInsideTheFolderAreStoredRelativeOthersAbsolute() throws Exception {
        Path inside = SAMPLE.getParent().getParent(); // the repository: the sample's files lie inside it
        LoadedProject project = sampleForm(inside).toLoaded();
        assertEquals("sample-projects/fashion-clip-wiseft/classes.txt", project.spec().classesFile());
        LoadedProject outside = sampleForm(dir).toLoaded();
        assertTrue(Path.of(outside.spec().classesFile()).isAbsolute());
        assertTrue(Files.isRegularFile(outside.resolve(outside.spec().classesFile())));
    }

    @Test
    void missingCheckpointIsNamed() {
        NewProjectForm f = sampleForm(dir);
        f.checkpointB = null;
        RftException e = assertThrows(RftException.class, f::toLoaded);
        assertEquals("choose the fine-tuned checkpoint (B)", e.getMessage());
    }
}
