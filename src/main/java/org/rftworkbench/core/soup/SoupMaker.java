package org.rftworkbench.core.soup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.core.util.Hashing;

/**
 * Makes model soups of a pool project's runs and adds them to the project as runs, so they pair with A like any
 * fine-tune. Held-out accuracies come from the compute service as exact alpha = 1 sweeps on the held-out dataset:
 * a single run's through the project itself (the same cells as {@code sweep --run}), a candidate average's through a
 * one-run project written beside the candidate in {@code workDir}; both are cached by content, so a repeated recipe
 * computes nothing. Candidate files are named by their ingredients' SHA-256, so they are written once.
 * Call from one thread.
 */
public final class SoupMaker {
    /** Metadata key that marks a run as a soup (its value: the recipe). */
    public static final String SOUP_KEY = "soup";

    private final ComputeService service;
    private final Path workDir;
    private final Consumer<JobEvent> events;

    /**
     * @param service  where held-out accuracies are evaluated
     * @param workDir  folder for candidate soups and their one-run projects (e.g. CACHE/soups)
     * @param events   the evaluations' events (progress, cache use), may be null
     */
    public SoupMaker(ComputeService service, Path workDir, Consumer<JobEvent> events) {
        this.service = service;
        this.workDir = workDir;
        this.events = events != null ? events : e -> { };
    }

    /**
     * The runs a soup is made of by default: every run that is not itself a soup.
     */
    public static List<String> ingredientRuns(LoadedProject project) {
        return project.spec().runs().stream()
                .filter(r -> r.metadata() == null || !r.metadata().containsKey(SOUP_KEY))
                .map(ProjectSpec.Run::label).toList();
    }

    /** The greedy recipe over {@code runs}, scored on {@code heldout}, with the members' average written to {@code out}. */
    public GreedySoup.Result greedy(LoadedProject project, List<String> runs, String heldout, boolean keepTies,
            Path out) throws Exception {
        requireDataset(project, heldout);
        Map<String, Path> files = files(project, runs);
        GreedySoup.Result result = GreedySoup.make(runs, ingredients -> heldoutTop1(project, files, ingredients,
                heldout), keepTies);
        write(files, result.members(), out, "greedy");
        return result;
    }

    /** The uniform soup of {@code runs} written to {@code out}. */
    public void uniform(LoadedProject project, List<String> runs, Path out) throws RftException {
        write(files(project, runs), runs, out, "uniform");
    }

    /** Held-out top-1 of one run, or of the average of several. */
    double heldoutTop1(LoadedProject project, Map<String, Path> files, List<String> ingredients, String heldout)
            throws Exception {
        if (ingredients.size() == 1) {
            return top1(new SweepRequest(project.file().toString(), List.of(1.0), null, List.of(heldout), null, false,
                    ingredients.get(0)), heldout);
        }
        Files.createDirectories(workDir);
        StringBuilder key = new StringBuilder();
        for (String label : ingredients) {
            key.append(Hashing.sha256(files.get(label))).append('\n');
        }
        String name = Hashing.sha256(key.toString()).substring(0, 24);
        Path soup = workDir.resolve("candidate-" + name + ".safetensors");
        if (!Files.isRegularFile(soup)) {
            write(files, ingredients, soup, "candidate");
        }
        Path candidateProject = workDir.resolve("candidate-" + name + ".json");
        ProjectStore.save(oneRunProject(project, soup, heldout), candidateProject);
        return top1(new SweepRequest(candidateProject.toString(), List.of(1.0), null, List.of(heldout), null, false,
                null), heldout);
    }

    private double top1(SweepRequest request, String heldout) throws Exception {
        SweepResult r;
        try {
            r = service.sweep(request, Priority.USER, null, events).result().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw (Error) e.getCause();
        } catch (CancellationException e) {
            throw e;
        }
        return r.points().get(0).datasets().get(heldout).top1();
    }

    private static void write(Map<String, Path> files, List<String> members, Path out, String recipe)
            throws RftException {
        List<Path> paths = new ArrayList<>();
        members.forEach(m -> paths.add(files.get(m)));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("rft-workbench.soup", recipe);
        metadata.put("rft-workbench.ingredients", String.join(",", members));
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new RftException(RftException.at(out, "cannot create its folder: " + e.getMessage()));
        }
        WeightAverage.write(paths, out, metadata);
    }

    /** label -> checkpoint file; every run must be one open_clip-layout file (no head file, no name map). */
    private static Map<String, Path> files(LoadedProject project, List<String> runs) throws RftException {
        if (runs.isEmpty()) {
            throw new RftException(project.file() + ": no runs to make a soup of");
        }
        Map<String, Path> files = new LinkedHashMap<>();
        for (String label : runs) {
            ProjectSpec.Run run = project.spec().run(label).orElseThrow(() -> new RftException(project.file()
                    + ": no run labelled '" + label + "' (runs: " + String.join(", ", project.spec().runLabels())
                    + ")"));
            if (run.head() != null || (run.nameMap() != null && !run.nameMap().isEmpty())) {
                throw new RftException(project.file() + ": run '" + label + "' has a separate head or a name map; "
                        + "soups are made from runs stored as one open_clip-layout file");
            }
            files.put(label, project.checked(run.path()));
        }
        return files;
    }

    private static void requireDataset(LoadedProject project, String name) throws RftException {
        if (project.spec().datasets().stream().noneMatch(d -> d.name().equals(name))) {
            throw new RftException(project.file() + ": no dataset named '" + name + "' for the held-out set (datasets: "
                    + String.join(", ", project.spec().datasets().stream().map(ProjectSpec.DatasetEntry::name)
                            .toList()) + ")");
        }
    }

    /** The project with A, the given soup as its one run and only the held-out dataset, every path absolute. */
    static ProjectSpec oneRunProject(LoadedProject project, Path soup, String heldout) {
        ProjectSpec s = project.spec();
        ProjectSpec.ModelSpec m = s.model();
        ProjectSpec.ModelSpec model = m == null ? null : new ProjectSpec.ModelSpec(abs(project, m.config()),
                m.builtin(), abs(project, m.torchscript()));
        ProjectSpec.Endpoint a = s.endpointA();
        ProjectSpec.Endpoint endpointA = new ProjectSpec.Endpoint(a.label(), abs(project, a.path()),
                abs(project, a.head()), a.nameMap());
        List<ProjectSpec.DatasetEntry> datasets = new ArrayList<>();
        for (ProjectSpec.DatasetEntry d : s.datasets()) {
            if (d.name().equals(heldout)) {
                JsonNode labelMap = d.labelMap() != null && d.labelMap().isTextual()
                        ? TextNode.valueOf(abs(project, d.labelMap().asText())) : d.labelMap();
                datasets.add(new ProjectSpec.DatasetEntry(d.name(), d.role(), d.format(), abs(project, d.images()),
                        abs(project, d.labels()), d.classes(), d.folderLabels(), labelMap, d.protocol()));
            }
        }
        return new ProjectSpec(ProjectSpec.FORMAT_VERSION, s.name() + " (soup candidate)", null, model, endpointA,
                List.of(new ProjectSpec.Run("soup", soup.toAbsolutePath().toString(), null)), null, s.classes(),
                abs(project, s.classesFile()), s.preprocess(), datasets, s.alphaGrid(), null, s.batchSize());
    }

    private static String abs(LoadedProject project, String path) {
        return path == null ? null : project.resolve(path).toAbsolutePath().toString();
    }
}
