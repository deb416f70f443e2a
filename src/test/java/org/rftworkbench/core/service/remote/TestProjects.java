package org.rftworkbench.core.service.remote;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rftworkbench.core.data.PreprocessConfig;
import org.rftworkbench.core.project.Project;
import org.rftworkbench.core.project.ProjectStore;

/** Minimal project files for path checks (the fake service never opens the files they name). */
final class TestProjects {
    private TestProjects() {
    }

    /** A project in {@code dir} whose endpoint B is {@code endpointB} (a path as written in the project file). */
    static Path write(Path dir, String endpointB) throws Exception {
        Files.createDirectories(dir);
        Project p = new Project(Project.FORMAT_VERSION, "t", null, new Project.ModelSpec(null, "ViT-B-32", null),
                new Project.Endpoint("zero-shot", "a.safetensors"), new Project.Endpoint("fine-tuned", endpointB),
                List.of("c0", "c1"), null, PreprocessConfig.clip(32),
                List.of(new Project.DatasetEntry("id", Project.Role.ID, Project.Format.IDX, "data/x.gz",
                        "data/y.gz", null)), null, null, null);
        Path file = dir.resolve("project.json");
        ProjectStore.save(p, file);
        return file;
    }
}
