package org.rftworkbench.core.service.remote;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rftworkbench.core.data.PreprocessConfig;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;

/** Minimal project files for path checks (the fake service never opens the files they name). */
final class TestProjects {
    private TestProjects() {
    }

    /** A project in {@code dir} whose endpoint B is {@code endpointB} (a path as written in the project file). */
    static Path write(Path dir, String endpointB) throws Exception {
        Files.createDirectories(dir);
        ProjectSpec p = new ProjectSpec(ProjectSpec.FORMAT_VERSION, "t", null, new ProjectSpec.ModelSpec(null, "ViT-B-32", null),
                new ProjectSpec.Endpoint("zero-shot", "a.safetensors"), new ProjectSpec.Endpoint("fine-tuned", endpointB),
                List.of("c0", "c1"), null, PreprocessConfig.clip(32),
                List.of(new ProjectSpec.DatasetEntry("id", ProjectSpec.Role.ID, ProjectSpec.Format.IDX, "data/x.gz",
                        "data/y.gz", null)), null, null, null);
        Path file = dir.resolve("project.json");
        ProjectStore.save(p, file);
        return file;
    }
}
