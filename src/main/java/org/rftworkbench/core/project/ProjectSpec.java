package org.rftworkbench.core.project;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.data.PreprocessConfig;
import org.rftworkbench.core.interpolate.AlphaOverrides;

/**
 * A workbench project: which architecture, one zero-shot endpoint A and a list of fine-tuned runs (each a candidate
 * endpoint B), which datasets, how images are preprocessed and which alphas to study. Stored as JSON with paths
 * relative to the project file's folder (see {@link ProjectStore}). Immutable.
 *
 * <p>Every pair-wise view and command works on "the selected pair": A and {@link #endpointB()}, the selected run
 * ({@link #selectedRun}, default the first). A format-1 or format-2 file names one {@code endpointB}; it is read as a
 * single run ({@link ProjectStore#load}) and written as format 3 only when saved.
 *
 * @param formatVersion file format version; files newer than {@link #FORMAT_VERSION} are refused
 * @param name          short name shown in titles
 * @param description   free text
 * @param model         the architecture
 * @param endpointA     alpha = 0 ("zero-shot")
 * @param runs          the fine-tuned endpoints (alpha = 1), in the file's order; at least one
 * @param selectedRun   label of the run that is endpoint B of the selected pair (null = the first run)
 * @param classes       head class names in logit order, inline
 * @param classesFile   or a text file with one class name per line (relative path)
 * @param preprocess    image preprocessing shared by all datasets
 * @param datasets      evaluation and sharpness datasets
 * @param alphaGrid     default alphas
 * @param layerAlphas   optional per-layer alpha overrides (regex -> alpha)
 * @param batchSize     evaluation batch size (null = default)
 * @param validationSplit the seeded, stratified validation/test split of the datasets that per-layer mixing
 *                      searches tune on (null = none recorded: such searches refuse to run)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProjectSpec(
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("model") ModelSpec model,
        @JsonProperty("endpointA") Endpoint endpointA,
        @JsonProperty("runs") List<Run> runs,
        @JsonProperty("selectedRun") String selectedRun,
        @JsonProperty("classes") List<String> classes,
        @JsonProperty("classesFile") String classesFile,
        @JsonProperty("preprocess") PreprocessConfig preprocess,
        @JsonProperty("datasets") List<DatasetEntry> datasets,
        @JsonProperty("alphaGrid") AlphaGrid alphaGrid,
        @JsonProperty("layerAlphas") List<AlphaOverrides.Rule> layerAlphas,
        @JsonProperty("batchSize") Integer batchSize,
        @JsonProperty("validationSplit") ValidationSplit validationSplit) {

    /**
     * The newest format this version reads and writes. 2: built-in model names are open_clip's ({@code ViT-B-32} =
     * GELU); see ModelConfig#builtinForProject. 3: a list of fine-tuned {@code runs} with metadata instead of one
     * {@code endpointB}.
     */
    public static final int FORMAT_VERSION = 3;
    /** The first format with {@code runs}; older files name one {@code endpointB}. */
    public static final int RUNS_SINCE = 3;
    public static final int DEFAULT_BATCH_SIZE = 128;

    @JsonCreator
    public ProjectSpec {
        runs = runs == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(runs));
    }

    /** A project without a recorded validation split. */
    public ProjectSpec(int formatVersion, String name, String description, ModelSpec model, Endpoint endpointA,
            List<Run> runs, String selectedRun, List<String> classes, String classesFile, PreprocessConfig preprocess,
            List<DatasetEntry> datasets, AlphaGrid alphaGrid, List<AlphaOverrides.Rule> layerAlphas,
            Integer batchSize) {
        this(formatVersion, name, description, model, endpointA, runs, selectedRun, classes, classesFile, preprocess,
                datasets, alphaGrid, layerAlphas, batchSize, null);
    }

    /** This project with {@code split} recorded (null removes it). */
    public ProjectSpec withValidationSplit(ValidationSplit split) {
        return new ProjectSpec(formatVersion, name, description, model, endpointA, runs, selectedRun, classes,
                classesFile, preprocess, datasets, alphaGrid, layerAlphas, batchSize, split);
    }

    /** A single-pair project: {@code endpointB} is its one run. */
    public ProjectSpec(int formatVersion, String name, String description, ModelSpec model, Endpoint endpointA,
            Endpoint endpointB, List<String> classes, String classesFile, PreprocessConfig preprocess,
            List<DatasetEntry> datasets, AlphaGrid alphaGrid, List<AlphaOverrides.Rule> layerAlphas,
            Integer batchSize) {
        this(formatVersion, name, description, model, endpointA, endpointB == null ? null : List.of(Run.of(endpointB)),
                null, classes, classesFile, preprocess, datasets, alphaGrid, layerAlphas, batchSize);
    }

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

    /**
     * One fine-tuned run: a candidate endpoint B of the pair with A. {@code label} names it (unique in the project;
     * it may be left out only when the project has a single run, as format-1/2 files may), {@code path},
     * {@code head} and {@code nameMap} are as for an {@link Endpoint}, and {@code metadata} holds free-form facts
     * about how it was made (learning rate, epochs, augmentation, ...): key -> string, number or boolean, in the
     * file's order (null = none).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Run(@JsonProperty("label") String label, @JsonProperty("path") String path,
            @JsonProperty("head") String head,
            @JsonProperty("nameMap") List<org.rftworkbench.core.checkpoint.NameMap.Rule> nameMap,
            @JsonProperty("metadata") Map<String, Object> metadata) {

        @JsonCreator
        public Run {
            metadata = metadata == null ? null
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
        }

        /** A run with no head file, name map or metadata. */
        public Run(String label, String path, Map<String, Object> metadata) {
            this(label, path, null, null, metadata);
        }

        /** The run made of a format-1/2 {@code endpointB}. */
        public static Run of(Endpoint endpoint) {
            return new Run(endpoint.label(), endpoint.path(), endpoint.head(), endpoint.nameMap(), null);
        }

        /** This run as the pair's endpoint B (its label is the endpoint's label). */
        public Endpoint endpoint() {
            return new Endpoint(label, path, head, nameMap);
        }
    }

    /** What a dataset is used for. */
    public enum Role {
        @JsonProperty("id") ID,
        @JsonProperty("ood") OOD,
        /** ID training images for sharpness (not an accuracy readout). */
        @JsonProperty("sharpness") SHARPNESS,
        /**
         * Held-out ID images that select among runs (the greedy soup's held-out set); not an accuracy readout, so
         * the evaluation sets stay untouched by the selection.
         */
        @JsonProperty("heldout") HELDOUT;

        /** True for the datasets whose accuracy the sweeps, charts and readouts show by default: ID and OOD. */
        public boolean readout() {
            return this == ID || this == OOD;
        }
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

    /** The selected run: the one labelled {@link #selectedRun}, else the first; null when there is none. */
    @JsonIgnore
    public Run selected() {
        if (runs == null || runs.isEmpty()) {
            return null;
        }
        if (selectedRun == null) {
            return runs.get(0);
        }
        return runs.stream().filter(r -> r != null && selectedRun.equals(r.label())).findFirst().orElse(null);
    }

    /**
     * Endpoint B of the selected pair: the selected run as an endpoint. What every single-pair view and command
     * interpolates towards; null only for an unvalidated spec without runs.
     */
    @JsonIgnore
    public Endpoint endpointB() {
        Run run = selected();
        return run == null ? null : run.endpoint();
    }

    /** The run labelled {@code label}, if any. */
    public java.util.Optional<Run> run(String label) {
        return runs == null ? java.util.Optional.empty()
                : runs.stream().filter(r -> r != null && label.equals(r.label())).findFirst();
    }

    /** The run labels in order ("(no label)" for the unlabelled run of a single-run project). */
    @JsonIgnore
    public List<String> runLabels() {
        return runs == null ? List.of() : runs.stream()
                .map(r -> r == null || r.label() == null ? "(no label)" : r.label()).toList();
    }

    /**
     * This project with {@code label}'s run selected; null keeps the current selection.
     *
     * @throws IllegalArgumentException when no run has that label; the message lists the labels
     */
    public ProjectSpec withSelectedRun(String label) {
        if (label == null) {
            return this;
        }
        if (run(label).isEmpty()) {
            throw new IllegalArgumentException("no run labelled '" + label + "' (runs: "
                    + String.join(", ", runLabels()) + ")");
        }
        return new ProjectSpec(formatVersion, name, description, model, endpointA, runs, label, classes,
                classesFile, preprocess, datasets, alphaGrid, layerAlphas, batchSize, validationSplit);
    }

    /**
     * This project as the current format writes it: {@link #FORMAT_VERSION}, with a built-in model name that meant
     * QuickGELU in the older format spelled as such ({@code ViT-B-32} of format 1 becomes
     * {@code ViT-B-32-quickgelu}), so the saved file means the same architecture.
     */
    public ProjectSpec upgraded() {
        if (formatVersion == FORMAT_VERSION) {
            return this;
        }
        ModelSpec m = model == null || model.builtin() == null ? model : new ModelSpec(model.config(),
                org.rftworkbench.core.model.ModelConfig.projectBuiltinName(model.builtin(), formatVersion),
                model.torchscript());
        return new ProjectSpec(FORMAT_VERSION, name, description, m, endpointA, runs, selectedRun, classes,
                classesFile, preprocess, datasets, alphaGrid, layerAlphas, batchSize, validationSplit);
    }
}
