package org.rftworkbench.core.project;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.rftworkbench.core.data.PreprocessConfig;
import org.rftworkbench.core.interpolate.AlphaOverrides;

/**
 * A workbench project: which architecture, which two endpoints, which datasets, how images are preprocessed and
 * which alphas to study. Stored as JSON with paths relative to the project file's folder (see {@link ProjectStore}).
 * Immutable.
 *
 * @param formatVersion file format version; files newer than {@link #FORMAT_VERSION} are refused
 * @param name          short name shown in titles
 * @param description   free text
 * @param model         the architecture
 * @param endpointA     alpha = 0 ("zero-shot")
 * @param endpointB     alpha = 1 ("fine-tuned")
 * @param classes       head class names in logit order, inline
 * @param classesFile   or a text file with one class name per line (relative path)
 * @param preprocess    image preprocessing shared by all datasets
 * @param datasets      evaluation and sharpness datasets
 * @param alphaGrid     default alphas
 * @param layerAlphas   optional per-layer alpha overrides (regex -> alpha)
 * @param batchSize     evaluation batch size (null = default)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProjectSpec(
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("model") ModelSpec model,
        @JsonProperty("endpointA") Endpoint endpointA,
        @JsonProperty("endpointB") Endpoint endpointB,
        @JsonProperty("classes") List<String> classes,
        @JsonProperty("classesFile") String classesFile,
        @JsonProperty("preprocess") PreprocessConfig preprocess,
        @JsonProperty("datasets") List<DatasetEntry> datasets,
        @JsonProperty("alphaGrid") AlphaGrid alphaGrid,
        @JsonProperty("layerAlphas") List<AlphaOverrides.Rule> layerAlphas,
        @JsonProperty("batchSize") Integer batchSize) {

    /** The newest format this version reads and writes. */
    /** 2: built-in model names are open_clip's ({@code ViT-B-32} = GELU); see ModelConfig#builtinForProject. */
    public static final int FORMAT_VERSION = 2;
    public static final int DEFAULT_BATCH_SIZE = 128;

    /**
     * The architecture: exactly one of an open_clip config file, a built-in config name, or a TorchScript file.
     *
     * @param config      relative path of an open_clip-style JSON config
     * @param builtin     built-in config name, e.g. "ViT-B-32"
     * @param torchscript relative path of a TorchScript module (any architecture)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelSpec(@JsonProperty("config") String config, @JsonProperty("builtin") String builtin,
            @JsonProperty("torchscript") String torchscript) {
    }

    /**
     * One endpoint checkpoint. {@code label} is what the UI calls it ("zero-shot", "fine-tuned"); {@code head}
     * (optional) is a file holding {@code classification_head.*} for a checkpoint that has none (e.g. a Hugging Face
     * image tower); {@code nameMap} (optional) renames tensors of a layout nothing recognises.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Endpoint(@JsonProperty("label") String label, @JsonProperty("path") String path,
            @JsonProperty("head") String head,
            @JsonProperty("nameMap") List<org.rftworkbench.core.checkpoint.NameMap.Rule> nameMap) {
        public Endpoint(String label, String path) {
            this(label, path, null, null);
        }
    }

    /** What a dataset is used for. */
    public enum Role {
        @JsonProperty("id") ID,
        @JsonProperty("ood") OOD,
        /** ID training images for sharpness (not an accuracy readout). */
        @JsonProperty("sharpness") SHARPNESS
    }

    /** On-disk layout of a dataset. */
    public enum Format {
        @JsonProperty("idx") IDX,
        @JsonProperty("imagefolder") IMAGE_FOLDER,
        /** NumPy arrays: images N x H x W x 3 (or N x H x W) uint8, labels N integers (CIFAR-10.1/10.2). */
        @JsonProperty("npy") NPY
    }

    /**
     * One dataset.
     *
     * @param name    unique name, e.g. "id_clean", "sketch"
     * @param role    id, ood or sharpness
     * @param format  idx or imagefolder
     * @param images  IDX images file (idx) or the root folder (imagefolder), relative
     * @param labels  IDX labels file (idx only), relative
     * @param classes the dataset's own class names when they are a subset or reordering of the head's; null = the
     *                project classes
     * @param folderLabels imagefolder only: "name" (default: a folder is named after its class) or "index" (ImageNetV2:
     *                folder {@code k} holds head class k)
     * @param labelMap imagefolder only: folder name -> head class (name or index), inline object or a relative JSON
     *                file; with protocol "objectnet" a value may list several head classes
     * @param protocol imagefolder only: null, or "objectnet" (mapped folders are the classes, logit = max over the
     *                folder's head classes, 2-pixel border crop)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DatasetEntry(@JsonProperty("name") String name, @JsonProperty("role") Role role,
            @JsonProperty("format") Format format, @JsonProperty("images") String images,
            @JsonProperty("labels") String labels, @JsonProperty("classes") List<String> classes,
            @JsonProperty("folderLabels") String folderLabels, @JsonProperty("labelMap") JsonNode labelMap,
            @JsonProperty("protocol") String protocol) {

        @JsonCreator
        public DatasetEntry {
        }

        /** A dataset with the default folder labelling and no protocol. */
        public DatasetEntry(String name, Role role, Format format, String images, String labels,
                List<String> classes) {
            this(name, role, format, images, labels, classes, null, null, null);
        }
    }

    /**
     * Alphas start, start+step, ..., stop (inclusive, to within 1e-9), or an explicit list.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AlphaGrid(@JsonProperty("start") Double start, @JsonProperty("stop") Double stop,
            @JsonProperty("step") Double step, @JsonProperty("values") List<Double> values) {
    }

    public int effectiveBatchSize() {
        return batchSize == null ? DEFAULT_BATCH_SIZE : batchSize;
    }
}
