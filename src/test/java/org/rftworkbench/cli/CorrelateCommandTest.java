package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** correlate joins a sweep and a sharpness heatmap by alpha; hand-made series with known Kendall tau-b. */
class CorrelateCommandTest {
    @TempDir
    Path dir;

    @Test
    void perfectlyAntiCorrelatedStragglerAndUncorrelatedOverall() throws Exception {
        double[] alphas = {0, 0.25, 0.5, 0.75, 1};
        double[] ood = {0.5, 0.6, 0.7, 0.6, 0.5};
        StringBuilder sweep = new StringBuilder("{\"points\":[");
        StringBuilder sharp = new StringBuilder("{\"cells\":[");
        for (int i = 0; i < alphas.length; i++) {
            sweep.append(String.format(Locale.ROOT, "%s{\"alpha\":%s,\"datasets\":{\"ood_a\":{\"role\":\"ood\",\"n\":10,"
                    + "\"top1\":%s,\"top5\":1,\"loss\":1}},\"avgOodTop1\":%s}", i > 0 ? "," : "", alphas[i], ood[i],
                    ood[i]));
            sharp.append(String.format(Locale.ROOT, "%s{\"alpha\":%s,\"group\":\"overall\",\"value\":{\"loss\":%s}},"
                    + "{\"alpha\":%s,\"group\":\"resblock 0\",\"value\":{\"loss\":%s}},"
                    + "{\"alpha\":%s,\"group\":\"resblock 1\",\"value\":{\"loss\":%s}}", i > 0 ? "," : "",
                    alphas[i], i + 1.0, alphas[i], -ood[i], alphas[i], 0.1 * ((i * 7) % 5)));
        }
        Files.writeString(dir.resolve("sweep.json"), sweep.append("]}").toString());
        Files.writeString(dir.resolve("sharp.json"), sharp.append("]}").toString());
        StringWriter out = new StringWriter();
        CommandLine cl = Cli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("correlate", "--sweep", dir.resolve("sweep.json").toString(), "--sharpness",
                dir.resolve("sharp.json").toString(), "--stragglers", "resblock 0", "--resamples", "200", "--out",
                dir.resolve("c.json").toString(), "--csv", dir.resolve("c.csv").toString());
        assertEquals(0, code, err.toString());
        JsonNode root = new ObjectMapper().readTree(dir.resolve("c.json").toFile());
        assertEquals("sweep.json", root.get("sweep").asText(), "the input's name, not its folder");
        assertEquals(org.rftworkbench.core.util.Hashing.sha256(dir.resolve("sweep.json")),
                root.get("sweepSha256").asText());
        JsonNode rows = root.get("result").get("rows");
        double overall = Double.NaN;
        double straggler = Double.NaN;
        for (JsonNode r : rows) {
            if (r.get("oodSet").asText().equals("avg_ood") && r.get("statistic").asText().equals("kendall_tau_b")
                    && r.get("endpointsIncluded").asBoolean()) {
                if (r.get("group").asText().equals("overall")) {
                    overall = r.get("value").asDouble();
                } else if (r.get("group").asText().equals("resblock 0")) {
                    straggler = r.get("value").asDouble();
                }
            }
        }
        // x = 1..5 against y = .5 .6 .7 .6 .5: 4 concordant, 4 discordant, 2 ties in y -> tau-b = 0
        assertEquals(0.0, overall, 1e-12);
        assertEquals(-1.0, straggler, 1e-12);
        assertTrue(out.toString().contains("straggler layers predictive:"), out.toString());
        assertTrue(Files.readAllLines(dir.resolve("c.csv")).get(0).startsWith("group,ood_set,statistic"));
    }

    @Test
    void unknownStragglerGroupIsNamed() throws Exception {
        Files.writeString(dir.resolve("s.json"), "{\"points\":[{\"alpha\":0,\"datasets\":{}},{\"alpha\":0.5,"
                + "\"datasets\":{}},{\"alpha\":1,\"datasets\":{}}]}");
        Files.writeString(dir.resolve("h.json"), "{\"cells\":[]}");
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("correlate", "--sweep", dir.resolve("s.json").toString(), "--sharpness",
                dir.resolve("h.json").toString());
        assertEquals(Cli.EXIT_USER_ERROR, code);
        assertTrue(err.toString().startsWith("error: ") && err.toString().contains("share only 0 alphas"),
                err.toString());
    }
}
