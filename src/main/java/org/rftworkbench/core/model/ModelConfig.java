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

    /**
     * Built-in configurations shipped as resources, named exactly as open_clip names them: the plain names use exact
     * GELU, the {@code -quickgelu} ones QuickGELU (OpenAI's weights).
     */
    public static final String[] BUILTIN = {"ViT-B-32", "ViT-B-32-quickgelu", "ViT-B-16", "ViT-B-16-quickgelu",
        "ViT-L-14", "ViT-L-14-quickgelu"};

    /**
     * The project format version from which a plain built-in name ({@code ViT-B-32}) means open_clip's GELU config;
     * in older project files it meant QuickGELU, i.e. {@code ViT-B-32-quickgelu}, and still does there.
     */
    public static final int OPEN_CLIP_BUILTIN_NAMES_SINCE = 2;

    /**
     * The built-in config a project file names: as {@link #builtin}, except that in project files older than
     * {@link #OPEN_CLIP_BUILTIN_NAMES_SINCE} a plain {@code ViT-B-32}, {@code ViT-B-16} or {@code ViT-L-14} keeps its
     * old meaning, the {@code -quickgelu} config.
     */
    public static ModelConfig builtinForProject(String name, int projectFormatVersion) throws RftException {
        return builtin(projectBuiltinName(name, projectFormatVersion));
    }

    /** The open_clip name a project file's built-in name stands for (see {@link #builtinForProject}). */
    public static String projectBuiltinName(String name, int projectFormatVersion) {
        boolean legacy = projectFormatVersion < OPEN_CLIP_BUILTIN_NAMES_SINCE
                && java.util.List.of("ViT-B-32", "ViT-B-16", "ViT-L-14").contains(name);
        return legacy ? name + "-quickgelu" : name;
    }

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

    /**
     * Reads and validates a config file: an open_clip model config, or a Hugging Face transformers {@code config.json}
     * recognised by its {@code model_type} ({@code clip} or {@code clip_vision_model}, see {@link #fromHuggingFace}).
     */
    public static ModelConfig read(Path file) throws RftException {
        try (InputStream in = Files.newInputStream(file)) {
            com.fasterxml.jackson.databind.JsonNode root = MAPPER.readTree(in);
            String modelType = root == null || !root.hasNonNull("model_type") ? null : root.get("model_type").asText();
            if (modelType != null && (modelType.equals("clip") || modelType.equals("clip_vision_model"))) {
                return fromHuggingFace(root, file.toString()).validated(file.toString());
            }
            if (root == null || !root.isObject()) {
                throw new RftException(RftException.at(file, "not a valid model config: not a JSON object"));
            }
            return MAPPER.treeToValue(root, ModelConfig.class).validated(file.toString());
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

    /**
     * The image tower of a Hugging Face {@code CLIPConfig} ({@code model_type} "clip": {@code projection_dim} plus a
     * {@code vision_config}) or {@code CLIPVisionConfig} ("clip_vision_model": the vision fields at top level).
     * Fields a config leaves out take transformers' defaults (ViT-B/32: hidden_size 768, intermediate_size 3072,
     * 12 layers, 12 heads, patch 32, image 224, quick_gelu, layer_norm_eps 1e-5, projection_dim 512).
     *
     * @throws RftException an activation other than quick_gelu / gelu, or a LayerNorm eps other than 1e-5
     */
    static ModelConfig fromHuggingFace(com.fasterxml.jackson.databind.JsonNode root, String source)
            throws RftException {
        boolean full = root.get("model_type").asText().equals("clip");
        com.fasterxml.jackson.databind.JsonNode v = full ? root.path("vision_config") : root;
        int width = v.path("hidden_size").asInt(768);
        int intermediate = v.path("intermediate_size").asInt(3072);
        int heads = v.path("num_attention_heads").asInt(12);
        int layers = v.path("num_hidden_layers").asInt(12);
        int patch = v.path("patch_size").asInt(32);
        int image = v.path("image_size").asInt(224);
        String act = v.path("hidden_act").asText("quick_gelu");
        double eps = v.path("layer_norm_eps").asDouble(1e-5);
        int projection = (full ? root : v).path("projection_dim").asInt(512);
        if (!act.equals("quick_gelu") && !act.equals("gelu")) {
            throw new RftException(source + ": Hugging Face CLIP config: hidden_act '" + act
                    + "' is not supported (quick_gelu or gelu)");
        }
        if (Math.abs(eps - 1e-5) > 1e-12) {
            throw new RftException(source + ": Hugging Face CLIP config: layer_norm_eps " + eps
                    + " is not supported (the model uses 1e-5)");
        }
        if (heads <= 0 || width % heads != 0) {
            throw new RftException(source + ": Hugging Face CLIP config: hidden_size " + width
                    + " is not a multiple of num_attention_heads " + heads);
        }
        return new ModelConfig(projection, act.equals("quick_gelu"),
                new Vision(image, layers, width, patch, width / heads, (double) intermediate / width));
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
