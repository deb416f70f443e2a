package org.rftworkbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.figures.AccuracyVsAlphaFigure;
import org.rftworkbench.figures.CorrelationFigure;
import org.rftworkbench.figures.ExportFormat;
import org.rftworkbench.figures.Figure;
import org.rftworkbench.figures.FigureExporter;
import org.rftworkbench.figures.FigureInputs;
import org.rftworkbench.figures.FigureProvenance;
import org.rftworkbench.figures.FigureStyle;
import org.rftworkbench.figures.LayerHeatmapFigure;
import org.rftworkbench.figures.LegendPosition;
import org.rftworkbench.figures.PaperPreset;
import org.rftworkbench.figures.PlayAnimation;
import org.rftworkbench.figures.RobustnessFigure;
import org.rftworkbench.figures.SparsityFigure;
import org.rftworkbench.figures.SparsityFigures;
import org.rftworkbench.figures.SweepFigures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.rftworkbench.core.study.CrossPairAnalysis;
import org.rftworkbench.core.study.PairRow;
import org.rftworkbench.core.study.StudyMeasures;
import org.rftworkbench.core.study.StudyResult;
import org.rftworkbench.core.study.StudySettings;
import org.rftworkbench.figures.StudyFigures;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code figures PROJECT --out DIR}: paper figures without a display. Accuracy vs alpha and effective robustness come
 * from a sweep through the embedded compute service (cached cells are reused, missing ones computed); the heatmap,
 * correlation and sparsity figures are drawn from JSON files given explicitly.
 */
@Command(name = "figures", mixinStandardHelpOptions = true,
        description = "Render paper figures (PDF/SVG/PNG + CSV of the plotted numbers + JSON provenance) headless.")
final class FiguresCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "Project file (JSON).")
    Path projectFile;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the figures.")
    Path out;

    @Option(names = "--preset", paramLabel = "NAME", description = "single-column (3.3 in), double-column (6.9 in) "
            + "or slide (16:9, 13.33 x 7.5 in, 20 pt sans-serif, 3 pt lines; PNG 1920 x 1080); default: single-column.")
    String preset = PaperPreset.SINGLE_COLUMN.cliName();

    @Option(names = "--format", paramLabel = "LIST", description = "Comma list of pdf, svg, png (default: all).")
    String formats = "pdf,svg,png";

    @Option(names = "--animation", description = "Also write the Play sweep: accuracy-vs-alpha-play/frame-NNN.png "
            + "(one frame per alpha of the grid, a line at the alpha) and accuracy-vs-alpha-play.gif (looping).")
    boolean animation;

    @Option(names = "--frame-ms", paramLabel = "MS", description = "Time per animation frame (default: 500).")
    int frameMillis = 500;

    @Option(names = "--dpi", description = "PNG resolution (default: the preset's, 300; 144 for slide).")
    Integer dpi;

    @Option(names = "--alphas", paramLabel = "GRID",
            description = "START:STOP:STEP (inclusive) or a comma list; default: the project's grid.")
    String alphas;

    @Option(names = "--font", paramLabel = "FAMILY", description = "Font family (default: the preset's, Serif; "
            + "SansSerif for slide).")
    String font;

    @Option(names = "--font-size", paramLabel = "PT", description = "Base font size in points (default: the preset's).")
    Float fontSize;

    @Option(names = "--height", paramLabel = "INCHES", description = "Figure height (default: from the preset's aspect).")
    Double height;

    @Option(names = "--legend", paramLabel = "POS", description = "top, bottom, left, right or none (default: bottom).")
    String legend = "bottom";

    @Option(names = "--transparent", description = "No background fill.")
    boolean transparent;

    @Option(names = "--flip", description = "Plot x = 1 - alpha (theta = alpha A + (1 - alpha) B).")
    boolean flip;

    @Option(names = "--no-failure-shading", description = "Do not shade where average OOD falls below alpha = 0.")
    boolean noFailureShading;

    @Option(names = "--heatmap", paramLabel = "FILE", description = "Layer x alpha heatmap data (JSON: rows, alphas, "
            + "values[row][alpha], stragglers, valueLabel, title, optional settings).")
    Path heatmap;

    @Option(names = "--correlation", paramLabel = "FILE", description = "Sharpness vs OOD data (JSON: points [{alpha, "
            + "sharpness, oodTop1}], sharpnessLabel, oodLabel, tau, ciLow, ciHigh, ciLevel, n, optional settings).")
    Path correlation;

    @Option(names = "--sharpness-result", paramLabel = "FILE",
            description = "JSON written by `sharpness --out`: adds the layer-wise sharpness heatmap and the "
                    + "sharpness-vs-OOD scatters (overall and each straggler group).")
    Path sharpnessResult;

    @Option(names = "--stragglers-file", paramLabel = "FILE",
            description = "JSON written by `stragglers --out`: marks straggler rows and adds their scatters.")
    Path stragglersFile;

    @Option(names = "--sparsity", paramLabel = "FILE", description = "Sparsity before/after data (JSON: "
            + "curves [{name, alphas, values}], metricLabel, title, optional settings).")
    Path sparsity;

    @Option(names = "--sparsify-result", paramLabel = "FILE",
            description = "JSON written by `sparsify --out`: adds the avg-OOD and ID curves of the unchanged path and"
                    + " of every sparsified run (and control).")
    Path sparsifyResult;

    @Option(names = "--study", paramLabel = "FILE",
            description = "JSON written by `study --out`: adds the cross-pair scatters (--study-predictor against "
                    + "--study-outcome) and one path figure per run.")
    Path study;

    @Option(names = "--plane", paramLabel = "FILE",
            description = "JSON written by `plane --out`: adds its three heatmaps (ID accuracy, average OOD accuracy, "
                    + "ID loss) with contours and A, B1, B2 and the soup marked, as the Plane view exports them.")
    Path plane;

    @Option(names = "--study-predictor", paramLabel = "NAME", split = ";",
            description = "Predictors of the study scatters, ';'-separated (default: overall and straggler "
                    + "sharpness at the study's predictor alpha).")
    List<String> studyPredictors;

    @Option(names = "--study-outcome", paramLabel = "NAME", defaultValue = "G_zs",
            description = "Outcome of the study scatters (default: ${DEFAULT-VALUE}).")
    String studyOutcome;

    @Option(names = "--study-colour", paramLabel = "KEY",
            description = "Run metadata key that colours the study scatters (default: the first key; 'none' for one "
                    + "colour).")
    String studyColour;

    @Mixin
    NonFiniteOption nonFinite = new NonFiniteOption();

    @Mixin
    RunOption runOption = new RunOption();

    @Mixin
    CacheOptions caches = new CacheOptions();

    @Mixin
    PathOptions paths = new PathOptions();

    @Mixin
    QuietOption quiet = new QuietOption();

    private final CacheTally tally = new CacheTally();

    @Override
    public Integer call() throws Exception {
        FigureStyle style = style();
        Set<ExportFormat> chosen;
        try {
            chosen = ExportFormat.parseList(formats);
        } catch (IllegalArgumentException e) {
            throw new RftException("--format: " + e.getMessage());
        }
        int dpi = this.dpi != null ? this.dpi : PaperPreset.parse(preset).defaultDpi(); // the preset parsed above
        if (dpi < 10 || dpi > 2400) {
            throw new RftException("--dpi must be between 10 and 2400");
        }
        if (frameMillis < 20 || frameMillis > 60_000) {
            throw new RftException("--frame-ms must be between 20 and 60000");
        }
        // read the given data files first: a bad file fails before any evaluation
        FigureInputs<LayerHeatmapFigure.Data> heatIn = heatmap == null ? null
                : FigureInputs.read(heatmap, LayerHeatmapFigure.Data.class);
        FigureInputs<CorrelationFigure.Data> corrIn = correlation == null ? null
                : FigureInputs.read(correlation, CorrelationFigure.Data.class);
        FigureInputs<SparsityFigure.Data> sparseIn = sparsity == null ? null
                : FigureInputs.read(sparsity, SparsityFigure.Data.class);
        SparsityFigures.SparsifyOutput sparsified = sparsifyResult == null ? null
                : SparsityFigures.read(sparsifyResult);
        StudyResult studied = study == null ? null : readStudy(study);
        org.rftworkbench.core.eval.PlaneResult planed = plane == null ? null : readPlane(plane);
        LoadedProject project = runOption.select(ProjectStore.load(projectFile));
        List<Double> grid = CliSupport.grid(project, alphas);
        SweepResult sweep = sweep(project, grid);
        FigureProvenance provenance = FigureProvenance.of(sweep);

        List<Figure> figures = new ArrayList<>();
        List<FigureProvenance> provenances = new ArrayList<>();
        AccuracyVsAlphaFigure.Data accuracy = SweepFigures.accuracy(sweep, !noFailureShading, flip);
        figures.add(AccuracyVsAlphaFigure.build(accuracy, style));
        provenances.add(provenance);
        RobustnessFigure.Data robustness = SweepFigures.robustness(sweep);
        if (robustness != null) {
            figures.add(RobustnessFigure.build(robustness, style));
            provenances.add(provenance);
        }
        if (heatIn != null) {
            figures.add(LayerHeatmapFigure.build(heatIn.data(), style));
            provenances.add(provenance.plus(heatIn.settings(), List.of(heatmap)));
        }
        if (corrIn != null) {
            figures.add(CorrelationFigure.build(corrIn.data(), style));
            provenances.add(provenance.plus(corrIn.settings(), List.of(correlation)));
        }
        if (sparseIn != null) {
            figures.add(SparsityFigure.build(sparseIn.data(), style));
            provenances.add(provenance.plus(sparseIn.settings(), List.of(sparsity)));
        }
        if (sparsified != null) {
            addSparsifyFigures(sparsified, provenance, style, figures, provenances);
        }
        if (sharpnessResult != null) {
            addSharpnessFigures(sweep, provenance, style, figures, provenances);
        }
        if (studied != null) {
            addStudyFigures(studied, provenance, style, figures, provenances);
        }
        if (planed != null) {
            FigureProvenance planeProvenance = FigureProvenance.of(planed).plus(java.util.Map.of(), List.of(plane));
            for (Figure f : org.rftworkbench.figures.PlaneFigure.all(planed, style)) {
                figures.add(f);
                provenances.add(planeProvenance);
            }
        }
        PrintWriter stdout = spec.commandLine().getOut();
        for (int i = 0; i < figures.size(); i++) {
            List<Path> files = FigureExporter.export(figures.get(i), style, provenances.get(i), out, chosen, dpi,
                    paths.absolutePaths);
            for (Path f : files) {
                stdout.println(f);
            }
        }
        if (animation) {
            for (Path f : PlayAnimation.write(accuracy, style, dpi, grid, frameMillis, out)) {
                stdout.println(f);
            }
        }
        stdout.flush();
        tally.print(spec.commandLine().getErr());
        return 0;
    }

    private FigureStyle style() throws RftException {
        FigureStyle style;
        try {
            style = FigureStyle.of(PaperPreset.parse(preset));
            style = style.withFontFamily(font == null ? style.fontFamily() : font).withTransparent(transparent)
                    .withLegend(LegendPosition.valueOf(legend.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new RftException(e.getMessage().startsWith("No enum") ? "--legend: expected top, bottom, left, "
                    + "right or none, got " + legend : "--preset: " + e.getMessage());
        }
        try {
            if (fontSize != null) {
                style = style.withFontSizePt(fontSize);
            }
            if (height != null) {
                style = style.withHeightInches(height);
            }
        } catch (IllegalArgumentException e) {
            throw new RftException(e.getMessage());
        }
        return style;
    }

    /** One figure per quantity (avg OOD, ID) across the runs of a `sparsify --out` file. */
    private void addSparsifyFigures(SparsityFigures.SparsifyOutput sparsified, FigureProvenance provenance,
            FigureStyle style, List<Figure> figures, List<FigureProvenance> provenances) {
        java.util.Map<String, Object> settings = new java.util.LinkedHashMap<>();
        settings.put("sparsify", sparsified.settings());
        settings.put("targetGroups", sparsified.targetGroups());
        settings.put("controlGroups", sparsified.controlGroups());
        settings.put("failureMetrics", SparsityFigures.failureSummary(sparsified));
        FigureProvenance withSparsity = provenance.plus(settings, List.of(sparsifyResult));
        for (SparsityFigures.Quantity q : SparsityFigures.Quantity.values()) {
            SparsityFigure.Data data = SparsityFigures.acrossRuns(sparsified, q);
            if (data != null) {
                Figure f = SparsityFigure.build(data, style);
                figures.add(new Figure(f.name() + "-" + q.fileSuffix(), f.chart(), f.data(), f.details()));
                provenances.add(withSparsity);
            }
        }
    }

    /** A `plane --out` file; one line naming a file that is not one. */
    private static org.rftworkbench.core.eval.PlaneResult readPlane(Path file) throws RftException {
        org.rftworkbench.core.eval.PlaneResult r;
        try {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.JsonNode root = json.readTree(file.toFile());
            if (root == null || !root.path("us").isArray() || !root.path("vs").isArray()
                    || !root.path("cells").isArray()) {
                throw new RftException(RftException.at(file, "not a `plane --out` result (us, vs, cells)"));
            }
            r = json.treeToValue(root, org.rftworkbench.core.eval.PlaneResult.class);
        } catch (java.io.IOException | IllegalArgumentException | NullPointerException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new RftException(RftException.at(file, "cannot read the plane: " + why));
        }
        if (r.cells().isEmpty()) {
            throw new RftException(RftException.at(file, "not a `plane --out` result with cells (us, vs, cells)"));
        }
        return r;
    }

    /** A `study --out` file as the study it describes (its "pairs" are the rows); one line naming a bad file. */
    static StudyResult readStudy(Path file) throws RftException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try {
            com.fasterxml.jackson.databind.JsonNode root = json.readTree(file.toFile());
            if (root == null || !root.has("pairs") || !root.has("associations") || !root.has("settings")) {
                throw new RftException(RftException.at(file, "not a `study --out` result (pairs, associations, "
                        + "settings)"));
            }
            StudySettings settings = json.treeToValue(root.get("settings"), StudySettings.class);
            List<PairRow> rows = new ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode n : root.get("pairs")) {
                rows.add(json.treeToValue(n, PairRow.class));
            }
            List<CrossPairAnalysis.Association> associations = new ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode n : root.get("associations")) {
                associations.add(json.treeToValue(n, CrossPairAnalysis.Association.class));
            }
            List<String> summary = new ArrayList<>();
            root.path("summary").forEach(n -> summary.add(n.asText()));
            return new StudyResult(root.path("project").asText(), settings, rows, associations, summary);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new RftException(RftException.at(file, "cannot read the study: " + e.getMessage().lines()
                    .findFirst().orElse("")));
        }
    }

    /** The study's scatters (each chosen predictor against the outcome) and one path figure per run. */
    private void addStudyFigures(StudyResult r, FigureProvenance provenance, FigureStyle style, List<Figure> figures,
            List<FigureProvenance> provenances) throws RftException {
        List<String> predictors = studyPredictors != null ? studyPredictors
                : List.of(StudyMeasures.sharpnessAt("overall", r.settings().predictorAlpha()),
                        StudyMeasures.sharpnessAt("straggler", r.settings().predictorAlpha()));
        String colour = studyColour != null ? (studyColour.equals("none") ? null : studyColour)
                : r.rows().stream().flatMap(row -> row.metadata().keySet().stream()).findFirst().orElse(null);
        java.util.Map<String, Object> settings = new java.util.LinkedHashMap<>();
        settings.put("study", r.settings());
        FigureProvenance withStudy = provenance.plus(settings, List.of(study));
        for (String predictor : predictors) {
            boolean known = r.associations().stream().anyMatch(a -> a.predictor().equals(predictor)
                    && a.outcome().equals(studyOutcome));
            if (!known) {
                throw new RftException(RftException.at(study, "no association of '" + predictor + "' with '"
                        + studyOutcome + "' (predictors: " + String.join("; ", StudyMeasures.predictors(r.settings()))
                        + "; outcomes: " + String.join("; ", StudyMeasures.outcomes(r.settings())) + ")"));
            }
            Figure f = StudyFigures.scatter(r, predictor, studyOutcome, colour, style);
            String name = f.name() + "-" + predictor.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-+$", "");
            figures.add(new Figure(name, f.chart(), f.data(), f.details()));
            provenances.add(withStudy);
        }
        for (PairRow row : r.rows()) {
            figures.add(StudyFigures.path(row, style, true));
            provenances.add(withStudy);
        }
    }

    /** The project's sweep through the embedded service: cached cells are reused, missing ones computed. */
    private void addSharpnessFigures(SweepResult sweep, FigureProvenance provenance, FigureStyle style,
            List<Figure> figures, List<FigureProvenance> provenances) throws RftException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        org.rftworkbench.core.sharpness.SharpnessResult sharp;
        java.util.Set<String> stragglers = new java.util.LinkedHashSet<>();
        try {
            sharp = json.readValue(sharpnessResult.toFile(), org.rftworkbench.core.sharpness.SharpnessResult.class);
            if (stragglersFile != null) {
                json.readTree(stragglersFile.toFile()).path("stragglers").forEach(n -> stragglers.add(n.asText()));
            }
        } catch (java.io.IOException e) {
            throw new RftException("cannot read " + sharpnessResult + " / " + stragglersFile + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        List<Path> sources = new ArrayList<>(List.of(sharpnessResult));
        if (stragglersFile != null) {
            sources.add(stragglersFile);
        }
        java.util.Map<String, Object> settings = new java.util.LinkedHashMap<>();
        settings.put("sharpness", sharp.settings());
        settings.put("stragglers", stragglers);
        FigureProvenance withSharpness = provenance.plus(settings, sources);
        figures.add(LayerHeatmapFigure.build(org.rftworkbench.figures.AnalysisFigures.heatmap(sharp, stragglers), style));
        provenances.add(withSharpness);
        List<String> groups = new ArrayList<>(List.of(org.rftworkbench.core.sharpness.SharpnessGroups.OVERALL));
        groups.addAll(stragglers);
        for (String group : groups) {
            CorrelationFigure.Data data = org.rftworkbench.figures.AnalysisFigures.correlation(sweep, sharp, group);
            if (data != null) {
                Figure f = CorrelationFigure.build(data, style);
                String name = f.name() + "-" + group.replaceAll("[^A-Za-z0-9]+", "-");
                figures.add(new Figure(name, f.chart(), f.data(), f.details()));
                provenances.add(withSharpness);
            }
        }
    }

    private SweepResult sweep(LoadedProject project, List<Double> grid) throws Exception {
        SweepRequest request = new SweepRequest(project.file().toString(), grid, null, null,
                project.spec().effectiveBatchSize(), nonFinite.allowNonFinite, runOption.label);
        RequestChecks.validate(request, project);
        try (ConsoleProgress progress = quiet.progress();
                ComputeService service = caches.service()) {
            return CliSupport.await(service.sweep(request, Priority.USER, null,
                    CliSupport.console(progress, spec.commandLine().getErr(), tally)));
        }
    }
}
