package org.rftworkbench.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointSummaryTest {
    @Test
    void countsTensorsParametersAndDtypes() throws Exception {
        try (Checkpoint c = CheckpointReader.open(Fixtures.path("state_dict.safetensors"))) {
            CheckpointSummary s = CheckpointSummary.of(c);
            assertEquals(12, s.tensorCount());
            // 48 + 4 + 20 + 4 + 4 + 48 + 4 + 12 + 5 + 1 + 9 + 3
            assertEquals(162, s.totalParameters());
            assertEquals(Map.of("bfloat16", 1, "float16", 1, "float32", 9, "int64", 1), s.dtypeCounts());
            assertEquals("logit_scale", s.tensors().get(9).name());
            assertEquals(0, s.tensors().get(9).shape().size());

            String table = s.toTable();
            assertTrue(table.contains("Format:      SAFETENSORS"), table);
            assertTrue(table.contains("Dtypes:      bfloat16 x1, float16 x1, float32 x9, int64 x1"), table);
            assertTrue(table.contains("Metadata:    source = make_checkpoint_fixtures.py"), table);
            assertTrue(table.matches("(?s).*visual\\.transformer\\.resblocks\\.0\\.attn\\.in_proj_weight +\\[12, 4\\]"
                    + " +float16.*"), table);

            JsonNode json = new ObjectMapper().readTree(s.toJson());
            assertEquals("SAFETENSORS", json.get("format").asText());
            assertEquals(162, json.get("totalParameters").asLong());
            assertEquals(12, json.get("tensors").size());
            assertEquals("[4,3,2,2]", json.get("tensors").get(0).get("shape").toString());
            assertEquals("float32", json.get("tensors").get(0).get("dtype").asText());
            assertEquals(9, json.get("dtypeCounts").get("float32").asInt());
        }
    }
}
