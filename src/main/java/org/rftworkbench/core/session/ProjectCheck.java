package org.rftworkbench.core.session;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.checkpoint.Checkpoint;
import org.rftworkbench.core.checkpoint.CheckpointLayouts;
import org.rftworkbench.core.checkpoint.CheckpointTensor;
import org.rftworkbench.core.data.ImageSource;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.model.OpenClipClassifier;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;

/**
 * Checks a project before any long job and estimates the cost of a sweep. It reads checkpoint headers (tensor
 * names and shapes, no weights), lists image folders and reads IDX files whole (they are small by nature), but
 * decodes no image and builds no model. Used by the new-project wizard and when a project is opened. Stateless;
 * {@link #run} may take seconds on large folders: call it off the UI thread.
 *
 * @param problems      one line each, naming the file and the problem; empty = the project can be opened
 * @param facts         what was found (tensor counts, dataset sizes, ...), one line each
 * @param parameters    parameters of endpoint A (0 when unreadable)
 * @param imagesPerSweep image forward passes of one sweep over the project's alpha grid (ID + OOD datasets)
 * @param gflopsPerSweep approximate multiply-adds x 2 of that sweep, in GFLOP (ViT configs only; 0 otherwise)
 */
public record ProjectCheck(List<String> problems, List<String> facts, long parameters, long imagesPerSweep,
        double gflopsPerSweep) {
    public ProjectCheck {
        problems = List.copyOf(problems);
        facts = List.copyOf(facts);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** Checks {@code project} as if it were stored at {@code project.file()} (the file itself need not exist). */
    public static ProjectCheck run(LoadedProject project) {
        List<String> problems = new ArrayList<>();
        List<String> facts = new ArrayList<>();
        ProjectSpec p = project.spec();
        List<String> classes = List.of();
        try {
            classes = project.classNames();
            if (classes.isEmpty()) {
                problems.add(project.file() + ": the project names no classes");
            } else {
                facts.add(classes.size() + " classes");
            }
        } catch (RftException e) {
            problems.add(e.getMessage());
        }
        ModelConfig config = modelConfig(project, problems);
        Map<String, long[]> shapesA = checkpoint(project, p.endpointA(), "A", problems, facts);
        long parameters = shapesA == null ? 0 : shapesA.values().stream().mapToLong(ProjectCheck::numel).sum();
        if (shapesA != null && p.model() != null && p.model().torchscript() == null) {
            // as the sweep: only the image tower and head are loaded (a text tower in one file is skipped)
            shapesA.keySet().removeIf(n -> !OpenClipClassifier.isImageClassifierTensor(n));
        }
        // every run is checked, not only the selected one: any of them may become the pair's B
        List<ProjectSpec.Run> runs = p.runs() == null ? java.util.Collections.singletonList(null) : p.runs();
        for (ProjectSpec.Run run : runs) {
            ProjectSpec.Endpoint endpoint = run == null ? null : run.endpoint();
            Map<String, long[]> shapesB = checkpoint(project, endpoint, runs.size() == 1 ? "B" : "run", problems,
                    facts);
            if (shapesA != null && shapesB != null) {
                if (p.model() != null && p.model().torchscript() == null) {
                    shapesB.keySet().removeIf(n -> !OpenClipClassifier.isImageClassifierTensor(n));
                }
                compareEndpoints(project, endpoint, shapesA, shapesB, problems);
            }
        }
        if (config != null && shapesA != null && !classes.isEmpty()) {
            compareWithConfig(project, config, classes.size(), shapesA, problems);
        }
        if (config != null) {
            activationWarnings(project, config, facts);
        }
        long accuracyImages = datasets(project, classes, problems, facts);
        int alphas = 0;
        try {
            alphas = AlphaGrids.of(p.alphaGrid()).size();
        } catch (RftException e) {
            problems.add(project.file() + ": " + e.getMessage());
        }
        long images = accuracyImages * alphas;
        double gflops = config == null ? 0 : images * flopsPerImage(config, parameters) / 1e9;
        return new ProjectCheck(problems, facts, parameters, images, gflops);
    }

    /** One line for the wizard: "11 alphas x 8,600 images = 94,600 image forwards (~1,234 GFLOP)". */
    public String estimateLine(int alphas) {
        String line = String.format(Locale.ROOT, "one sweep = %,d image forwards", imagesPerSweep);
        if (gflopsPerSweep > 0) {
            line += String.format(Locale.ROOT, " (about %,.0f GFLOP)", gflopsPerSweep);
        }
        return alphas > 0 ? alphas + " alphas: " + line : line;
    }

    private static ModelConfig modelConfig(LoadedProject project, List<String> problems) {
        ProjectSpec.ModelSpec spec = project.spec().model();
        if (spec == null) {
            problems.add(project.file() + ": no model (config, builtin or torchscript)");
            return null;
        }
        try {
            if (spec.config() != null) {
                return ModelConfig.read(project.resolve(spec.config()));
            }
            if (spec.builtin() != null) {
                return ModelConfig.builtinForProject(spec.builtin(), project.spec().formatVersion());
            }
            if (spec.torchscript() != null && !Files.isRegularFile(project.resolve(spec.torchscript()))) {
                problems.add(project.resolve(spec.torchscript()) + ": TorchScript file not found");
            }
        } catch (RftException e) {
            problems.add(e.getMessage());
        }
        return null;
    }

    private static Map<String, long[]> checkpoint(LoadedProject project, ProjectSpec.Endpoint endpoint, String label,
            List<String> problems, List<String> facts) {
        if (endpoint == null || endpoint.path() == null) {
            problems.add(project.file() + ": endpoint " + label + " names no checkpoint");
            return null;
        }
        java.nio.file.Path file = project.resolve(endpoint.path());
        try (Checkpoint c = CheckpointLayouts.open(file, endpoint.nameMap() == null ? null
                : org.rftworkbench.core.checkpoint.NameMap.of(endpoint.nameMap(), project.file()))) {
            Map<String, long[]> shapes = new java.util.LinkedHashMap<>();
            for (CheckpointTensor t : c.tensors()) {
                shapes.put(t.name(), t.shape().clone());
            }
            String layout = c.metadata().get(CheckpointLayouts.LAYOUT_KEY);
            if (endpoint.head() != null) {
                java.nio.file.Path headFile = project.resolve(endpoint.head());
                try (Checkpoint h = CheckpointLayouts.open(headFile)) {
                    if (shapes.keySet().stream().anyMatch(n -> n.startsWith("classification_head."))) {
                        problems.add(file + ": already holds a classification head; remove the endpoint's separate"
                                + " head file " + headFile + " or use a checkpoint without one");
                    }
                    int before = shapes.size();
                    h.tensors().stream().filter(t -> t.name().startsWith("classification_head."))
                            .forEach(t -> shapes.put(t.name(), t.shape().clone()));
                    if (shapes.size() == before) {
                        problems.add(headFile + ": head file has no classification_head.* tensors");
                    }
                }
            }
            facts.add(String.format(Locale.ROOT, "%s (%s): %s, %d tensors, %,d parameters", label,
                    endpoint.label() == null ? "" : endpoint.label(), c.format(), shapes.size(),
                    shapes.values().stream().mapToLong(ProjectCheck::numel).sum())
                    + (layout == null ? "" : ", " + layout + " layout ("
                    + c.metadata().get(CheckpointLayouts.MAPPED_KEY) + " tensors mapped to open_clip names)")
                    + (endpoint.head() == null ? "" : ", head from " + endpoint.head()));
            return shapes;
        } catch (RftException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /**
     * Where an endpoint's origin says which activation its weights were trained with, and the model config chose the
     * other one, a "warning:" fact: OpenAI's TorchScript archives are QuickGELU; a Hugging Face checkpoint's
     * {@code config.json} beside it names its {@code hidden_act}.
     */
    static void activationWarnings(LoadedProject project, ModelConfig config, List<String> facts) {
        String chosen = config.quickGelu() ? "QuickGELU" : "GELU";
        List<ProjectSpec.Endpoint> endpoints = new ArrayList<>();
        endpoints.add(project.spec().endpointA());
        if (project.spec().runs() != null) {
            project.spec().runs().forEach(r -> endpoints.add(r == null ? null : r.endpoint()));
        }
        for (ProjectSpec.Endpoint endpoint : endpoints) {
            if (endpoint == null || endpoint.path() == null) {
                continue;
            }
            java.nio.file.Path file = project.resolve(endpoint.path());
            String origin = null;
            boolean quick = true;
            try (Checkpoint c = CheckpointLayouts.open(file)) {
                String layout = c.metadata().get(CheckpointLayouts.LAYOUT_KEY);
                java.nio.file.Path hfConfig = file.toAbsolutePath().getParent().resolve("config.json");
                if (c.format() == org.rftworkbench.core.checkpoint.CheckpointFormat.TORCHSCRIPT
                        && c.tensors().stream().anyMatch(t -> t.name().startsWith("visual."))) {
                    origin = "a TorchScript CLIP archive (OpenAI's, trained with QuickGELU)";
                } else if (CheckpointLayouts.Layout.HUGGING_FACE.label().equals(layout)
                        && Files.isRegularFile(hfConfig)) {
                    ModelConfig hf = ModelConfig.read(hfConfig);
                    quick = hf.quickGelu();
                    origin = "a Hugging Face checkpoint whose " + hfConfig.getFileName() + " says hidden_act "
                            + (quick ? "quick_gelu" : "gelu");
                }
            } catch (RftException | RuntimeException e) {
                continue; // reported by the checkpoint checks
            }
            if (origin != null && quick != config.quickGelu()) {
                facts.add("warning: " + file + " is " + origin + " but the model config uses " + chosen
                        + (quick ? "; use a -quickgelu config" : "; use a config with GELU"));
            }
        }
    }

    private static void compareEndpoints(LoadedProject project, ProjectSpec.Endpoint endpointB,
            Map<String, long[]> a, Map<String, long[]> b, List<String> problems) {
        List<String> issues = new ArrayList<>();
        for (Map.Entry<String, long[]> e : a.entrySet()) {
            long[] other = b.get(e.getKey());
            if (other == null) {
                issues.add(e.getKey() + " missing in B");
            } else if (!java.util.Arrays.equals(other, e.getValue())) {
                issues.add(e.getKey() + " is " + java.util.Arrays.toString(e.getValue()) + " in A but "
                        + java.util.Arrays.toString(other) + " in B");
            }
        }
        b.keySet().stream().filter(n -> !a.containsKey(n)).forEach(n -> issues.add(n + " missing in A"));
        if (!issues.isEmpty()) {
            problems.add(project.resolve(endpointB.path())
                    + ": the endpoints cannot be interpolated (" + summarise(issues) + ")");
        }
    }

    private static void compareWithConfig(LoadedProject project, ModelConfig config, int classes,
            Map<String, long[]> shapes, List<String> problems) {
        boolean headBias = shapes.containsKey("classification_head.bias");
        List<String> issues = new ArrayList<>();
        for (var e : OpenClipClassifier.expectedShapes(config, classes, headBias).entrySet()) {
            long[] found = shapes.get(e.getKey());
            if (found == null) {
                issues.add(e.getKey() + " missing");
            } else if (!java.util.Arrays.equals(found, e.getValue().getShape())) {
                issues.add(e.getKey() + " is " + java.util.Arrays.toString(found) + ", the config needs "
                        + java.util.Arrays.toString(e.getValue().getShape()));
            }
        }
        if (!issues.isEmpty()) {
            problems.add(project.resolve(project.spec().endpointA().path())
                    + ": does not match the model config (" + summarise(issues) + ")");
        }
    }

    /** Opens each dataset's headers; returns the number of ID + OOD images. */
    private static long datasets(LoadedProject project, List<String> classes, List<String> problems,
            List<String> facts) {
        List<ProjectSpec.DatasetEntry> entries = project.spec().datasets();
        if (entries == null || entries.stream().noneMatch(d -> d.role() == ProjectSpec.Role.ID)) {
            problems.add(project.file() + ": the project needs at least one dataset with role 'id'");
        }
        long images = 0;
        Map<String, Integer> names = new HashMap<>();
        for (ProjectSpec.DatasetEntry d : entries == null ? List.<ProjectSpec.DatasetEntry>of() : entries) {
            if (names.merge(d.name(), 1, Integer::sum) > 1) {
                problems.add(project.file() + ": two datasets are named '" + d.name() + "'");
            }
            try {
                ImageSource source = DatasetSources.open(project, d, classes);
                facts.add(String.format(Locale.ROOT, "dataset %s (%s): %,d images, %d classes", d.name(),
                        d.role().name().toLowerCase(Locale.ROOT), source.size(), source.classNames().size()));
                String note = DatasetSources.note(source);
                if (note != null) {
                    facts.add(note);
                }
                if (d.role().readout()) {
                    images += source.size();
                }
            } catch (RftException e) {
                problems.add(e.getMessage());
            }
        }
        return images;
    }

    /**
     * Forward FLOPs of one image through a ViT image tower: 2 x (weight parameters used per token) x tokens, plus
     * attention's 2 x 2 x tokens^2 x width per layer. An estimate for sizing jobs, not a measurement.
     */
    static double flopsPerImage(ModelConfig config, long parameters) {
        ModelConfig.Vision v = config.vision();
        long tokens = (long) v.grid() * v.grid() + 1;
        double perToken = 2.0 * parameters;
        double attention = 4.0 * tokens * tokens * v.width() * v.layers();
        return perToken * tokens + attention;
    }

    private static String summarise(List<String> issues) {
        String shown = String.join("; ", issues.subList(0, Math.min(3, issues.size())));
        return issues.size() > 3 ? shown + "; and " + (issues.size() - 3) + " more" : shown;
    }

    private static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
