package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.testutil.TreeCopy;

/**
 * {@code layer-search} on a copy of the failure sample: refused (one line) without a validation split; with
 * {@code --make-split} the split is recorded in the project file and the search reports uniform WiSE-FT and the
 * per-layer alphas on the held-out test parts with intervals; a second search reuses the recorded split (the
 * project file is not rewritten) and is served from the cache with the same report.
 */
class LayerSearchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void refusesWithoutASplitThenRecordsReusesAndReportsHeldOut() throws Exception {
        Path project = copyOfFailureSample();
        String cache = dir.resolve("cache").toString();
        String before = Files.readString(project);
        CliRun refused = CliRun.of("layer-search", project.toString(), "--cache-dir", cache, "-q");
        assertEquals(Cli.EXIT_USER_ERROR, refused.code());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(refused.err().contains(project + ": no validation split recorded"), refused.err());
        assertEquals(before, Files.readString(project), "a refused search leaves the project as it was");

        Path out = dir.resolve("search.json");
        CliRun first = CliRun.of("layer-search", project.toString(), "--make-split", "--split-seed", "7",
                "--baseline", "0.5", "--alphas", "0,0.5,1", "--passes", "1", "--cache-dir", cache, "--out",
                out.toString(), "-q");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.err().contains("recorded the validation split (50% of each class, seed 7)"), first.err());
        JsonNode split = JSON.readTree(project.toFile()).get("validationSplit");
        assertNotNull(split, "the split is recorded in the project file");
        assertEquals(7, split.get("seed").asInt());
        assertEquals(7, split.get("datasets").size()); // id_clean and six OOD sets
        JsonNode idPart = split.at("/datasets/id_clean");
        assertEquals(1600, idPart.get("validation").asInt() + idPart.get("test").asInt());

        JsonNode result = JSON.readTree(out.toFile());
        assertTrue(result.get("splitCreated").asBoolean());
        assertEquals(0.5, result.at("/outcome/uniformAlpha").asDouble());
        assertFalse(result.get("first").isEmpty(), "the stragglers are visited first");
        assertEquals(result.get("first").get(0).asText(), result.at("/outcome/steps/4/group").asText());
        for (String which : new String[] {"uniformTest", "foundTest"}) {
            JsonNode average = result.at("/" + which + "/averageOod");
            assertTrue(average.get("low").asDouble() < average.get("top1").asDouble()
                    && average.get("top1").asDouble() < average.get("high").asDouble(), which);
            // the report is on the test parts: each dataset's n is its recorded test size
            assertEquals(idPart.get("test").asInt(), result.at("/" + which + "/datasets/id_clean/n").asInt());
        }
        assertTrue(first.out().contains("held-out test part"), first.out());
        assertTrue(first.out().contains("average OOD"), first.out());
        assertEquals(result.get("groups").size(), result.get("rules").size());

        String recorded = Files.readString(project);
        CliRun again = CliRun.of("layer-search", project.toString(), "--baseline", "0.5", "--alphas", "0,0.5,1",
                "--passes", "1", "--cache-dir", cache, "-q");
        assertEquals(0, again.code(), again.err());
        assertFalse(again.err().contains("recorded the validation split"), again.err());
        assertTrue(again.lastErrLine().matches(".*cells: 0 computed, \\d+ from cache.*"), again.lastErrLine());
        assertEquals(first.out(), again.out(), "the same split gives the same search and report");
        assertEquals(recorded, Files.readString(project), "the recorded split is reused, not rewritten");
    }

    private Path copyOfFailureSample() throws Exception {
        return TreeCopy.of(Path.of("sample-projects/fashion-clip-failure"), dir.resolve("failure"))
                .resolve("project.json");
    }
}
