package org.rftworkbench.core.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.rftworkbench.core.RftException;

/**
 * An open_clip-style model configuration (the subset the image tower and classification head need). Unknown keys
 * such as {@code text_cfg} are ignored here. Immutable.
 *
 * @param embedDim  dimension of the image features fed to the head
 * @param quickGelu true for OpenAI-style QuickGELU (x*sigmoid(1.702x)), false for exact erf GELU
 * @param vision    the ViT image tower
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelConfig(
        @JsonProperty("embed_dim") int embedDim,
        @JsonProperty("quick_gelu") boolean quickGelu,
        @JsonProperty("vision_cfg") Vision vision) {

    /** Built-in configurations shipped as resources. */
    public static final String[] BUILTIN = {"ViT-B-32", "ViT-B-16", "ViT-L-14"};

    /**
     * The ViT image tower.
     *
     * @param imageSize input resolution in pixels (square)
     * @param layers    number of residual attention blocks
     * @param width     token width
     * @param patchSize patch edge in pixels; imageSize must be a multiple
     * @param headWidth width of one attention head; heads = width / headWidth
     * @param mlpRatio  hidden width of the MLP relative to width
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Vision(
            @JsonProperty("image_size") int imageSize,
            @JsonProperty("layers") int layers,
            @JsonProperty("width") int width,
            @JsonProperty("patch_size") int patchSize,
            @JsonProperty("head_width") Integer headWidth,
            @JsonProperty("mlp_ratio") Double mlpRatio) {

        public int heads() {
            return width / effectiveHeadWidth();
        }

        public int effectiveHeadWidth() {
            return headWidth == null ? 64 : headWidth;
        }

        public int mlpWidth() {
            return (int) Math.round(width * (mlpRatio == null ? 4.0 : mlpRatio));
        }

        public int grid() {
            return imageSize / patchSize;
        }
    }

    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

    /** Reads and validates a config file. */
    public static ModelConfig read(Path file) throws RftException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in).validated(file.toString());
        } catch (NoSuchFileException e) {
            throw new RftException(RftException.at(file, "model config not found"));
        } catch (IOException e) {
            throw new RftException(RftException.at(file, "not a valid model config: " + firstLine(e.getMessage())), e);
        }
    }

    /** One of {@link #BUILTIN}, e.g. "ViT-B-32". */
    public static ModelConfig builtin(String name) throws RftException {
        try (InputStream in = ModelConfig.class.getResourceAsStream("/org/rftworkbench/models/" + name + ".json")) {
            if (in == null) {
                throw new RftException("unknown built-in model '" + name + "' (known: " + String.join(", ", BUILTIN) + ")");
            }
            return parse(in).validated(name);
        } catch (IOException e) {
            throw new RftException("built-in model '" + name + "' could not be read", e);
        }
    }

    private static ModelConfig parse(InputStream in) throws IOException {
        return MAPPER.readValue(in, ModelConfig.class);
    }

    private ModelConfig validated(String source) throws RftException {
        if (vision == null) {
            throw new RftException(source + ": model config has no vision_cfg");
        }
        if (embedDim <= 0 || vision.width <= 0 || vision.layers < 0 || vision.patchSize <= 0 || vision.imageSize <= 0) {
            throw new RftException(source + ": model config needs positive embed_dim, width, patch_size and image_size");
        }
        if (vision.imageSize % vision.patchSize != 0) {
            throw new RftException(source + ": image_size " + vision.imageSize + " is not a multiple of patch_size "
                    + vision.patchSize);
        }
        if (vision.width % vision.effectiveHeadWidth() != 0) {
            throw new RftException(source + ": width " + vision.width + " is not a multiple of head_width "
                    + vision.effectiveHeadWidth());
        }
        return this;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
