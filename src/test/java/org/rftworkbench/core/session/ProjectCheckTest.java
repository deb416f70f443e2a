package org.rftworkbench.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.testutil.Goldens;
import org.rftworkbench.testutil.TinyProject;

/** The wizard's pre-flight check: the sample passes with its real sizes; each broken part is named in one line. */
class ProjectCheckTest {
    @TempDir
    Path dir;

    @Test
    void sampleProjectPassesAndTheEstimateCountsEveryIdAndOodImageAtEveryAlpha() throws Exception {
        ProjectCheck check = ProjectCheck.run(ProjectStore.load(Path.of(
                "sample-projects/fashion-clip-wiseft/project.json")));
        assertTrue(check.ok(), check.problems().toString());
        // 11 alphas x (1,600 ID + 5 x 1,400 OOD); the 1,024 sharpness images are not part of a sweep
        assertEquals(11L * (1_600 + 5 * 1_400), check.imagesPerSweep());
        assertTrue(check.facts().contains("dataset id_clean (id): 1,600 images, 10 classes"), check.facts().toString());
        assertTrue(check.parameters() > 200_000 && check.parameters() < 230_000, "the 213k-parameter sample ViT");
        assertTrue(check.gflopsPerSweep() > 0);
    }

    @Test
    void endpointsThatCannotBeInterpolatedAreRefusedNamingBsFile() throws Exception {
        Path file = TinyProject.create(dir.resolve("p"));
        // B becomes a text tower: other tensor names and shapes than A
        Files.copy(Goldens.TINY_VIT.resolveSibling("text/weights.safetensors"), dir.resolve("p/b.safetensors"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ProjectCheck check = ProjectCheck.run(ProjectStore.load(file));
        assertEquals(1, check.problems().size(), check.problems().toString());
        String problem = check.problems().get(0);
        assertTrue(problem.contains("b.safetensors") && problem.contains("cannot be interpolated")
                && problem.contains("more"), problem);
    }

    @Test
    void unreadableCheckpointIsOneProblemNamingItsFile() throws Exception {
        Path file = TinyProject.create(dir.resolve("p"));
        Files.writeString(dir.resolve("p/b.safetensors"), "not a checkpoint");
        ProjectCheck check = ProjectCheck.run(ProjectStore.load(file));
        assertEquals(1, check.problems().size(), check.problems().toString());
        assertTrue(check.problems().get(0).contains("b.safetensors"), check.problems().get(0));
    }

    @Test
    void missingDatasetFileAndMissingIdRoleAreProblems() throws Exception {
        Path file = TinyProject.create(dir.resolve("p"));
        LoadedProject loaded = ProjectStore.load(file);
        ProjectSpec p = loaded.spec();
        ProjectSpec.DatasetEntry ood = p.datasets().get(1);
        ProjectSpec broken = new ProjectSpec(p.formatVersion(), p.name(), p.description(), p.model(), p.endpointA(),
                p.endpointB(), p.classes(), p.classesFile(), p.preprocess(), List.of(new ProjectSpec.DatasetEntry(
                        ood.name(), ood.role(), ood.format(), "data/missing.gz", ood.labels(), null)),
                p.alphaGrid(), p.layerAlphas(), p.batchSize());
        ProjectCheck check = ProjectCheck.run(new LoadedProject(file, broken));
        assertEquals(2, check.problems().size(), check.problems().toString());
        assertTrue(check.problems().stream().anyMatch(s -> s.contains("role 'id'")));
        assertTrue(check.problems().stream().anyMatch(s -> s.contains("missing.gz")));
    }
}
