package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ai.djl.Device;
import org.rftworkbench.core.checkpoint.NameMap;
import org.rftworkbench.core.interpolate.EndpointLoader;
import org.rftworkbench.core.interpolate.EndpointWeights;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.util.Progress;
import org.rftworkbench.core.session.ProjectCheck;
import org.rftworkbench.testutil.Goldens;
import org.rftworkbench.testutil.TinyProject;

/**
 * Sweeps of the tiny project with its endpoints in other layouts (fixtures of tools/reference/make_layout_fixtures.py)
 * equal the sweep of the open_clip-layout originals.
 */
class LayoutsCliTest {
    private static final Path LAYOUTS = Paths.get("src/test/resources/golden/layouts");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** The tiny project with the given layout files copied in and its endpoints (and model config) replaced. */
    private Path project(String name, Map<String, String> edits, String... files) throws Exception {
        Path project = TinyProject.create(dir.resolve(name));
        for (String f : files) {
            Path target = project.resolveSibling(f);
            Files.createDirectories(target.getParent());
            Files.copy(LAYOUTS.resolve(f), target);
        }
        ObjectNode root = (ObjectNode) JSON.readTree(project.toFile());
        edits.forEach((pointer, value) -> {
            String[] parts = pointer.split("/");
            ObjectNode node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                // projects are saved in format 3: endpoint B is the one run
                node = parts[i].equals("endpointB") ? endpointB(node) : (ObjectNode) node.get(parts[i]);
            }
            node.put(parts[parts.length - 1], value);
        });
        JSON.writerWithDefaultPrettyPrinter().writeValue(project.toFile(), root);
        return project;
    }

    /** Endpoint B of a saved (format-3) single-pair project: its one run. */
    private static ObjectNode endpointB(ObjectNode root) {
        return (ObjectNode) root.get("runs").get(0);
    }

    private JsonNode sweep(Path project) throws Exception {
        Path out = project.resolveSibling("results.json");
        CliRun r = run("sweep", project.toString(), "--alphas", "0:1:0.5", "--out", out.toString(), "--cache-dir",
                dir.resolve("cache").toString(), "-q");
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(out.toFile()).get("points");
    }

    /** Top-1 correct counts and mean losses per point and dataset. */
    private static void assertSameCells(JsonNode expected, JsonNode actual, int maxImagesApart, double lossTolerance) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Iterator<Map.Entry<String, JsonNode>> it = expected.get(i).get("datasets").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode a = actual.get(i).get("datasets").get(e.getKey());
                int n = e.getValue().get("n").asInt();
                long expectedCorrect = Math.round(e.getValue().get("top1").asDouble() * n);
                long actualCorrect = Math.round(a.get("top1").asDouble() * n);
                assertTrue(Math.abs(expectedCorrect - actualCorrect) <= maxImagesApart,
                        "point " + i + " " + e.getKey() + ": " + expectedCorrect + " vs " + actualCorrect + " correct");
                double dl = Math.abs(e.getValue().get("loss").asDouble() - a.get("loss").asDouble());
                assertTrue(dl <= lossTolerance, "point " + i + " " + e.getKey() + " loss differs by " + dl);
            }
        }
    }

    @Test
    void huggingFaceEndpointsWithASeparateHeadSweepLikeTheOpenClipOriginals() throws Exception {
        JsonNode original = sweep(TinyProject.create(dir.resolve("openclip")));
        JsonNode hf = sweep(project("hf", Map.of("model/config", "config_clip.json",
                "endpointA/path", "hf_a.safetensors",
                "endpointB/path", "hf_b_vision.safetensors", "endpointB/head", "hf_b_head.safetensors"),
                "hf_a.safetensors", "hf_b_vision.safetensors", "hf_b_head.safetensors", "config_clip.json"));
        assertSameCells(original, hf, 0, 0.0);
        JsonNode sharded = sweep(project("sharded", Map.of("endpointA/path", "sharded/model.safetensors.index.json"),
                "sharded/model.safetensors.index.json", "sharded/model-00001-of-00002.safetensors",
                "sharded/model-00002-of-00002.safetensors"));
        assertSameCells(original, sharded, 0, 0.0);
        JsonNode soups = sweep(project("soups", Map.of("endpointB/path", "soups_b.pt"), "soups_b.pt"));
        assertSameCells(original, soups, 0, 0.0);
        JsonNode fp16 = sweep(project("fp16", Map.of("endpointA/path", "hf_a_fp16.safetensors"),
                "hf_a_fp16.safetensors"));
        assertSameCells(original, fp16, 2, 0.01);
    }

    @Test
    void openAiStyleTorchScriptArchiveServesAsImageTowerWithAHeadFile() throws Exception {
        JsonNode original = sweep(TinyProject.create(dir.resolve("openclip")));
        Path project = project("openai", Map.of("endpointA/path", "openai_a.pt",
                "endpointA/head", "openai_a_head.safetensors"), "openai_a.pt", "openai_a_head.safetensors");
        JsonNode openai = sweep(project);
        assertSameCells(original, openai, 2, 0.01);
        // the project check (New Project, opening a project) accepts it too: the text side is not compared
        ProjectCheck check = ProjectCheck.run(ProjectStore.load(project));
        assertTrue(check.ok(), check.problems().toString());
        assertTrue(check.facts().stream().anyMatch(f -> f.endsWith("head from openai_a_head.safetensors")),
                check.facts().toString());
    }

    @Test
    void projectCheckWarnsWhenTheWeightsOriginDisagreesWithTheActivation() throws Exception {
        Path openai = project("openaiwarn", Map.of("endpointA/path", "openai_a.pt",
                "endpointA/head", "openai_a_head.safetensors"), "openai_a.pt", "openai_a_head.safetensors");
        assertTrue(ProjectCheck.run(ProjectStore.load(openai)).facts().stream()
                .noneMatch(f -> f.startsWith("warning")));
        Files.copy(Goldens.TINY_VIT.resolve("config_gelu.json"), openai.resolveSibling("config_quickgelu.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ProjectCheck check = ProjectCheck.run(ProjectStore.load(openai));
        assertTrue(check.facts().stream().anyMatch(f -> f.startsWith("warning: ") && f.contains("openai_a.pt is a"
                + " TorchScript CLIP archive (OpenAI's, trained with QuickGELU) but the model config uses GELU")),
                check.facts().toString());

        Path hf = project("hfwarn", Map.of("endpointA/path", "hf_a.safetensors"), "hf_a.safetensors");
        Files.copy(LAYOUTS.resolve("config_vision_gelu.json"), hf.resolveSibling("config.json"));
        check = ProjectCheck.run(ProjectStore.load(hf));
        assertTrue(check.facts().stream().anyMatch(f -> f.startsWith("warning: ") && f.contains("hf_a.safetensors is"
                + " a Hugging Face checkpoint whose config.json says hidden_act gelu but the model config uses"
                + " QuickGELU")), check.facts().toString());
    }

    @Test
    void projectCheckNamesTheLayoutOfEachEndpoint() throws Exception {
        Path project = project("hfcheck", Map.of("model/config", "config_clip.json",
                "endpointA/path", "hf_a.safetensors", "endpointB/path", "hf_b_vision.safetensors",
                "endpointB/head", "hf_b_head.safetensors"),
                "hf_a.safetensors", "hf_b_vision.safetensors", "hf_b_head.safetensors", "config_clip.json");
        ProjectCheck check = ProjectCheck.run(ProjectStore.load(project));
        assertTrue(check.ok(), check.problems().toString());
        assertTrue(check.facts().stream().anyMatch(f -> f.startsWith("B (fine-tuned): SAFETENSORS, 34 tensors")
                && f.contains("Hugging Face CLIP (transformers) layout (32 tensors mapped to open_clip names)")),
                check.facts().toString());
    }

    @Test
    void nameMapRenamesAnUnrecognisedLayout() throws Exception {
        JsonNode original = sweep(TinyProject.create(dir.resolve("openclip")));
        Path project = project("custom", Map.of("endpointB/path", "custom_b.safetensors"), "custom_b.safetensors");
        ObjectNode root = (ObjectNode) JSON.readTree(project.toFile());
        endpointB(root).putArray("nameMap").add(JSON.createObjectNode().put("regex", "backbone\\.(.*)")
                .put("replacement", "visual.$1")).add(JSON.createObjectNode().put("regex", "fc\\.(weight|bias)")
                .put("replacement", "classification_head.$1")).add(JSON.createObjectNode().put("regex", "ema\\..*")
                .put("replacement", ""));
        JSON.writeValue(project.toFile(), root);
        assertSameCells(original, sweep(project), 0, 0.0);
        assertTrue(ProjectCheck.run(ProjectStore.load(project)).ok());
        // the rules are part of the endpoint's identity (cache keys, provenance)
        Path custom = project.resolveSibling("custom_b.safetensors");
        java.util.List<NameMap.Rule> rules = java.util.List.of(new NameMap.Rule("backbone\\.(.*)", "visual.$1"),
                new NameMap.Rule("fc\\.(weight|bias)", "classification_head.$1"));
        try (EndpointWeights plain = EndpointLoader.load(custom, n -> true, Device.cpu(), Progress.NONE);
                EndpointWeights mapped = EndpointLoader.load(custom, null, NameMap.of(rules, project),
                        n -> true, Device.cpu(), Progress.NONE);
                EndpointWeights other = EndpointLoader.load(custom, null, NameMap.of(rules.subList(0, 1), project),
                        n -> true, Device.cpu(), Progress.NONE)) {
            assertEquals(java.util.Set.of(plain.sha256(), mapped.sha256(), other.sha256()).size(), 3);
            assertTrue(mapped.tensors().containsKey("classification_head.weight"));
        }

        ((ObjectNode) endpointB(root).get("nameMap").get(0)).put("regex", "backbone\\.(");
        JSON.writeValue(project.toFile(), root);
        CliRun r = run("sweep", project.toString(), "--cache-dir", dir.resolve("cache").toString());
        assertEquals(Cli.EXIT_USER_ERROR, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("project.json: nameMap regex 'backbone\\.(' is not valid"), r.err());
    }

    @Test
    void aHeadFileBesideACheckpointWithAHeadIsAOneLineError() throws Exception {
        Path project = project("both", Map.of("endpointA/head", "hf_b_head.safetensors"), "hf_b_head.safetensors");
        CliRun r = run("sweep", project.toString(), "--cache-dir", dir.resolve("cache").toString());
        assertEquals(Cli.EXIT_USER_ERROR, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("a.safetensors: already holds a classification head"), r.err());
    }

    @Test
    void inspectNamesTheLayoutAndHowManyTensorsItMaps() throws Exception {
        CliRun r = run("inspect", LAYOUTS.resolve("hf_a.safetensors").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Layout:      Hugging Face CLIP (transformers): 32 tensors mapped to open_clip"
                + " names; skipped 6 text-tower tensors (text_model.*, text_projection, logit_scale); ignored 2"
                + " position_ids buffers"), r.out());
        assertTrue(r.out().contains("vision_model.encoder.layers.0.self_attn.q_proj.weight"), "lists the file's names");
        r = run("inspect", "--json", LAYOUTS.resolve("soups_b.pt").toString());
        assertEquals("model-soups: 32 tensors mapped to open_clip names; skipped 3 text-tower tensors (model.* outside"
                + " model.visual.)", JSON.readTree(r.out()).get("layout").asText());
        r = run("inspect", Paths.get("src/test/resources/golden/tiny_vit/a.safetensors").toString());
        assertTrue(r.out().contains("Layout:      open_clip (names used as they are)"), r.out());
        r = run("inspect", LAYOUTS.resolve("sharded/model.safetensors.index.json").toString());
        assertTrue(r.out().contains("Tensors:     50") && r.out().contains("Layout:      Hugging Face CLIP"), r.out());
    }
}
