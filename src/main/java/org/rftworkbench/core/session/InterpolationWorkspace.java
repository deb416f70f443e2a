package org.rftworkbench.core.session;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.data.ClassMapping;
import org.rftworkbench.core.data.ImageSource;
import org.rftworkbench.core.data.PreparedDataset;
import org.rftworkbench.core.data.TensorCache;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.core.eval.DatasetMetrics;
import org.rftworkbench.core.eval.Evaluator;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.interpolate.EndpointLoader;
import org.rftworkbench.core.interpolate.EndpointWeights;
import org.rftworkbench.core.interpolate.Interpolator;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.model.Models;
import org.rftworkbench.core.model.OpenClipClassifier;
import org.rftworkbench.core.model.TorchScriptClassifier;
import org.rftworkbench.core.model.WeightModel;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.util.Progress;

/**
 * Everything needed to evaluate a project at any alpha: the working model, both endpoints, the interpolator and the
 * prepared datasets. Opening validates the whole project (files, shapes, class counts) before any long job starts.
 *
 * <p>Not thread-safe: create, use and close it on one compute thread (it calls
 * {@link Models#prepareComputeThread()} on the opening thread).
 */
public final class InterpolationWorkspace implements AutoCloseable {
    private final LoadedProject project;
    private final WeightModel working;
    private final EndpointWeights endpointA;
    private final EndpointWeights endpointB;
    private final Interpolator interpolator;
    private final Map<String, DatasetHandle> datasets;
    private final AlphaOverrides projectOverrides;

    /** A prepared dataset with its role and the mapping of its classes onto the head's. */
    public record DatasetHandle(ProjectSpec.DatasetEntry entry, PreparedDataset data, ClassMapping mapping) {
    }

    private InterpolationWorkspace(LoadedProject project, WeightModel working, EndpointWeights a, EndpointWeights b,
            Interpolator interpolator, Map<String, DatasetHandle> datasets, AlphaOverrides overrides) {
        this.project = project;
        this.working = working;
        this.endpointA = a;
        this.endpointB = b;
        this.interpolator = interpolator;
        this.datasets = datasets;
        this.projectOverrides = overrides;
    }

    /**
     * Loads model, endpoints and (through the tensor cache) the datasets of a project.
     *
     * @param datasetNames which datasets to prepare (null = all)
     * @param cacheDir     folder of the preprocessed-tensor cache
     */
    public static InterpolationWorkspace open(LoadedProject project, List<String> datasetNames, Path cacheDir,
            Progress progress) throws RftException {
        return open(project, datasetNames, cacheDir, Engines.defaultDevice(), progress);
    }

    /**
     * As {@link #open(LoadedProject, List, Path, Progress)}, with the model and endpoints on {@code device} (the
     * compute service opens one workspace per device thread).
     */
    public static InterpolationWorkspace open(LoadedProject project, List<String> datasetNames, Path cacheDir,
            Device device, Progress progress) throws RftException {
        Models.prepareComputeThread();
        ProjectSpec p = project.spec();
        List<String> headClasses = project.classNames();
        AlphaOverrides overrides = AlphaOverrides.of(p.layerAlphas() == null ? List.of() : p.layerAlphas());
        List<AutoCloseable> opened = new ArrayList<>();
        // name what each step counts, so a listener can show rates ("262 images/s")
        Progress tensors = progress.inUnits("tensors");
        try {
            Path pathA = project.checked(p.endpointA().path());
            WeightModel working;
            EndpointWeights a;
            EndpointWeights b;
            if (p.model().torchscript() != null) {
                working = TorchScriptClassifier.load(project.checked(p.model().torchscript()),
                        p.preprocess().imageSize(), device);
                opened.add(working);
                a = loadEndpoint(project, p.endpointA(), device, tensors);
                opened.add(a);
                b = loadEndpoint(project, p.endpointB(), device, tensors);
                opened.add(b);
            } else {
                ModelConfig config = p.model().builtin() != null
                        ? ModelConfig.builtinForProject(p.model().builtin(), p.formatVersion())
                        : ModelConfig.read(project.checked(p.model().config()));
                a = loadEndpoint(project, p.endpointA(), device, tensors);
                opened.add(a);
                b = loadEndpoint(project, p.endpointB(), device, tensors);
                opened.add(b);
                working = OpenClipClassifier.copyOf(config, a.tensors(), device, a.source().toString());
                opened.add(working);
            }
            if (working.numClasses() != headClasses.size()) {
                throw new RftException(RftException.at(pathA, "head has " + working.numClasses()
                        + " classes but the project lists " + headClasses.size()));
            }
            Interpolator interpolator = new Interpolator(working, a, b);
            Map<String, DatasetHandle> handles = prepareDatasets(project, headClasses, datasetNames, cacheDir, progress);
            return new InterpolationWorkspace(project, working, a, b, interpolator, handles, overrides);
        } catch (RftException | RuntimeException e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static org.rftworkbench.core.checkpoint.NameMap nameMapOf(LoadedProject project,
            ProjectSpec.Endpoint endpoint) throws RftException {
        return endpoint.nameMap() == null ? null
                : org.rftworkbench.core.checkpoint.NameMap.of(endpoint.nameMap(), project.file());
    }

    private static Path headOf(LoadedProject project, ProjectSpec.Endpoint endpoint) throws RftException {
        return endpoint.head() == null ? null : project.checked(endpoint.head());
    }

    private static Map<String, DatasetHandle> prepareDatasets(LoadedProject project, List<String> headClasses,
            List<String> names, Path cacheDir, Progress progress) throws RftException {
        ProjectSpec p = project.spec();
        TensorCache cache = new TensorCache(cacheDir);
        Map<String, DatasetHandle> handles = new LinkedHashMap<>();
        if (names != null) {
            for (String n : names) {
                if (p.datasets().stream().noneMatch(d -> d.name().equals(n))) {
                    throw new RftException(project.file() + ": no dataset named '" + n + "' (known: "
                            + String.join(", ", p.datasets().stream().map(ProjectSpec.DatasetEntry::name).toList()) + ")");
                }
            }
        }
        for (ProjectSpec.DatasetEntry entry : p.datasets()) {
            if (names != null && !names.contains(entry.name())) {
                continue;
            }
            List<String> classes = entry.classes() != null ? entry.classes() : headClasses;
            ImageSource source = DatasetSources.open(project, entry, classes);
            PreparedDataset data = cache.prepare(source, p.preprocess(), progress.inUnits("images"));
            ClassMapping mapping = DatasetSources.mapping(source, data.classNames(), headClasses,
                    project.resolve(entry.images()).toString());
            handles.put(entry.name(), new DatasetHandle(entry, data, mapping));
        }
        return handles;
    }

    public LoadedProject project() {
        return project;
    }

    /** What the project file says (shortcut for {@code project().spec()}). */
    public ProjectSpec spec() {
        return project.spec();
    }

    /** The project's batch size for evaluation, or the default when it sets none. */
    public int batchSize() {
        return project.spec().effectiveBatchSize();
    }

    public WeightModel workingModel() {
        return working;
    }

    public EndpointWeights endpointA() {
        return endpointA;
    }

    public EndpointWeights endpointB() {
        return endpointB;
    }

    public Interpolator interpolator() {
        return interpolator;
    }

    /** Prepared datasets in project order. */
    public Map<String, DatasetHandle> datasets() {
        return datasets;
    }

    /** The project's per-layer alpha overrides (empty when it has none). */
    public AlphaOverrides projectOverrides() {
        return projectOverrides;
    }

    /**
     * The rule for checkpoints that hold NaN/Inf: refused by default, because every alpha but the other endpoint
     * then gives non-finite logits; allowed on request (CLI {@code --allow-non-finite}, request field
     * {@code allowNonFinite}), with a warning naming the tensors.
     *
     * @return one warning line per endpoint with non-finite tensors (empty when every tensor is finite)
     * @throws RftException naming the checkpoint and its first non-finite tensors, when not allowed
     */
    public List<String> checkFiniteWeights(boolean allowNonFinite) throws RftException {
        return checkFiniteWeights(List.of(endpointA, endpointB), allowNonFinite);
    }

    /** {@link #checkFiniteWeights(boolean)} for any endpoints (a plane's third one). */
    public static List<String> checkFiniteWeights(List<EndpointWeights> endpoints, boolean allowNonFinite)
            throws RftException {
        List<String> warnings = new ArrayList<>();
        for (EndpointWeights e : endpoints) {
            List<String> names = e.nonFinite();
            if (names.isEmpty()) {
                continue;
            }
            String which = "NaN/Inf in " + names.size() + (names.size() == 1 ? " tensor: " : " tensors: ")
                    + String.join(", ", names.subList(0, Math.min(5, names.size())))
                    + (names.size() > 5 ? ", ..." : "");
            if (!allowNonFinite) {
                throw new RftException(RftException.at(e.source(), which
                        + " (refused; --allow-non-finite, or allowNonFinite in a request, evaluates it anyway)"));
            }
            warnings.add(RftException.at(e.source(), which));
        }
        return warnings;
    }

    /** Writes theta(alpha) into the working model and evaluates the given datasets. */
    public Map<String, DatasetMetrics> evaluate(double alpha, AlphaOverrides overrides, Evaluator evaluator,
            List<String> names, Progress progress) {
        interpolator.apply(alpha, overrides);
        Map<String, DatasetMetrics> out = new LinkedHashMap<>();
        for (DatasetHandle h : datasets.values()) {
            if (names == null || names.contains(h.entry().name())) {
                out.put(h.entry().name(), evaluator.evaluate(h.data(), h.mapping(), progress));
            }
        }
        return out;
    }

    /**
     * Loads another run of the project as a third endpoint (a plane's B2), on the working model's device, the way B
     * was loaded (head file, name map). The caller owns and closes it.
     *
     * @throws RftException when no run has that label (the labels are listed) or its checkpoint cannot be read
     */
    public EndpointWeights loadRun(String label, Progress progress) throws RftException {
        ProjectSpec p = project.spec();
        ProjectSpec.Endpoint run = p.run(label).map(ProjectSpec.Run::endpoint).orElseThrow(() -> new RftException(
                project.file() + ": no run labelled '" + label + "' (runs: " + String.join(", ", p.runLabels()) + ")"));
        return loadEndpoint(project, run, working.manager().getDevice(), progress.inUnits("tensors"));
    }

    /**
     * One endpoint's weights on {@code device}: every tensor for a TorchScript model, else the image classifier's
     * tensors with the endpoint's head file and name map.
     */
    private static EndpointWeights loadEndpoint(LoadedProject project, ProjectSpec.Endpoint endpoint, Device device,
            Progress tensors) throws RftException {
        Path path = project.checked(endpoint.path());
        if (project.spec().model().torchscript() != null) {
            return EndpointLoader.load(path, name -> true, device, tensors);
        }
        return EndpointLoader.load(path, headOf(project, endpoint), nameMapOf(project, endpoint),
                OpenClipClassifier::isImageClassifierTensor, device, tensors);
    }

    @Override
    public void close() {
        working.close();
        endpointA.close();
        endpointB.close();
    }
}
