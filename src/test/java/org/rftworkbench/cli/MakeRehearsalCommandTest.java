package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * make-rehearsal writes a project the computing commands run as they are (a tiny model here; the default ViT-B/32
 * pair is 700 MB), and refuses bad settings in one line.
 */
class MakeRehearsalCommandTest {
    private static final String TINY_CONFIG = "{\"embed_dim\": 8, \"quick_gelu\": true, \"vision_cfg\": "
            + "{\"image_size\": 32, \"layers\": 1, \"width\": 16, \"patch_size\": 16, \"head_width\": 8}}";

    @TempDir
    Path dir;

    @Test
    void theWrittenProjectSweepsAsItIs() throws Exception {
        Path config = Files.writeString(dir.resolve("tiny.json"), TINY_CONFIG);
        Path project = dir.resolve("rehearsal");
        CliRun made = CliRun.of("make-rehearsal", project.toString(), "--model-config", config.toString(),
                "--classes", "10", "--images", "20", "--subset-classes", "4", "--seed", "3", "-q");
        assertEquals(0, made.code(), made.err());
        assertTrue(made.out().contains("20 + 8 images"), made.out());

        Path out = dir.resolve("sweep.json");
        CliRun sweep = CliRun.of("sweep", project.resolve("project.json").toString(), "--alphas", "0,1",
                "--cache-dir", dir.resolve("cache").toString(), "--out", out.toString(), "-q");
        assertEquals(0, sweep.code(), sweep.err());
        assertTrue(sweep.lastErrLine().contains("4 computed"), sweep.err());
        JsonNode points = new ObjectMapper().readTree(out.toFile()).path("points");
        assertEquals(2, points.size(), points.toString());
        JsonNode first = points.get(0).path("datasets");
        assertEquals(20, first.path("val").path("n").asInt(), first.toString());
        assertEquals(8, first.path("subset").path("n").asInt(), first.toString());
        assertEquals("ood", first.path("subset").path("role").asText(), first.toString());
    }

    @Test
    void aSubsetLargerThanTheHeadIsOneLineNamingTheSetting() {
        CliRun r = CliRun.of("make-rehearsal", dir.resolve("p").toString(), "--classes", "10", "--subset-classes",
                "20");
        assertEquals(2, r.code());
        String err = r.err().strip();
        assertTrue(err.contains("subset classes") && err.contains("20") && !err.contains("\n"), err);
        assertTrue(Files.notExists(dir.resolve("p")));
    }

    @Test
    void anUnknownModelIsRefusedBeforeAnythingIsWritten() {
        CliRun r = CliRun.of("make-rehearsal", dir.resolve("p").toString(), "--model", "ViT-X-99");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("ViT-X-99") && r.err().contains("ViT-B-32-quickgelu"), r.err());
        assertTrue(Files.notExists(dir.resolve("p")));
    }
}
