package org.rftworkbench.core.project;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.model.ModelConfig;

/**
 * Project format 3 (one A, a list of fine-tuned runs with metadata) and how format-1/2 files map onto it: the old
 * endpointB is the only run, the selected pair is unchanged, a save writes format 3 and keeps the old file, and
 * malformed runs are one-line errors naming the file.
 */
class ProjectFormatTest {
    private static final Path WISEFT = Path.of("sample-projects/fashion-clip-wiseft/project.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREPROCESS = "{\"imageSize\": 28, \"resizeShortestSide\": true, \"interpolation\":"
            + " \"BICUBIC\", \"centerCrop\": true, \"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5]}";
    private static final String DATASETS = "\"datasets\": [{\"name\": \"id\", \"role\": \"id\", \"format\":"
            + " \"imagefolder\", \"images\": \"d\"}]";

    @TempDir
    Path dir;

    @Test
    void formatOneAndTwoFilesOpenAsTheSamePairWithOneRun() throws Exception {
        LoadedProject one = ProjectStore.load(WISEFT);
        assertEquals(1, one.spec().formatVersion(), "the committed sample is a format-1 file");
        Path two = dir.resolve("two.json");
        ObjectNode tree = (ObjectNode) JSON.readTree(WISEFT.toFile());
        tree.put("formatVersion", 2);
        Files.writeString(two, JSON.writeValueAsString(tree));
        for (LoadedProject p : List.of(one, ProjectStore.load(two))) {
            ProjectSpec s = p.spec();
            assertEquals(new ProjectSpec.Endpoint("zero-shot", "checkpoints/zeroshot.safetensors"), s.endpointA());
            assertEquals(new ProjectSpec.Endpoint("fine-tuned", "checkpoints/finetuned.safetensors"), s.endpointB());
            assertEquals(List.of(new ProjectSpec.Run("fine-tuned", "checkpoints/finetuned.safetensors", null)),
                    s.runs());
            assertNull(s.selectedRun());
            assertEquals(List.of("fine-tuned"), s.runLabels());
            assertEquals(s, p.withSelectedRun(null).spec());
            assertEquals(s.endpointB(), p.withSelectedRun("fine-tuned").spec().endpointB());
        }
    }

    @Test
    void formatThreeRoundTripsRunsMetadataAndSelection() throws Exception {
        ProjectSpec spec = pool("lr3e-3");
        Path file = dir.resolve("p/project.json");
        ProjectStore.save(spec, file);
        LoadedProject loaded = ProjectStore.load(file);
        assertEquals(spec, loaded.spec());
        assertEquals(new ProjectSpec.Endpoint("lr3e-3", "runs/b.safetensors"), loaded.spec().endpointB());
        JsonNode written = JSON.readTree(file.toFile());
        assertEquals(3, written.get("formatVersion").asInt());
        assertFalse(written.has("endpointB"), "format 3 lists runs only");
        assertEquals("lr3e-3", written.get("selectedRun").asText());
        JsonNode metadata = written.get("runs").get(1).get("metadata");
        assertEquals(List.of("lr", "epochs", "augment", "headOnly"), iterable(metadata.fieldNames()));
        assertTrue(metadata.get("lr").isDouble() && metadata.get("epochs").isInt());
        assertEquals(Map.of("lr", 0.003, "epochs", 2, "augment", "strong", "headOnly", false),
                loaded.spec().run("lr3e-3").orElseThrow().metadata());
        // the default selection is the first run
        ProjectSpec first = new ProjectSpec(3, "p", null, spec.model(), spec.endpointA(), spec.runs(), null, null,
                "classes.txt", spec.preprocess(), spec.datasets(), null, null, null);
        assertEquals("lr1e-3", first.selected().label());
    }

    @Test
    void withSelectedRunSwitchesThePairAndUnknownLabelsListTheRuns() throws Exception {
        Path file = dir.resolve("project.json");
        ProjectStore.save(pool(null), file);
        LoadedProject loaded = ProjectStore.load(file);
        assertEquals("runs/a.safetensors", loaded.spec().endpointB().path());
        LoadedProject second = loaded.withSelectedRun("lr3e-3");
        assertEquals("runs/b.safetensors", second.spec().endpointB().path());
        assertEquals(loaded.file(), second.file());
        ProjectException e = assertThrows(ProjectException.class, () -> loaded.withSelectedRun("lr9"));
        assertEquals(file.toAbsolutePath() + ": no run labelled 'lr9' (runs: lr1e-3, lr3e-3, head)", e.getMessage());
    }

    @Test
    void savingAFormatOneFileWritesFormatThreeAndKeepsTheOldFile() throws Exception {
        Path file = dir.resolve("project.json");
        byte[] original = Files.readAllBytes(WISEFT);
        Files.write(file, original);
        LoadedProject loaded = ProjectStore.load(file);
        assertEquals(1, loaded.spec().formatVersion(), "opening does not rewrite the file");
        assertArrayEquals(original, Files.readAllBytes(file));

        ProjectStore.save(loaded.spec(), file);
        JsonNode written = JSON.readTree(file.toFile());
        assertEquals(ProjectSpec.FORMAT_VERSION, written.get("formatVersion").asInt());
        assertFalse(written.has("endpointB"));
        assertEquals("checkpoints/finetuned.safetensors", written.get("runs").get(0).get("path").asText());
        assertArrayEquals(original, Files.readAllBytes(dir.resolve("project.json.format1.bak")));
        assertArrayEquals(original, Files.readAllBytes(dir.resolve("project.json.bak")));
        LoadedProject reloaded = ProjectStore.load(file);
        assertEquals(loaded.spec().endpointA(), reloaded.spec().endpointA());
        assertEquals(loaded.spec().endpointB(), reloaded.spec().endpointB());
        assertEquals(loaded.spec().datasets(), reloaded.spec().datasets());

        // a second save replaces NAME.bak but never the old-format copy
        ProjectStore.save(reloaded.spec(), file);
        assertArrayEquals(original, Files.readAllBytes(dir.resolve("project.json.format1.bak")));
        assertEquals(3, JSON.readTree(dir.resolve("project.json.bak").toFile()).get("formatVersion").asInt());
    }

    @Test
    void aFormatOneBuiltinNameIsSavedAsTheArchitectureItMeant() throws Exception {
        Path file = dir.resolve("project.json");
        ObjectNode tree = (ObjectNode) JSON.readTree(WISEFT.toFile());
        tree.putObject("model").put("builtin", "ViT-B-32");
        Files.writeString(file, JSON.writeValueAsString(tree));
        LoadedProject loaded = ProjectStore.load(file);
        assertTrue(ModelConfig.builtinForProject("ViT-B-32", 1).quickGelu());
        ProjectStore.save(loaded.spec(), file);
        ProjectSpec saved = ProjectStore.load(file).spec();
        assertEquals("ViT-B-32-quickgelu", saved.model().builtin());
        assertTrue(ModelConfig.builtinForProject(saved.model().builtin(), saved.formatVersion()).quickGelu());
    }

    @Test
    void malformedRunsAreOneLineErrorsNamingTheFile() throws Exception {
        String a = "\"endpointA\": {\"path\": \"a.safetensors\"}, ";
        assertProblem(a + "\"runs\": []", "project needs endpointA and endpointB with a path each (format 3:"
                + " endpointA and a non-empty list of runs)");
        assertProblem(a + "\"runs\": [{\"label\": \"x\", \"path\": \"b\"}, {\"label\": \"x\", \"path\": \"c\"}]",
                "run label 'x' is used twice");
        assertProblem(a + "\"runs\": [{\"label\": \"x\", \"path\": \"b\"}, {\"path\": \"c\"}]",
                "run 2 has no label (every run needs one when there are several)");
        assertProblem(a + "\"runs\": [{\"label\": \" \", \"path\": \"b\"}]", "run 1 has a blank label");
        assertProblem(a + "\"runs\": [{\"label\": \"x\"}]", "run 'x' has no path");
        assertProblem(a + "\"runs\": [{\"label\": \"x\", \"path\": \"b\", \"metadata\": {\"lr\": {\"v\": 1}}}]",
                "run 'x': metadata 'lr' must be a string, number or boolean (found an object)");
        assertProblem(a + "\"runs\": [{\"label\": \"x\", \"path\": \"b\", \"metadata\": {\"aug\": [1, 2]}}]",
                "run 'x': metadata 'aug' must be a string, number or boolean (found a list)");
        assertProblem(a + "\"runs\": [{\"label\": \"x\", \"path\": \"b\", \"metadata\": {\"seed\": null}}]",
                "run 'x': metadata 'seed' must be a string, number or boolean (found null)");
        assertProblem(a + "\"runs\": [{\"label\": \"x\", \"path\": \"b\"}], \"selectedRun\": \"y\"",
                "selectedRun 'y' is not a run label (runs: x)");
        assertProblem(a + "\"endpointB\": {\"path\": \"b\"}, \"runs\": [{\"label\": \"x\", \"path\": \"b\"}]",
                "project names both endpointB and runs; keep runs (format 3 lists every fine-tuned endpoint there)");
        assertProblem(a + "\"runs\": [null]", "run 1 must be an object (found null)");
    }

    @Test
    void anUnlabelledFormatOneEndpointStaysUnlabelled() throws Exception {
        Path file = dir.resolve("project.json");
        Files.writeString(file, "{\"formatVersion\": 1, \"name\": \"x\", \"model\": {\"builtin\": \"ViT-B-32\"},"
                + " \"endpointA\": {\"path\": \"a\"}, \"endpointB\": {\"path\": \"b\"}, \"preprocess\": "
                + PREPROCESS + ", " + DATASETS + "}");
        ProjectSpec spec = ProjectStore.load(file).spec();
        assertEquals(new ProjectSpec.Endpoint(null, "b"), spec.endpointB());
        assertEquals(List.of("(no label)"), spec.runLabels());
        ProjectStore.save(spec, file);
        assertEquals(new ProjectSpec.Endpoint(null, "b"), ProjectStore.load(file).spec().endpointB());
    }

    private void assertProblem(String fields, String problem) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"formatVersion\": 3, \"name\": \"x\", \"model\": {\"builtin\": \"ViT-B-32\"}, "
                + fields + ", \"preprocess\": " + PREPROCESS + ", " + DATASETS + "}");
        ProjectException e = assertThrows(ProjectException.class, () -> ProjectStore.load(file));
        assertEquals(file.toAbsolutePath() + ": " + problem, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    /** Three runs with metadata of every kind; {@code selected} = selectedRun. */
    private static ProjectSpec pool(String selected) {
        ProjectSpec base = ProjectStoreTest.sample("pool");
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("lr", 0.003);
        second.put("epochs", 2);
        second.put("augment", "strong");
        second.put("headOnly", false);
        List<ProjectSpec.Run> runs = List.of(
                new ProjectSpec.Run("lr1e-3", "runs/a.safetensors", Map.of("lr", 0.001)),
                new ProjectSpec.Run("lr3e-3", "runs/b.safetensors", second),
                new ProjectSpec.Run("head", "runs/c.safetensors", "heads/c.safetensors", null, null));
        return new ProjectSpec(ProjectSpec.FORMAT_VERSION, base.name(), base.description(), base.model(),
                base.endpointA(), runs, selected, base.classes(), base.classesFile(), base.preprocess(),
                base.datasets(), base.alphaGrid(), base.layerAlphas(), base.batchSize());
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
