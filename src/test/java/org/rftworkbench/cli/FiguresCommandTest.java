package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.util.Hashing;
import org.rftworkbench.testutil.TinyProject;

/** {@code figures} end to end on a tiny project: sweep figures from the service, a heatmap from a JSON file. */
class FiguresCommandTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void rendersSweepFiguresAndAHeatmapFromFile() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        Path heat = dir.resolve("heat.json");
        Files.writeString(heat, """
                {"rows": ["block 0", "block 1"], "alphas": [0.0, 0.5, 1.0],
                 "values": [[0, 1.5, 0], [0, 2.5, 0]], "stragglers": ["block 1"],
                 "valueLabel": "instability (%)", "title": "Instability",
                 "settings": {"criterion": "max drop", "threshold": 1.0}}
                """);
        Path out = dir.resolve("figs");
        CliRun r = run("figures", project.toString(), "--out", out.toString(), "--alphas", "0:1:0.5", "--format",
                "pdf,png", "--dpi", "100", "--preset", "double-column", "--heatmap", heat.toString(),
                "--cache-dir", dir.resolve("cache").toString(), "-q");
        assertEquals(0, r.code(), r.err());
        for (String name : List.of("accuracy-vs-alpha", "effective-robustness", "layer-heatmap")) {
            for (String ext : List.of("pdf", "png", "csv", "json")) {
                assertTrue(Files.size(out.resolve(name + "." + ext)) > 0, name + "." + ext);
            }
            assertFalse(Files.exists(out.resolve(name + ".svg")), "svg was not asked for");
        }
        JsonNode sidecar = new ObjectMapper().readTree(out.resolve("accuracy-vs-alpha.json").toFile());
        assertEquals(Hashing.sha256(dir.resolve("p/a.safetensors")),
                sidecar.at("/provenance/checkpoints/0/sha256").asText());
        assertEquals(Hashing.sha256(dir.resolve("p/b.safetensors")),
                sidecar.at("/provenance/checkpoints/1/sha256").asText());
        assertEquals(3, sidecar.at("/provenance/alphaGrid").size());
        assertEquals(6.9, sidecar.at("/style/widthInches").asDouble());
        // id + ood + avg OOD, three alphas each
        List<String> csv = Files.readAllLines(out.resolve("accuracy-vs-alpha.csv"));
        assertEquals("series,x,y", csv.get(0));
        assertEquals(1 + 3 * 3, csv.size());
        assertTrue(csv.get(1).startsWith("id,0.0,"), csv.get(1));
        JsonNode heatSidecar = new ObjectMapper().readTree(out.resolve("layer-heatmap.json").toFile());
        assertEquals("max drop", heatSidecar.at("/provenance/settings/criterion").asText());
        assertEquals("<outside project>/heat.json", heatSidecar.at("/provenance/sources/0/path").asText());
        assertEquals(Hashing.sha256(heat), heatSidecar.at("/provenance/sources/0/sha256").asText());
        assertEquals("block 1", heatSidecar.at("/details/stragglers/0").asText());
        assertTrue(r.out().contains("layer-heatmap.pdf"), r.out());
    }

    @Test
    void theSlidePresetWrites16By9FilesAt1920By1080() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        Path out = dir.resolve("slides");
        CliRun r = run("figures", project.toString(), "--out", out.toString(), "--alphas", "0:1:0.5", "--preset",
                "slide", "--cache-dir", dir.resolve("cache").toString(), "-q");
        assertEquals(0, r.code(), r.err());
        for (String name : List.of("accuracy-vs-alpha", "effective-robustness")) {
            java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(out.resolve(name + ".png").toFile());
            assertEquals(1920, png.getWidth(), name);
            assertEquals(1080, png.getHeight(), name);
            String svg = Files.readString(out.resolve(name + ".svg"));
            assertTrue(svg.matches("(?s).*width=['\"]960(\\.0)?pt['\"].*")
                    && svg.matches("(?s).*height=['\"]540(\\.0)?pt['\"].*"),
                    () -> "svg page 960 x 540 pt: " + svg.substring(0, Math.min(300, svg.length())));
            String pdf = new String(Files.readAllBytes(out.resolve(name + ".pdf")),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(pdf.matches("(?s).*/MediaBox ?\\[ ?0(\\.0)? 0(\\.0)? 960(\\.0)? 540(\\.0)? ?\\].*"),
                    () -> "pdf page 960 x 540 pt: " + pdf.substring(pdf.indexOf("/MediaBox"),
                            Math.min(pdf.length(), pdf.indexOf("/MediaBox") + 40)));
            JsonNode sidecar = new ObjectMapper().readTree(out.resolve(name + ".json").toFile());
            assertEquals(20.0, sidecar.at("/style/fontSizePt").asDouble(), name);
            assertEquals("SansSerif", sidecar.at("/style/fontFamily").asText(), name);
            assertEquals(144, sidecar.at("/style/pngDpi").asInt(), name);
        }
        // an explicit --dpi and --font still win over the preset's
        Path big = dir.resolve("big");
        r = run("figures", project.toString(), "--out", big.toString(), "--alphas", "0:1:0.5", "--preset", "slide",
                "--dpi", "72", "--font", "Serif", "--format", "png", "--cache-dir", dir.resolve("cache").toString(),
                "-q");
        assertEquals(0, r.code(), r.err());
        assertEquals(960, javax.imageio.ImageIO.read(big.resolve("accuracy-vs-alpha.png").toFile()).getWidth());
        assertEquals("Serif", new ObjectMapper().readTree(big.resolve("accuracy-vs-alpha.json").toFile())
                .at("/style/fontFamily").asText());
    }

    @Test
    void theAnimationHasAFramePerAlphaAndALoopingGif() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        Path out = dir.resolve("anim");
        CliRun r = run("figures", project.toString(), "--out", out.toString(), "--alphas", "0:1:0.5", "--preset",
                "slide", "--dpi", "36", "--format", "png", "--animation", "--frame-ms", "400", "--cache-dir",
                dir.resolve("cache").toString(), "-q");
        assertEquals(0, r.code(), r.err());
        Path frames = out.resolve("accuracy-vs-alpha-play");
        List<Path> pngs;
        try (var list = Files.list(frames)) {
            pngs = list.sorted().toList();
        }
        assertEquals(List.of("frame-000.png", "frame-001.png", "frame-002.png"),
                pngs.stream().map(p -> p.getFileName().toString()).toList());
        java.awt.image.BufferedImage first = javax.imageio.ImageIO.read(pngs.get(0).toFile());
        java.awt.image.BufferedImage last = javax.imageio.ImageIO.read(pngs.get(2).toFile());
        assertEquals(480, first.getWidth());
        assertEquals(270, first.getHeight());
        assertFalse(java.util.Arrays.equals(first.getRGB(0, 0, 480, 270, null, 0, 480),
                last.getRGB(0, 0, 480, 270, null, 0, 480)), "the alpha line moves");
        javax.imageio.ImageReader gif = javax.imageio.ImageIO.getImageReadersByFormatName("gif").next();
        try (var in = javax.imageio.ImageIO.createImageInputStream(out.resolve("accuracy-vs-alpha-play.gif")
                .toFile())) {
            gif.setInput(in);
            assertEquals(3, gif.getNumImages(true));
            assertEquals(480, gif.getWidth(2));
            javax.imageio.metadata.IIOMetadataNode root = (javax.imageio.metadata.IIOMetadataNode) gif
                    .getImageMetadata(1).getAsTree("javax_imageio_gif_image_1.0");
            assertEquals("40", ((javax.imageio.metadata.IIOMetadataNode) root
                    .getElementsByTagName("GraphicControlExtension").item(0)).getAttribute("delayTime"));
        } finally {
            gif.dispose();
        }
        assertTrue(r.out().contains("accuracy-vs-alpha-play.gif"), r.out());
    }

    @Test
    void badOptionsAreOneLineErrors() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        CliRun r = run("figures", project.toString(), "--out", dir.resolve("o").toString(), "--format", "pdf,gif");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown format 'gif'"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"rows\": [\"a\"], \"alphas\": [0.0, 1.0], \"values\": [[1.0]]}");
        r = run("figures", project.toString(), "--out", dir.resolve("o").toString(), "--heatmap", bad.toString(),
                "--alphas", "0,1", "--cache-dir", dir.resolve("cache").toString(), "-q");
        assertEquals(2, r.code());
        assertTrue(r.err().contains(bad + ": row a has 1 values for 2 alphas"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void drawsTheSparsifyCommandsOwnOutputWithCsvEqualToThePathsAndASidecar() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"), TinyProject.CLASSES, 16);
        Path result = dir.resolve("s.json");
        String cache = dir.resolve("cache").toString();
        CliRun s = run("sparsify", project.toString(), "--ratio", "0.5", "--top-k", "1", "--control", "--alphas", "0.5",
                "--out", result.toString(), "--cache-dir", cache, "-q");
        assertEquals(0, s.code(), s.err());
        Path out = dir.resolve("figs");
        CliRun r = run("figures", project.toString(), "--out", out.toString(), "--alphas", "0:1:0.5", "--dpi", "100",
                "--sparsify-result", result.toString(), "--cache-dir", cache, "-q");
        assertEquals(0, r.code(), r.err());
        for (String name : List.of("sparsity-before-after-avg-ood", "sparsity-before-after-id")) {
            for (String ext : List.of("pdf", "svg", "png", "csv", "json")) {
                assertTrue(Files.size(out.resolve(name + "." + ext)) > 0, name + "." + ext);
            }
        }
        JsonNode root = new ObjectMapper().readTree(result.toFile());
        // series in legend order: dense, stragglers, control; one row per alpha, y in percent
        List<String> expected = new java.util.ArrayList<>(List.of("series,x,y"));
        List<JsonNode> paths = List.of(root.get("baseline"), root.at("/runs/0"), root.at("/runs/1"));
        List<String> names = List.of("dense", "stragglers s = 0.5", "control s = 0.5");
        for (int i = 0; i < paths.size(); i++) {
            for (JsonNode point : paths.get(i).get("points")) {
                expected.add(names.get(i) + "," + point.get("alpha").asDouble() + ","
                        + 100 * point.get("avgOodTop1").asDouble());
            }
        }
        List<String> csv = Files.readAllLines(out.resolve("sparsity-before-after-avg-ood.csv"));
        assertEquals(expected.size(), csv.size(), String.join("\n", csv));
        for (int i = 1; i < csv.size(); i++) {
            String[] got = csv.get(i).split(",");
            String[] want = expected.get(i).split(",");
            assertEquals(want[0], got[0]);
            assertEquals(Double.parseDouble(want[1]), Double.parseDouble(got[1]), 1e-12);
            assertEquals(Double.parseDouble(want[2]), Double.parseDouble(got[2]), 1e-9, csv.get(i));
        }
        List<String> idCsv = Files.readAllLines(out.resolve("sparsity-before-after-id.csv"));
        String id = root.at("/baseline/idDataset").asText();
        assertEquals(100 * root.at("/runs/0/points/2/datasets/" + id + "/top1").asDouble(),
                Double.parseDouble(idCsv.get(1 + 3 + 2).split(",")[2]), 1e-9, "stragglers at alpha 1");
        JsonNode sidecar = new ObjectMapper().readTree(out.resolve("sparsity-before-after-avg-ood.json").toFile());
        assertEquals("<outside project>/s.json", sidecar.at("/provenance/sources/0/path").asText());
        assertEquals(root.get("targetGroups"), sidecar.at("/provenance/settings/targetGroups"));
        assertEquals(root.at("/runs/0/failure/gainOverZeroShot").asDouble(),
                sidecar.at("/provenance/settings/failureMetrics/stragglers s=0.5/failure/gainOverZeroShot")
                        .asDouble(), 1e-15);
        assertEquals(Hashing.sha256(dir.resolve("p/b.safetensors")),
                sidecar.at("/provenance/checkpoints/1/sha256").asText());
        String svg = Files.readString(out.resolve("sparsity-before-after-avg-ood.svg"));
        assertTrue(svg.contains("control s = 0.5"), "legend names the control");

        Path notSparsify = dir.resolve("other.json");
        Files.writeString(notSparsify, "{\"rows\": []}");
        CliRun bad = run("figures", project.toString(), "--out", out.toString(), "--sparsify-result",
                notSparsify.toString(), "-q");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains(notSparsify + ": not a `sparsify --out` result"), bad.err());
    }
}
