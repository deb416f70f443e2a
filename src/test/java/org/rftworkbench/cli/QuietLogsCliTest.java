package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.Main;
import org.rftworkbench.testutil.TinyProject;

/**
 * Quiet by default, in a child JVM as a user runs it (slf4j-simple is configured once per JVM, so this cannot be
 * checked in-process): the engine's start-up logs (CUDA detection, extracted libraries, thread counts) stay off
 * stderr, an error is the first stderr line, and {@code --verbose} brings the engine's INFO lines back. The child gets
 * this JVM's class path, with the shipped simplelogger.properties, but not the test logging level of the surefire
 * argLine.
 */
class QuietLogsCliTest {
    @TempDir
    static Path dir;
    private static Path project;
    /** The same project with NaN in one of B's tensors: refused once the engine has loaded the weights. */
    private static Path nanProject;

    record Run(int code, String out, List<String> err) {
    }

    @BeforeAll
    static void project() throws Exception {
        project = TinyProject.create(dir.resolve("p"));
        nanProject = TinyProject.create(dir.resolve("nan"));
        NumbersCliTest.poisonWithNan(dir.resolve("nan/b.safetensors"), "classification_head.bias");
    }

    @Test
    void aSweepPrintsNoEngineLogLines() throws Exception {
        Run r = cli("sweep", project.toString(), "--alphas", "0", "--cache-dir", dir.resolve("cache").toString());
        assertEquals(0, r.code(), String.join("\n", r.err()));
        assertTrue(r.out().contains("alpha"), r.out());
        for (String line : r.err()) {
            assertFalse(line.contains("ai.djl") || line.contains("CUDA") || line.contains(" INFO ")
                    || line.contains(" WARN "), "a log line on stderr: " + line);
        }
    }

    @Test
    void aFailureAfterTheEngineStartedHasTheErrorAsItsFirstStderrLine() throws Exception {
        // the NaN is found when the weights are loaded, after the engine has started (and logged, before this was
        // quiet)
        Run r = cli("sweep", nanProject.toString(), "--alphas", "0", "--cache-dir", dir.resolve("cache").toString());
        assertEquals(Cli.EXIT_USER_ERROR, r.code(), String.join("\n", r.err()));
        assertFalse(r.err().isEmpty(), "no error line");
        assertTrue(r.err().get(0).startsWith("error: ") && r.err().get(0).contains("b.safetensors"), r.err().get(0));
        assertEquals(1, r.err().size(), "only the error line: " + r.err());
    }

    @Test
    void verboseRestoresTheEngineInfoLines() throws Exception {
        Run r = cli("sweep", nanProject.toString(), "--alphas", "0", "--verbose", "--cache-dir",
                dir.resolve("cache").toString());
        assertEquals(Cli.EXIT_USER_ERROR, r.code(), String.join("\n", r.err()));
        assertTrue(r.err().stream().anyMatch(l -> l.contains("INFO ai.djl.")), "no engine INFO line: " + r.err());
        assertTrue(r.err().get(r.err().size() - 1).startsWith("error: "), r.err().toString());
    }

    /** {@code java -cp <this class path> org.rftworkbench.Main ARGS}, as {@code java -jar rft-workbench.jar} runs. */
    private static Run cli(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        // what the jar's manifest (Enable-Native-Access) grants java -jar; JDK 22+ warn on stderr without it
        command.add("--enable-native-access=ALL-UNNAMED");
        for (String property : new String[] {"ai.djl.offline", "ENGINE_CACHE_DIR", "DJL_CACHE_DIR",
            "ai.djl.pytorch.num_threads"}) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the CLI did not finish in 180 s: " + command);
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readAllLines(err, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList());
    }
}
