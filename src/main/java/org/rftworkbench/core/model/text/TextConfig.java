package org.rftworkbench.core.model.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.model.ModelConfig;

/**
 * The open_clip text tower's configuration: the {@code text_cfg} block of an open_clip model JSON plus the shared
 * {@code embed_dim} and {@code quick_gelu}. Missing text_cfg keys take open_clip's {@code CLIPTextCfg} defaults
 * (context_length 77, vocab_size 49408, width 512, heads 8, layers 12, mlp_ratio 4.0). Immutable.
 *
 * @param contextLength number of token positions
 * @param vocabSize     rows of the token embedding
 * @param width         token width
 * @param heads         attention heads (width must be a multiple)
 * @param layers        residual attention blocks
 * @param mlpRatio      MLP hidden width relative to width
 * @param embedDim      output feature size (columns of text_projection)
 * @param quickGelu     QuickGELU (OpenAI weights) instead of exact erf GELU
 */
public record TextConfig(int contextLength, int vocabSize, int width, int heads, int layers, double mlpRatio,
        int embedDim, boolean quickGelu) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public TextConfig {
        if (contextLength < 2 || vocabSize < 1 || width < 1 || heads < 1 || layers < 0 || embedDim < 1
                || !(mlpRatio > 0)) {
            throw new IllegalArgumentException("text config needs context_length >= 2 and positive vocab_size, width,"
                    + " heads, mlp_ratio and embed_dim");
        }
        if (width % heads != 0) {
            throw new IllegalArgumentException("text width " + width + " is not a multiple of heads " + heads);
        }
    }

    public int mlpWidth() {
        return (int) Math.round(width * mlpRatio);
    }

    /** Reads the text tower part of an open_clip model JSON. */
    public static TextConfig read(Path file) throws RftException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(MAPPER.readTree(in), file.toString());
        } catch (NoSuchFileException e) {
            throw new RftException(RftException.at(file, "model config not found"));
        } catch (IOException e) {
            throw new RftException(RftException.at(file, "not a valid model config: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("")), e);
        }
    }

    /** The text tower of a built-in model config ({@link ModelConfig#BUILTIN}). */
    public static TextConfig builtin(String name) throws RftException {
        try (InputStream in = TextConfig.class.getResourceAsStream("/org/rftworkbench/models/" + name + ".json")) {
            if (in == null) {
                throw new RftException("unknown built-in model '" + name + "' (known: "
                        + String.join(", ", ModelConfig.BUILTIN) + ")");
            }
            return parse(MAPPER.readTree(in), name);
        } catch (IOException e) {
            throw new RftException("built-in model '" + name + "' could not be read", e);
        }
    }

    static TextConfig parse(JsonNode root, String source) throws RftException {
        JsonNode text = root == null ? null : root.get("text_cfg");
        if (text == null || !text.isObject()) {
            throw new RftException(source + ": model config has no text_cfg (the text tower is needed for zero-shot)");
        }
        if (!root.hasNonNull("embed_dim")) {
            throw new RftException(source + ": model config has no embed_dim");
        }
        try {
            return new TextConfig(text.path("context_length").asInt(77), text.path("vocab_size").asInt(49408),
                    text.path("width").asInt(512), text.path("heads").asInt(8), text.path("layers").asInt(12),
                    text.path("mlp_ratio").asDouble(4.0), root.get("embed_dim").asInt(),
                    root.path("quick_gelu").asBoolean(false));
        } catch (IllegalArgumentException e) {
            throw new RftException(source + ": " + e.getMessage(), e);
        }
    }
}
