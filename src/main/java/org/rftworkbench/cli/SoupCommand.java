package org.rftworkbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.soup.GreedySoup;
import org.rftworkbench.core.soup.SoupMaker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code soup PROJECT}: the uniform and greedy model soups of a pool's runs, written beside the project and added to
 * it as runs (so every command, the study and the window pair them with A like any fine-tune).
 */
@Command(name = "soup", mixinStandardHelpOptions = true,
        description = {"Average a pool's fine-tuned runs into model soups (Wortsman et al. 2022): the uniform soup "
                + "(every run) and the greedy soup (runs by held-out top-1, best first; each kept when the average "
                + "with it scores higher). The soups are written to SOUP-DIR and added to the project as runs "
                + "'uniform-soup' and 'greedy-soup' (the previous project file is kept as .bak)."})
final class SoupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "Project file (JSON) with several runs.")
    Path projectFile;

    @Option(names = "--heldout", paramLabel = "DATASET",
            description = "The project's dataset the greedy recipe scores on (default: its dataset with role "
                    + "'heldout'); images the evaluation sets do not hold.")
    String heldout;

    @Option(names = "--recipe", defaultValue = "both", paramLabel = "NAME",
            description = "uniform, greedy or both (default: ${DEFAULT-VALUE}).")
    String recipe;

    @Option(names = "--runs", split = ",", paramLabel = "LABEL",
            description = "The ingredients (default: every run that is not a soup).")
    List<String> runs;

    @Option(names = "--keep-ties", description = "Greedy: keep a run that leaves the held-out accuracy unchanged "
            + "(default: only a strict improvement, as model-soups' code).")
    boolean keepTies;

    @Option(names = "--soup-dir", paramLabel = "DIR", description = "Where the soups are written (default: the "
            + "project's folder/soups).")
    Path soupDir;

    @Option(names = "--no-add", description = "Write the soups but leave the project file as it is.")
    boolean noAdd;

    @Mixin
    CacheOptions caches = new CacheOptions();

    @Mixin
    QuietOption quiet = new QuietOption();

    @Override
    public Integer call() throws Exception {
        boolean uniform = recipe.equals("uniform") || recipe.equals("both");
        boolean greedy = recipe.equals("greedy") || recipe.equals("both");
        if (!uniform && !greedy) {
            throw new RftException("--recipe must be uniform, greedy or both, not '" + recipe + "'");
        }
        LoadedProject project = ProjectStore.load(projectFile);
        List<String> ingredients = runs != null ? runs : SoupMaker.ingredientRuns(project);
        if (ingredients.size() < 2) {
            throw new RftException(project.file() + ": a soup needs at least 2 runs, " + ingredients.size()
                    + " given");
        }
        if (greedy && heldout == null) {
            heldout = heldoutDataset(project);
        }
        Path dir = soupDir != null ? soupDir : project.dir().resolve("soups");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CacheTally tally = new CacheTally();
        List<ProjectSpec.Run> added = new ArrayList<>();
        try (ConsoleProgress progress = quiet.progress();
                ComputeService service = caches.service()) {
            SoupMaker maker = new SoupMaker(service, caches.root().resolve("soups"),
                    CliSupport.console(progress, err, tally));
            if (uniform) {
                Path file = dir.resolve("uniform-soup.safetensors");
                maker.uniform(project, ingredients, file);
                out.printf(Locale.ROOT, "uniform soup of %d runs: %s%n", ingredients.size(), file);
                added.add(run(project, "uniform-soup", file, "uniform", ingredients, null));
            }
            if (greedy) {
                Path file = dir.resolve("greedy-soup.safetensors");
                GreedySoup.Result r = maker.greedy(project, ingredients, heldout, keepTies, file);
                print(r, out);
                out.printf(Locale.ROOT, "greedy soup of %d runs (%s): %s%n", r.members().size(),
                        String.join(", ", r.members()), file);
                added.add(run(project, "greedy-soup", file, "greedy", r.members(), r.score()));
            }
        }
        if (!noAdd) {
            ProjectSpec s = project.spec();
            List<ProjectSpec.Run> all = new ArrayList<>();
            for (ProjectSpec.Run r : s.runs()) {
                if (added.stream().noneMatch(a -> a.label().equals(r.label()))) {
                    all.add(r);
                }
            }
            all.addAll(added);
            ProjectStore.save(new ProjectSpec(s.formatVersion(), s.name(), s.description(), s.model(), s.endpointA(),
                    all, s.selectedRun(), s.classes(), s.classesFile(), s.preprocess(), s.datasets(), s.alphaGrid(),
                    s.layerAlphas(), s.batchSize(), s.validationSplit()), project.file());
            out.println("added to " + project.file() + ": " + String.join(", ", added.stream()
                    .map(ProjectSpec.Run::label).toList()));
        }
        out.flush();
        tally.print(err);
        return 0;
    }

    /** The one dataset with role heldout; otherwise a line saying to name one. */
    static String heldoutDataset(LoadedProject project) throws RftException {
        List<String> roles = project.spec().datasets().stream().filter(d -> d.role() == ProjectSpec.Role.HELDOUT)
                .map(ProjectSpec.DatasetEntry::name).toList();
        if (roles.size() == 1) {
            return roles.get(0);
        }
        throw new RftException(project.file() + ": " + (roles.isEmpty() ? "no dataset has role 'heldout'"
                : "several datasets have role 'heldout' (" + String.join(", ", roles) + ")")
                + "; name the greedy soup's held-out set with --heldout (datasets: " + String.join(", ",
                        project.spec().datasets().stream().map(ProjectSpec.DatasetEntry::name).toList()) + ")");
    }

    private ProjectSpec.Run run(LoadedProject project, String label, Path file, String recipeName,
            List<String> members, Double heldoutTop1) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(SoupMaker.SOUP_KEY, recipeName);
        metadata.put("ingredients", String.join(",", members));
        metadata.put("size", members.size());
        if (heldoutTop1 != null) {
            metadata.put("heldout", heldout);
            metadata.put("heldoutTop1", heldoutTop1);
        }
        Path rel = project.dir().toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        return new ProjectSpec.Run(label, rel.toString().replace('\\', '/'), metadata);
    }

    private void print(GreedySoup.Result r, PrintWriter out) {
        out.printf(Locale.ROOT, "greedy recipe on '%s' (held-out top-1 %%; kept when %s)%n", heldout,
                keepTies ? "not lower" : "higher");
        for (GreedySoup.Scored s : r.individual()) {
            out.printf(Locale.ROOT, "  %-16s %7.2f%n", s.run(), 100 * s.score());
        }
        out.println("order: " + String.join(", ", r.order()));
        out.printf(Locale.ROOT, "  start with %-16s %7.2f%n", r.order().get(0), 100 * r.individual().stream()
                .filter(s -> s.run().equals(r.order().get(0))).findFirst().orElseThrow().score());
        for (GreedySoup.Candidate c : r.candidates()) {
            out.printf(Locale.ROOT, "  + %-16s %7.2f  %s%n", c.run(), 100 * c.score(), c.kept() ? "kept" : "left out");
        }
    }
}
