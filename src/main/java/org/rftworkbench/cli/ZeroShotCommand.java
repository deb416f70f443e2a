package org.rftworkbench.cli;

import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.checkpoint.Checkpoint;
import org.rftworkbench.core.checkpoint.CheckpointReader;
import org.rftworkbench.core.checkpoint.CheckpointTensor;
import org.rftworkbench.core.checkpoint.SafetensorsWriter;
import org.rftworkbench.core.data.ClassNamesFile;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.model.Models;
import org.rftworkbench.core.model.OpenClipClassifier;
import org.rftworkbench.core.model.text.OpenClipTextEncoder;
import org.rftworkbench.core.model.text.PromptTemplates;
import org.rftworkbench.core.model.text.TextConfig;
import org.rftworkbench.core.model.text.TextPooling;
import org.rftworkbench.core.model.text.ZeroShotHead;
import org.rftworkbench.core.model.text.ZeroShotHeadBuilder;
import org.rftworkbench.core.tokenize.ClipBpeTokenizer;
import org.rftworkbench.core.tokenize.Tokenizer;
import org.rftworkbench.core.tokenize.WordTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zeroshot}: builds CLIP's zero-shot classification head from the text tower of a full CLIP checkpoint and
 * writes it as {@code classification_head.{weight,bias}}, optionally together with the checkpoint's image tower as a
 * classifier checkpoint (endpoint A of a WiSE-FT project).
 */
@Command(name = "zeroshot", mixinStandardHelpOptions = true,
        description = "Build a zero-shot head (classification_head.*) from a full CLIP checkpoint's text tower.")
final class ZeroShotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "CONFIG",
            description = "open_clip model JSON with text_cfg, or a built-in name as open_clip names it"
                    + " (ViT-B-32 = GELU, ViT-B-32-quickgelu = QuickGELU for OpenAI weights; the same for ViT-B-16,"
                    + " ViT-L-14).")
    String model;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
            description = "Full CLIP checkpoint (image + text towers): safetensors, torch.save state dict or "
                    + "TorchScript (OpenAI's ViT-B-32.pt).")
    Path checkpoint;

    @Option(names = "--classes", required = true, paramLabel = "FILE",
            description = "Class names as put into the prompts, one per line, in head order.")
    Path classes;

    @Option(names = "--templates", defaultValue = "openai", paramLabel = "openai|FILE",
            description = "Prompt templates: 'openai' (OpenAI's 80 ImageNet templates) or a file with one template "
                    + "per line containing {} (default: ${DEFAULT-VALUE}).")
    String templates;

    @Option(names = "--tokenizer", required = true, paramLabel = "bpe:PATH|word:VOCAB",
            description = "bpe:bpe_simple_vocab_16e6.txt.gz (CLIP's BPE merges) or word:vocab.txt (word-level).")
    String tokenizer;

    @Option(names = "--pooling", paramLabel = "argmax|eot",
            description = "Pool at the largest token id (open_clip; default for bpe) or at the end-of-text id "
                    + "(default for word).")
    String pooling;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Head safetensors to write.")
    Path out;

    @Option(names = "--image-tower-out", paramLabel = "FILE",
            description = "Also write a classifier checkpoint: the checkpoint's visual.* tensors plus the head.")
    Path classifierOut;

    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        OutputOptions.checkWritable(out);
        OutputOptions.checkWritable(classifierOut);
        Models.prepareComputeThread();
        TextConfig textConfig = isBuiltin(model) ? TextConfig.builtin(model) : TextConfig.read(Path.of(model));
        Tokenizer tok = tokenizer(textConfig);
        TextPooling pool = pooling(tok);
        List<String> classNames = ClassNamesFile.read(classes);
        List<String> prompts = templates.equals("openai") ? PromptTemplates.openAiImageNet()
                : PromptTemplates.read(Path.of(templates));
        ModelConfig imageConfig = null;
        if (classifierOut != null) {
            imageConfig = isBuiltin(model) ? ModelConfig.builtin(model) : ModelConfig.read(Path.of(model));
        }

        ZeroShotHead head;
        try (OpenClipTextEncoder encoder = OpenClipTextEncoder.load(textConfig, checkpoint, pool, Engines.defaultDevice());
                ConsoleProgress progress = new ConsoleProgress(!quiet && System.console() != null)) {
            try {
                head = ZeroShotHeadBuilder.build(encoder, tok, classNames, prompts, progress);
            } catch (IllegalArgumentException e) {
                throw new RftException(checkpoint + ": " + e.getMessage(), e);
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("rft.zeroshot.source", checkpoint.getFileName().toString());
        metadata.put("rft.zeroshot.classes", Integer.toString(classNames.size()));
        metadata.put("rft.zeroshot.templates", templates.equals("openai") ? "openai (80)"
                : Path.of(templates).getFileName() + " (" + prompts.size() + ")");
        metadata.put("rft.zeroshot.tokenizer", tokenizer.startsWith("bpe:") ? "clip-bpe" : "word");
        metadata.put("rft.zeroshot.pooling", pool.toString());
        metadata.put("rft.zeroshot.scale", Float.toString(head.scale()));
        SafetensorsWriter.write(out, head.tensors(), metadata);

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "zero-shot head %d x %d (scale exp(logit_scale) = %.4f, %d templates) -> %s%n",
                classNames.size(), head.embedDim(), head.scale(), prompts.size(), out);
        if (classifierOut != null) {
            int visual = writeClassifier(imageConfig, head, metadata);
            stdout.printf(Locale.ROOT, "classifier: %d visual.* tensors + head -> %s%n", visual, classifierOut);
        }
        stdout.flush();
        return 0;
    }

    private static boolean isBuiltin(String name) {
        return !Files.exists(Path.of(name)) && List.of(ModelConfig.BUILTIN).contains(name);
    }

    private Tokenizer tokenizer(TextConfig config) throws RftException {
        int colon = tokenizer.indexOf(':');
        String kind = colon < 0 ? "" : tokenizer.substring(0, colon);
        Path path = colon < 0 ? null : Path.of(tokenizer.substring(colon + 1));
        Tokenizer t = switch (kind) {
            case "bpe" -> ClipBpeTokenizer.read(path, config.contextLength());
            case "word" -> WordTokenizer.read(path, config.contextLength());
            default -> throw new RftException("--tokenizer must be bpe:PATH or word:PATH, got '" + tokenizer + "'");
        };
        if (t.vocabularySize() > config.vocabSize()) {
            throw new RftException(path + ": tokenizer has " + t.vocabularySize() + " ids but the model's vocab_size is "
                    + config.vocabSize());
        }
        return t;
    }

    private TextPooling pooling(Tokenizer t) throws RftException {
        String rule = pooling != null ? pooling : tokenizer.startsWith("bpe:") ? "argmax" : "eot";
        return switch (rule) {
            case "argmax" -> TextPooling.argmaxId();
            case "eot" -> TextPooling.atEndOfText(t.endOfTextId());
            default -> throw new RftException("--pooling must be argmax or eot, got '" + rule + "'");
        };
    }

    /** visual.* tensors as stored (dtype kept; loading converts to float32) + the head, checked against the config. */
    private int writeClassifier(ModelConfig config, ZeroShotHead head, Map<String, String> metadata)
            throws RftException {
        Map<String, Shape> expected = OpenClipClassifier.expectedShapes(config, head.classes().size(), true);
        try (Checkpoint file = CheckpointReader.open(checkpoint)) {
            List<CheckpointTensor> tensors = new ArrayList<>();
            for (CheckpointTensor t : file.tensors()) {
                if (!t.name().startsWith("visual.")) {
                    continue;
                }
                Shape shape = expected.get(t.name());
                if (shape == null || !shape.equals(new Shape(t.shape()))) {
                    throw new RftException(checkpoint + ": image tower tensor " + t.name() + " " + new Shape(t.shape())
                            + (shape == null ? " is not part of the model config" : " does not match the config's "
                            + shape));
                }
                tensors.add(t);
            }
            long expectedVisual = expected.keySet().stream().filter(n -> n.startsWith("visual.")).count();
            if (tensors.size() != expectedVisual) {
                throw new RftException(checkpoint + ": has " + tensors.size() + " visual.* tensors, the model config"
                        + " needs " + expectedVisual);
            }
            int visual = tensors.size();
            tensors.addAll(head.tensors());
            SafetensorsWriter.write(classifierOut, tensors, metadata);
            return visual;
        }
    }
}
