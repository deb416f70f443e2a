package org.rftworkbench.core.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.checkpoint.SafetensorsWriter;
import org.rftworkbench.core.data.PreprocessConfig;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.util.AtomicFiles;
import org.rftworkbench.core.util.Progress;

/**
 * Writes a rehearsal project: the shape of a real ImageNet WiSE-FT study (the template
 * sample-projects/real-vit-b-32-template) with random weights and generated photos, so that preparation, cache size,
 * evaluation speed, slider latency and memory can be measured at real scale on a machine that has neither the
 * weights nor the data. Accuracy is chance and means nothing.
 *
 * <p>Layout (paths relative to the folder): {@code checkpoints/zeroshot.safetensors} (A) and
 * {@code checkpoints/finetuned.safetensors} (B = A + a seeded perturbation), both with a {@code classes}-row
 * {@code classification_head.*} ({@link RandomOpenClipWeights}); {@code classes.txt} (WordNet-id-like names, sorted);
 * {@code val/<class>/ILSVRC2012_val_NNNNNNNN.JPEG}, the ID ImageFolder, image i in class i mod classes;
 * {@code subset/<class>/subset_NNNNNNNN.jpg}, the OOD ImageFolder over a seeded choice of {@code subsetClasses}
 * classes (ImageNet-R style: its folders are a subset of classes.txt, so evaluation restricts the logits to them);
 * {@code model/config.json} only for a non-built-in model; and {@code project.json}, written last, so a folder with
 * a project.json is complete. A class that gets no image (fewer images than classes) has no folder.
 *
 * <p>Every byte is a function of the settings (same seed, same files). Stateless; one call writes one folder.
 */
public final class RehearsalProjectWriter {
    public static final String ID_SET = "val";
    public static final String OOD_SET = "subset";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Photo indices of the subset start here, so its images differ from val's. */
    private static final long SUBSET_PHOTO_OFFSET = 1L << 32;

    private RehearsalProjectWriter() {
    }

    /**
     * What to generate.
     *
     * @param classes       head classes (ImageNet: 1000), at most 10,000
     * @param images        images in val/
     * @param subsetClasses classes of the subset folder, 1..classes
     * @param subsetImages  images in subset/
     * @param seed          seed of weights, class choice and photos
     * @param builtinModel  a built-in config name written into project.json (e.g. "ViT-B-32-quickgelu"), or null to
     *                      write {@code model} to model/config.json
     * @param model         the architecture (the built-in's config when builtinModel is set)
     * @param perturbation  B - A in units of each tensor's initialisation standard deviation
     * @param batchSize     the project's evaluation batch size
     * @param alphas        the project's alpha grid
     */
    public record Settings(int classes, int images, int subsetClasses, int subsetImages, long seed,
            String builtinModel, ModelConfig model, float perturbation, int batchSize, List<Double> alphas) {
        public static final int MAX_CLASSES = 10_000;

        public Settings {
            alphas = List.copyOf(alphas);
            check(classes >= 1 && classes <= MAX_CLASSES, "classes must be 1.." + MAX_CLASSES + ", got " + classes);
            check(images >= 1, "images must be at least 1, got " + images);
            check(subsetClasses >= 1 && subsetClasses <= classes,
                    "subset classes must be 1.." + classes + " (the classes), got " + subsetClasses);
            check(subsetImages >= 1, "subset images must be at least 1, got " + subsetImages);
            check(batchSize >= 1, "batch size must be at least 1, got " + batchSize);
            check(!alphas.isEmpty(), "at least one alpha is needed");
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    /** What was written. */
    public record Report(Path projectFile, long parameters, long checkpointBytes, long imageBytes, int valImages,
            int subsetImages) {
    }

    /**
     * Writes the project into {@code dir}, which must be absent or empty.
     *
     * @param log      receives one line per step (for the console)
     * @param progress "write val" / "write subset" updates per image; cancellation is honoured between images
     * @throws RftException {@code dir} is not empty, or a file could not be written (one line naming it)
     */
    public static Report write(Path dir, Settings s, Consumer<String> log, Progress progress) throws RftException {
        try {
            if (Files.exists(dir)) {
                if (!Files.isDirectory(dir)) {
                    throw new RftException(RftException.at(dir, "not a folder"));
                }
                try (Stream<Path> entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new RftException(RftException.at(dir,
                                "folder is not empty; the rehearsal project is written into a new or empty folder"));
                    }
                }
            }
            Files.createDirectories(dir.resolve("checkpoints"));
            List<String> classes = classNames(s.classes());
            AtomicFiles.write(dir.resolve("classes.txt"),
                    (String.join("\n", classes) + "\n").getBytes(StandardCharsets.UTF_8), false);

            RandomOpenClipWeights weights = new RandomOpenClipWeights(s.model(), s.classes(), s.seed(),
                    s.perturbation());
            log.accept(String.format(Locale.ROOT, "writing endpoints A and B: %,d parameters each, %s",
                    weights.parameterCount(), s.builtinModel() != null ? s.builtinModel() : "model/config.json"));
            Map<String, String> meta = Map.of("rft.rehearsal", "random weights, seed " + s.seed());
            SafetensorsWriter.write(dir.resolve("checkpoints/zeroshot.safetensors"), weights.endpointA(), meta);
            SafetensorsWriter.write(dir.resolve("checkpoints/finetuned.safetensors"), weights.endpointB(), meta);
            long checkpointBytes = Files.size(dir.resolve("checkpoints/zeroshot.safetensors"))
                    + Files.size(dir.resolve("checkpoints/finetuned.safetensors"));
            if (s.builtinModel() == null) {
                Files.createDirectories(dir.resolve("model"));
                AtomicFiles.write(dir.resolve("model/config.json"), MAPPER.writeValueAsBytes(modelJson(s.model())),
                        false);
            }

            log.accept(String.format(Locale.ROOT, "writing %,d photos into %s/ (%d classes) and %,d into %s/ "
                    + "(%d classes)", s.images(), ID_SET, s.classes(), s.subsetImages(), OOD_SET, s.subsetClasses()));
            long imageBytes = 0;
            for (int i = 0; i < s.images(); i++) {
                progress.checkCancelled();
                Path file = dir.resolve(ID_SET).resolve(classes.get(i % s.classes()))
                        .resolve(String.format(Locale.ROOT, "ILSVRC2012_val_%08d.JPEG", i + 1));
                imageBytes += writePhoto(file, SyntheticPhotos.jpeg(s.seed(), i));
                progress.update("write " + ID_SET, i + 1, s.images());
            }
            List<String> subset = subsetClasses(classes, s.subsetClasses(), s.seed());
            for (int j = 0; j < s.subsetImages(); j++) {
                progress.checkCancelled();
                Path file = dir.resolve(OOD_SET).resolve(subset.get(j % subset.size()))
                        .resolve(String.format(Locale.ROOT, "subset_%08d.jpg", j + 1));
                imageBytes += writePhoto(file, SyntheticPhotos.jpeg(s.seed(), SUBSET_PHOTO_OFFSET + j));
                progress.update("write " + OOD_SET, j + 1, s.subsetImages());
            }

            Path project = dir.resolve("project.json");
            AtomicFiles.write(project, MAPPER.writeValueAsBytes(projectJson(s)), false);
            return new Report(project, weights.parameterCount(), checkpointBytes, imageBytes, s.images(),
                    s.subsetImages());
        } catch (IOException e) {
            throw new RftException(RftException.at(dir, "cannot write the rehearsal project: " + e.getMessage()), e);
        }
    }

    /** {@code count} sorted, distinct WordNet-id-like names ("n01440764" ...). */
    public static List<String> classNames(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(String.format(Locale.ROOT, "n%08d", 1_440_764 + 97 * i));
        }
        return names;
    }

    /** A seeded choice of {@code count} of {@code classes}, in sorted order. */
    static List<String> subsetClasses(List<String> classes, int count, long seed) {
        int[] order = new int[classes.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        RandomOpenClipWeights.SplitMix64 random = new RandomOpenClipWeights.SplitMix64(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < count; i++) {
            int j = i + (int) Long.remainderUnsigned(random.nextLong(), order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] chosen = java.util.Arrays.copyOf(order, count);
        java.util.Arrays.sort(chosen);
        List<String> names = new ArrayList<>(count);
        for (int k : chosen) {
            names.add(classes.get(k));
        }
        return names;
    }

    private static long writePhoto(Path file, byte[] jpeg) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, jpeg);
        return jpeg.length;
    }

    private static ObjectNode projectJson(Settings s) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", ProjectSpec.FORMAT_VERSION);
        root.put("name", "rehearsal-" + (s.builtinModel() != null ? s.builtinModel() : "custom"));
        root.put("description", String.format(Locale.ROOT, "Real-scale rehearsal (make-rehearsal, seed %d): random "
                + "weights, %d classes, %d generated photos in %s/ (ID) and %d in %s/ over %d classes (OOD). "
                + "Accuracy is chance; only costs are meaningful.", s.seed(), s.classes(), s.images(), ID_SET,
                s.subsetImages(), OOD_SET, s.subsetClasses()));
        ObjectNode model = root.putObject("model");
        if (s.builtinModel() != null) {
            model.put("builtin", s.builtinModel());
        } else {
            model.put("config", "model/config.json");
        }
        endpoint(root.putObject("endpointA"), "zero-shot (random)", "checkpoints/zeroshot.safetensors");
        endpoint(root.putObject("endpointB"), "fine-tuned (random)", "checkpoints/finetuned.safetensors");
        root.put("classesFile", "classes.txt");
        PreprocessConfig p = PreprocessConfig.clip(s.model().vision().imageSize());
        ObjectNode pre = root.putObject("preprocess");
        pre.put("imageSize", p.imageSize());
        pre.put("resizeShortestSide", p.resizeShortestSide());
        pre.put("interpolation", p.interpolation().name());
        pre.put("centerCrop", p.centerCrop());
        ArrayNode mean = pre.putArray("mean");
        for (double v : p.mean()) {
            mean.add(v);
        }
        ArrayNode std = pre.putArray("std");
        for (double v : p.std()) {
            std.add(v);
        }
        ArrayNode datasets = root.putArray("datasets");
        dataset(datasets.addObject(), ID_SET, "id");
        dataset(datasets.addObject(), OOD_SET, "ood");
        ArrayNode values = root.putObject("alphaGrid").putArray("values");
        s.alphas().forEach(values::add);
        root.put("batchSize", s.batchSize());
        return root;
    }

    private static void endpoint(ObjectNode node, String label, String path) {
        node.put("label", label);
        node.put("path", path);
    }

    private static void dataset(ObjectNode node, String name, String role) {
        node.put("name", name);
        node.put("role", role);
        node.put("format", "imagefolder");
        node.put("images", name);
    }

    private static ObjectNode modelJson(ModelConfig m) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("embed_dim", m.embedDim());
        root.put("quick_gelu", m.quickGelu());
        ObjectNode vision = root.putObject("vision_cfg");
        vision.put("image_size", m.vision().imageSize());
        vision.put("layers", m.vision().layers());
        vision.put("width", m.vision().width());
        vision.put("patch_size", m.vision().patchSize());
        vision.put("head_width", m.vision().effectiveHeadWidth());
        vision.put("mlp_ratio", m.vision().mlpWidth() / (double) m.vision().width());
        return root;
    }
}
