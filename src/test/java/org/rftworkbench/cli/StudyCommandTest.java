package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.stats.Correlations;
import org.rftworkbench.testutil.TinyPool;

/**
 * {@code study} on a five-run pool of the tiny model: every pair's numbers equal the single-pair commands run on the
 * same files with their own cache; the second study is served entirely from the cache; the cross-pair table is
 * Kendall tau-b over the pairs' columns; the CSV tables carry one row per pair and per association.
 */
class StudyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CHEAP = {"--alphas", "0,0.5,1", "--sharpness-alphas", "0,0.5,1", "-n", "16",
        "--steps", "2", "--resamples", "200", "-q"};

    @TempDir
    Path dir;

    private CliRun study(Path pool, String cache, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("study", pool.toString(), "--cache-dir",
                dir.resolve(cache).toString()));
        args.addAll(List.of(CHEAP));
        if (out != null) {
            args.addAll(List.of("--out", out.toString()));
        }
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void pairsEqualSinglePairCommandsAndTheRerunIsAllFromTheCache() throws Exception {
        Path pool = TinyPool.create(dir.resolve("p"));
        Path out = dir.resolve("study.json");
        Path pairsCsv = dir.resolve("pairs.csv");
        Path corrCsv = dir.resolve("corr.csv");
        CliRun first = study(pool, "cache", out, "--csv", pairsCsv.toString(), "--correlations-csv",
                corrCsv.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.lastErrLine().matches("cells: \\d+ computed, 0 from cache.*"), first.lastErrLine());
        JsonNode study = JSON.readTree(out.toFile());
        JsonNode pairs = study.get("pairs");
        assertEquals(TinyPool.FACTORS.length, pairs.size());

        CliRun again = study(pool, "cache", null);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.lastErrLine().matches("cells: 0 computed, \\d+ from cache.*"), again.lastErrLine());
        assertTrue(!again.lastErrLine().contains("results: ") || again.lastErrLine().matches(
                ".*results: 0 computed, \\d+ from cache.*"), again.lastErrLine());
        assertEquals(first.out(), again.out(), "the same table from the cache");

        // run k1.5 through the single-pair commands, in a cache of their own
        JsonNode row = pairs.get(2);
        assertEquals("k1.5", row.get("run").asText());
        String cache = dir.resolve("single-cache").toString();
        Path sweepOut = dir.resolve("sweep.json");
        CliRun sweep = CliRun.of("sweep", pool.toString(), "--run", "k1.5", "--alphas", "0,0.5,1", "--out",
                sweepOut.toString(), "--cache-dir", cache, "-q");
        assertEquals(0, sweep.code(), sweep.err());
        JsonNode points = JSON.readTree(sweepOut.toFile()).get("points");
        for (int i = 0; i < 3; i++) {
            JsonNode p = points.get(i);
            JsonNode q = row.get("path").get(i);
            assertEquals(p.get("alpha").asDouble(), q.get("alpha").asDouble());
            assertEquals(p.at("/datasets/id/top1").asDouble(), q.get("id").asDouble());
            assertEquals(p.get("avgOodTop1").asDouble(), q.get("ood").asDouble());
            assertEquals(p.at("/datasets/id/loss").asDouble(), q.get("idLoss").asDouble());
        }
        Path stragglersOut = dir.resolve("stragglers.json");
        CliRun stragglers = CliRun.of("stragglers", pool.toString(), "--run", "k1.5", "--alphas", "0,0.5,1", "--out",
                stragglersOut.toString(), "--cache-dir", cache, "-q");
        assertEquals(0, stragglers.code(), stragglers.err());
        JsonNode st = JSON.readTree(stragglersOut.toFile());
        assertEquals(st.get("stragglers"), row.get("stragglers"));
        double instability = 0;
        double change = 0;
        for (JsonNode g : st.get("groups")) {
            for (JsonNode s : st.get("stragglers")) {
                if (s.asText().equals(g.get("group").asText())) {
                    instability += g.get("instability").asDouble() / st.get("stragglers").size();
                    change += g.at("/values/weight-change").asDouble() / st.get("stragglers").size();
                }
            }
        }
        assertEquals(instability, row.at("/predictors/straggler instability").asDouble(), 1e-12);
        assertEquals(change, row.at("/predictors/straggler weight change").asDouble(), 1e-12);
        Path sharpOut = dir.resolve("sharp.json");
        CliRun sharp = CliRun.of("sharpness", pool.toString(), "--run", "k1.5", "--alphas", "0,0.5,1", "-n", "16",
                "--steps", "2", "--samples", "10", "--dataset", "id", "--out", sharpOut.toString(), "--cache-dir",
                cache, "-q");
        assertEquals(0, sharp.code(), sharp.err());
        double overall = Double.NaN;
        double stragglerMean = 0;
        for (JsonNode c : JSON.readTree(sharpOut.toFile()).get("cells")) {
            if (c.get("alpha").asDouble() == 0.5) {
                String g = c.get("group").asText();
                if (g.equals("overall")) {
                    overall = c.at("/value/loss").asDouble();
                }
                for (JsonNode s : st.get("stragglers")) {
                    if (s.asText().equals(g)) {
                        stragglerMean += c.at("/value/loss").asDouble() / st.get("stragglers").size();
                    }
                }
            }
        }
        assertEquals(overall, row.at("/predictors/overall sharpness @ 0.5").asDouble());
        assertEquals(stragglerMean, row.at("/predictors/straggler sharpness @ 0.5").asDouble(), 1e-12);

        // the cross-pair table: tau-b of each predictor column against each outcome column
        double[] x = new double[pairs.size()];
        double[] y = new double[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            x[i] = pairs.get(i).at("/predictors/overall sharpness @ 0.5").asDouble();
            y[i] = pairs.get(i).at("/outcomes/G_zs").asDouble();
        }
        JsonNode assoc = find(study.get("associations"), "overall sharpness @ 0.5", "G_zs");
        assertEquals(Correlations.kendallTauB(x, y).value(), assoc.get("tauB").asDouble(), 1e-12);
        assertEquals(pairs.size(), assoc.get("n").asInt());
        assertTrue(assoc.get("ciLow").asDouble() <= assoc.get("ciHigh").asDouble());
        // every run is A + k (B - A): the weight change grows with k, so it ranks the runs exactly as k does
        for (int i = 1; i < pairs.size(); i++) {
            assertTrue(pairs.get(i).at("/predictors/weight change (all groups)").asDouble()
                    > pairs.get(i - 1).at("/predictors/weight change (all groups)").asDouble());
        }
        assertEquals(7 * 3, study.get("associations").size());
        assertEquals(7, study.get("summary").size());

        List<String> csv = Files.readAllLines(pairsCsv);
        assertEquals(1 + TinyPool.FACTORS.length, csv.size());
        assertTrue(csv.get(0).startsWith("run,k,kind,sha256,id_dataset,"), csv.get(0));
        assertTrue(csv.get(3).startsWith("k1.5,1.5,extrapolated,"), csv.get(3));
        assertEquals(1 + 21, Files.readAllLines(corrCsv).size());

        // figures --study draws the scatters and one path per run, headless, from the file
        Path figures = dir.resolve("figures");
        CliRun fig = CliRun.of("figures", pool.toString(), "--study", out.toString(), "--out", figures.toString(),
                "--format", "png", "--alphas", "0,0.5,1", "--cache-dir", dir.resolve("cache").toString(), "-q");
        assertEquals(0, fig.code(), fig.err());
        Path scatter = figures.resolve("study-scatter-straggler-sharpness-0-5.png");
        assertTrue(Files.isRegularFile(scatter), fig.out());
        List<String> plotted = Files.readAllLines(figures.resolve("study-scatter-straggler-sharpness-0-5.csv"));
        assertEquals(1 + pairs.size(), plotted.size(), "one point per run");
        assertTrue(plotted.get(3).startsWith("k1.5,1.5,"), plotted.get(3));
        for (double k : TinyPool.FACTORS) {
            assertTrue(Files.isRegularFile(figures.resolve("study-path-" + TinyPool.label(k) + ".png")), fig.out());
        }
        CliRun badFigure = CliRun.of("figures", pool.toString(), "--study", out.toString(), "--study-predictor",
                "nope", "--out", figures.toString(), "--format", "png", "--alphas", "0,0.5,1", "--cache-dir",
                dir.resolve("cache").toString(), "-q");
        assertEquals(2, badFigure.code());
        assertTrue(badFigure.err().contains("no association of 'nope' with 'G_zs'"), badFigure.err());
    }

    private static JsonNode find(JsonNode associations, String predictor, String outcome) {
        for (JsonNode a : associations) {
            if (a.get("predictor").asText().equals(predictor) && a.get("outcome").asText().equals(outcome)) {
                return a;
            }
        }
        throw new AssertionError("no association " + predictor + " / " + outcome);
    }

    @Test
    void aSinglePairProjectOrAnUnknownRunIsOneLine() throws Exception {
        Path pool = TinyPool.create(dir.resolve("p"));
        CliRun single = study(dir.resolve("p/project.json"), "c", null);
        assertEquals(2, single.code());
        assertTrue(single.err().contains("project.json: a study needs at least 2 runs, the project has 1"),
                single.err());
        assertEquals(1, single.err().strip().lines().count(), single.err());
        CliRun unknown = study(pool, "c", null, "--runs", "b,nope");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("no run labelled 'nope' (runs: k0.5, b, k1.5, k2, k3)"), unknown.err());
        CliRun offGrid = study(pool, "c", null, "--predictor-alpha", "0.25");
        assertEquals(2, offGrid.code());
        assertTrue(offGrid.err().contains("--predictor-alpha 0.25 is not on the sharpness grid"), offGrid.err());
    }
}
