package org.rftworkbench.core.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoScriptTest {
    @TempDir
    Path dir;

    @Test
    void bothSamplesShipAValidDemo() throws Exception {
        for (String sample : new String[] {"fashion-clip-wiseft", "fashion-clip-failure"}) {
            DemoScript script = DemoScript.load(DemoScript.fileFor(Path.of("sample-projects", sample,
                    "project.json")));
            assertTrue(script.steps().size() >= 5, sample);
            assertEquals(DemoScript.View.INTERPOLATION, script.steps().get(0).view(), sample);
            assertEquals(0.0, script.steps().get(0).alpha(), sample + ": the story starts at zero-shot");
        }
        DemoScript failure = DemoScript.load(Path.of("sample-projects/fashion-clip-failure/demo.json"));
        assertTrue(failure.steps().stream().anyMatch(s -> s.view() == DemoScript.View.SPARSITY && s.apply()));
        assertTrue(failure.steps().stream().anyMatch(s -> s.highlights().contains("failure")));
    }

    @Test
    void readsEveryField() throws Exception {
        Path file = write("{\"title\": \"T\", \"steps\": [{\"view\": \"interpolation\", \"alpha\": 0.3, "
                + "\"play\": true, \"highlight\": [\"best-of-both\", \"failure\"], \"caption\": \" c \"}, "
                + "{\"view\": \"Sparsity\", \"apply\": true, \"highlight\": \"stragglers\", \"caption\": \"d\"}]}");
        DemoScript s = DemoScript.load(file);
        assertEquals("T", s.title());
        assertEquals(new DemoScript.Step(DemoScript.View.INTERPOLATION, 0.3, true, false,
                Set.of("best-of-both", "failure"), "c"), s.steps().get(0));
        assertEquals(new DemoScript.Step(DemoScript.View.SPARSITY, null, false, true, Set.of("stragglers"), "d"),
                s.steps().get(1));
    }

    @Test
    void problemsNameTheFileTheStepAndWhat() throws Exception {
        assertProblem("{\"steps\": []}", "\"steps\" must be a non-empty list");
        assertProblem("{\"steps\": [{\"view\": \"layer\", \"caption\": \"x\"}]}", "step 1: unknown view \"layer\"");
        assertProblem("{\"steps\": [{\"view\": \"interpolation\", \"caption\": \"x\"}, {\"view\": \"interpolation\","
                + " \"alpha\": 2, \"caption\": \"x\"}]}", "step 2: alpha 2.0 is outside");
        assertProblem("{\"steps\": [{\"view\": \"interpolation\"}]}", "step 1: a caption is required");
        assertProblem("{\"steps\": [{\"view\": \"interpolation\", \"caption\": \"x\", \"alfa\": 1}]}",
                "unknown field \"alfa\"");
        assertProblem("{\"steps\": [{\"view\": \"layers\", \"play\": true, \"caption\": \"x\"}]}",
                "\"play\" needs the interpolation view");
        assertProblem("{\"steps\": [{\"view\": \"interpolation\", \"highlight\": \"glow\", \"caption\": \"x\"}]}",
                "unknown highlight \"glow\"");
        assertProblem("{\"steps\": [", "not valid JSON");
        ProjectException missing = assertThrows(ProjectException.class,
                () -> DemoScript.load(dir.resolve("none/demo.json")));
        assertTrue(missing.getMessage().contains("no guided demo here"), missing.getMessage());
    }

    private void assertProblem(String json, String expected) throws Exception {
        Path file = write(json);
        ProjectException e = assertThrows(ProjectException.class, () -> DemoScript.load(file));
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }

    private Path write(String json) throws Exception {
        Path file = dir.resolve("demo.json");
        Files.writeString(file, json);
        return file;
    }
}
