package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.checkpoint.CheckpointException;
import picocli.CommandLine;

class InspectCommandTest {
    private static Path fixture(String name) throws Exception {
        return Path.of(InspectCommandTest.class.getResource("/checkpoints/" + name).toURI());
    }

    private static String run(String... args) throws Exception {
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(new InspectCommand());
        cli.setOut(new PrintWriter(text));
        cli.parseArgs(args);
        assertEquals(0, ((InspectCommand) cli.getCommand()).call());
        return text.toString();
    }

    @Test
    void printsTableOrJson() throws Exception {
        String table = run(fixture("wrapped_state_dict.pt").toString());
        assertTrue(table.contains("Format:      PYTORCH_ZIP"), table);
        assertTrue(table.contains("Metadata:    rft.stripped_prefix = module."), table);
        assertTrue(table.contains("classification_head.bias"), table);

        String json = run("--json", fixture("state_dict.pt").toString());
        assertEquals(12, new ObjectMapper().readTree(json).get("tensorCount").asInt());
    }

    @Test
    void errorsPropagateAsRftException() throws Exception {
        Path legacy = fixture("legacy.pt");
        CheckpointException e = assertThrows(CheckpointException.class, () -> run(legacy.toString()));
        assertTrue(e.getMessage().startsWith(legacy + ": legacy PyTorch pickle format"), e.getMessage());
    }
}
