package org.rftworkbench.core.model.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.core.model.Models;
import org.rftworkbench.core.tokenize.WordTokenizer;
import org.rftworkbench.core.util.Progress;
import org.rftworkbench.testutil.Goldens;

/**
 * The native text tower and zero-shot head against the independent PyTorch reference
 * (tools/reference/text_reference.py -> src/test/resources/golden/text/).
 */
class OpenClipTextEncoderParityTest {
    static final Path DIR = Paths.get("src/test/resources/golden/text");
    private static final float TOLERANCE = 1e-4f;
    private NDManager manager;
    private Map<String, NDArray> golden;
    private TextConfig config;
    private WordTokenizer tokenizer;

    @BeforeEach
    void setUp() throws Exception {
        Engines.pytorch();
        Models.prepareComputeThread();
        manager = NDManager.newBaseManager();
        golden = Goldens.decode(manager, DIR.resolve("golden.safetensors"));
        config = TextConfig.read(DIR.resolve("config.json"));
        tokenizer = WordTokenizer.read(DIR.resolve("vocab.txt"), config.contextLength());
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private OpenClipTextEncoder encoder(TextConfig c, TextPooling pooling) throws RftException {
        return OpenClipTextEncoder.load(c, DIR.resolve("weights.safetensors"), pooling, Device.cpu());
    }

    private int[][] goldenTokens() {
        NDArray t = golden.get("tokens");
        long[] flat = t.toLongArray();
        int rows = (int) t.getShape().get(0);
        int cols = (int) t.getShape().get(1);
        int[][] out = new int[rows][cols];
        for (int i = 0; i < flat.length; i++) {
            out[i / cols][i % cols] = (int) flat[i];
        }
        return out;
    }

    private List<String> lines(String file) throws Exception {
        return Files.readAllLines(DIR.resolve(file)).stream().filter(s -> !s.isBlank()).toList();
    }

    @Test
    void wordTokenizerReproducesReferenceTokens() throws Exception {
        int[][] expected = goldenTokens();
        List<String> classes = lines("classes.txt");
        List<String> templates = lines("templates.txt");
        int row = 0;
        for (String c : classes) {
            for (String t : templates) {
                assertArrayEquals(expected[row++], tokenizer.encode(PromptTemplates.format(t, c)), t + " / " + c);
            }
        }
        assertEquals(50, row);
    }

    @Test
    void textFeaturesMatchReferenceForBothPoolingRulesAndActivations() throws Exception {
        int[][] tokens = goldenTokens();
        try (OpenClipTextEncoder eot = encoder(config, TextPooling.atEndOfText(tokenizer.endOfTextId()));
                OpenClipTextEncoder argmax = encoder(config, TextPooling.argmaxId());
                OpenClipTextEncoder gelu = encoder(new TextConfig(config.contextLength(), config.vocabSize(),
                        config.width(), config.heads(), config.layers(), config.mlpRatio(), config.embedDim(), false),
                        TextPooling.atEndOfText(tokenizer.endOfTextId()))) {
            float dEot = Goldens.maxAbsDiff(eot.encode(tokens), golden.get("text_features"));
            float dArgmax = Goldens.maxAbsDiff(argmax.encode(tokens), golden.get("text_features_argmax"));
            float dGelu = Goldens.maxAbsDiff(gelu.encode(tokens), golden.get("text_features_gelu"));
            System.out.printf("text features max|diff|: eot %.3g, argmax %.3g, gelu %.3g%n", dEot, dArgmax, dGelu);
            assertTrue(dEot < TOLERANCE, "eot pooling max|diff| " + dEot);
            assertTrue(dArgmax < TOLERANCE, "argmax pooling max|diff| " + dArgmax);
            assertTrue(dGelu < TOLERANCE, "exact GELU max|diff| " + dGelu);
            NDArray unit = eot.encodeNormalised(tokens);
            NDArray norms = unit.norm(new int[] {1});
            assertTrue(norms.sub(1f).abs().max().getFloat() < 1e-5f);
        }
    }

    @Test
    void zeroShotHeadMatchesReference() throws Exception {
        try (OpenClipTextEncoder encoder = encoder(config, TextPooling.atEndOfText(tokenizer.endOfTextId()))) {
            ZeroShotHead head = ZeroShotHeadBuilder.build(encoder, tokenizer, lines("classes.txt"),
                    lines("templates.txt"), Progress.NONE);
            float[] expected = golden.get("head_weight").toFloatArray();
            float[] actual = head.weight();
            float maxDiff = 0;
            for (int i = 0; i < expected.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
            }
            System.out.printf("zero-shot head max|diff| %.3g (scale %.4f)%n", maxDiff, head.scale());
            assertEquals(expected.length, actual.length);
            assertTrue(maxDiff < TOLERANCE, "head max|diff| " + maxDiff);
            assertEquals(1f / 0.07f, head.scale(), 1e-4f);
            assertEquals(List.of("classification_head.weight", "classification_head.bias"),
                    head.tensors().stream().map(t -> t.name()).toList());
            assertArrayEquals(new long[] {10, 32}, head.tensors().get(0).shape());
        }
    }

    @Test
    void tokensAfterEndOfTextCannotChangeTheOutput() throws Exception {
        try (OpenClipTextEncoder encoder = encoder(config, TextPooling.atEndOfText(tokenizer.endOfTextId()))) {
            int[] original = tokenizer.encode("a photo of a bag");  // sot a photo of a bag eot pad...
            int eotAt = 6;
            assertEquals(tokenizer.endOfTextId(), original[eotAt]);
            int[] afterChanged = original.clone();
            for (int i = eotAt + 1; i < afterChanged.length; i++) {
                afterChanged[i] = 5 + i; // real words instead of padding
            }
            int[] beforeChanged = original.clone();
            beforeChanged[2] = 7; // "photo" -> another word
            NDArray out = encoder.encode(new int[][] {original, afterChanged, beforeChanged});
            float after = Goldens.maxAbsDiff(out.get(0), out.get(1));
            float before = Goldens.maxAbsDiff(out.get(0), out.get(2));
            assertEquals(0f, after, 1e-6f, "a token after the end of text leaked through the causal mask");
            assertTrue(before > 1e-2f, "a token before the end of text must matter, max|diff| " + before);
            // a shorter sequence (positions beyond the end of text dropped) gives the same features
            NDArray shorter = encoder.encode(new int[][] {java.util.Arrays.copyOf(original, eotAt + 1)});
            assertTrue(Goldens.maxAbsDiff(out.get(0), shorter.get(0)) < 1e-5f);
        }
    }

    @Test
    void trimmingAfterThePooledTokenKeepsEveryPooledPosition() {
        int[][] tokens = {{1, 4, 2, 0, 0, 0}, {1, 4, 5, 6, 2, 0}};
        int[][] trimmed = ZeroShotHeadBuilder.trimAfterPooledToken(tokens, TextPooling.atEndOfText(2));
        assertArrayEquals(new int[] {1, 4, 2, 0, 0}, trimmed[0]);
        assertArrayEquals(new int[] {1, 4, 5, 6, 2}, trimmed[1]);
    }

    @Test
    void poolingRules() {
        int[] tokens = {1, 9, 4, 2, 0, 0};
        assertEquals(1, TextPooling.argmaxId().position(tokens));
        assertEquals(3, TextPooling.atEndOfText(2).position(tokens));
        assertThrows(IllegalArgumentException.class, () -> TextPooling.atEndOfText(7).position(tokens));
        assertEquals(0, TextPooling.argmaxId().position(new int[] {5, 5, 5}), "first maximum, as torch.argmax");
    }

    @Test
    void mismatchesAndBadInputsAreNamed() throws Exception {
        NDManager m = manager.newSubManager();
        Map<String, NDArray> tensors = new LinkedHashMap<>(Goldens.decode(m, DIR.resolve("weights.safetensors")));
        TextConfig threeLayers = new TextConfig(12, 64, 32, 4, 3, 4.0, 32, true);
        RftException e = assertThrows(RftException.class,
                () -> OpenClipTextEncoder.create(threeLayers, tensors, m, TextPooling.argmaxId(), "w.st"));
        assertTrue(e.getMessage().startsWith("w.st: text tower does not match the model config"), e.getMessage());
        assertTrue(e.getMessage().contains("missing transformer.resblocks.2."), e.getMessage());
        try (OpenClipTextEncoder encoder = OpenClipTextEncoder.create(config, tensors, m, TextPooling.argmaxId(),
                "w.st")) {
            assertThrows(IllegalArgumentException.class, () -> encoder.encode(new int[][] {{1, 64, 2}}));
            assertThrows(IllegalArgumentException.class, () -> encoder.encode(new int[][] {new int[13]}));
            assertThrows(IllegalArgumentException.class, () -> encoder.encode(new int[][] {{1, 2}, {1}}));
        }
        RftException noText = assertThrows(RftException.class, () -> OpenClipTextEncoder.load(config,
                Paths.get("src/test/resources/golden/tiny_vit/a.safetensors"), TextPooling.argmaxId(), Device.cpu()));
        assertTrue(noText.getMessage().contains("no text tower"), noText.getMessage());
    }

    @Test
    void builtinTextConfigAndOpenAiTemplates() throws Exception {
        TextConfig b32 = TextConfig.builtin("ViT-B-32");
        assertEquals(77, b32.contextLength());
        assertEquals(49408, b32.vocabSize());
        assertEquals(512, b32.embedDim());
        long params = OpenClipTextEncoder.expectedShapes(b32).values().stream().mapToLong(s -> s.size()).sum();
        // OpenAI CLIP ViT-B/32 has 151,277,313 parameters, 87,849,216 of them in the image tower
        assertEquals(151_277_313L - 87_849_216L, params);
        List<String> templates = PromptTemplates.openAiImageNet();
        assertEquals(80, templates.size());
        assertEquals(80, templates.stream().distinct().count());
        assertEquals("a bad photo of a {}.", templates.get(0));
        assertEquals("a tattoo of the {}.", templates.get(79));
        assertEquals("a sketch of a cat.", PromptTemplates.format("a sketch of a {}.", "cat"));
    }
}
