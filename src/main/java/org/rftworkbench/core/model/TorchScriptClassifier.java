package org.rftworkbench.core.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.engine.Engines;

/**
 * Any architecture exported with {@code torch.jit.save}, used as the working model. Its parameters are listed by
 * their TorchScript names ({@code named_parameters()} order). The module is loaded with {@code trainParam=true}:
 * the default load gives frozen inference tensors that refuse in-place writes. Buffers (e.g. BatchNorm running
 * statistics) are not parameters and are therefore not interpolated; they keep the values of the loaded file.
 * Not thread-safe (see {@link WeightModel}).
 */
public final class TorchScriptClassifier implements WeightModel {
    private final Model model;
    private final PtSymbolBlock block;
    private final Map<String, NDArray> parameters;
    private final int numClasses;

    private TorchScriptClassifier(Model model, PtSymbolBlock block, Map<String, NDArray> parameters, int numClasses) {
        this.model = model;
        this.block = block;
        this.parameters = Collections.unmodifiableMap(parameters);
        this.numClasses = numClasses;
    }

    /**
     * Loads a TorchScript file and runs one probe forward pass on a zero image to learn the number of classes and to
     * fail early when the model does not accept [1,3,S,S] inputs.
     *
     * @param imageSize input resolution S the project's preprocessing produces
     */
    public static TorchScriptClassifier load(Path file, int imageSize, Device device) throws RftException {
        if (!Files.isRegularFile(file)) {
            throw new RftException(RftException.at(file, "TorchScript model not found"));
        }
        Model model = Model.newInstance(file.getFileName().toString(), device, Engines.ENGINE_NAME);
        try {
            model.load(file, null, Map.of("trainParam", "true"));
            if (!(model.getBlock() instanceof PtSymbolBlock)) {
                throw new RftException(RftException.at(file, "not a TorchScript module"));
            }
            PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
            Map<String, NDArray> params = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                params.put(p.getKey(), p.getValue().getArray());
            }
            int classes;
            try (NDManager probe = model.getNDManager().newSubManager()) {
                NDArray logits = run(block, probe, probe.zeros(new Shape(1, 3, imageSize, imageSize)), false);
                if (logits.getShape().dimension() != 2) {
                    throw new RftException(RftException.at(file, "forward returned shape " + logits.getShape()
                            + "; expected class logits [batch, classes]"));
                }
                classes = (int) logits.getShape().get(1);
            } catch (RuntimeException e) {
                throw new RftException(RftException.at(file, "forward on a [1,3," + imageSize + "," + imageSize
                        + "] image failed: " + firstLine(e.getMessage())), e);
            }
            return new TorchScriptClassifier(model, block, params, classes);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new RftException(RftException.at(file, "cannot load TorchScript model: " + firstLine(e.getMessage())), e);
        } catch (RftException e) {
            model.close();
            throw e;
        }
    }

    private static NDArray run(PtSymbolBlock block, NDManager manager, NDArray images, boolean withGradient) {
        // TorchScript argument packing reads input names ('.', '[]', ...); an unnamed array is passed as is
        images.setName(null);
        return block.forward(new ParameterStore(manager, false), new NDList(images), withGradient).singletonOrThrow();
    }

    @Override
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    @Override
    public NDArray forward(NDArray images, boolean withGradient) {
        return run(block, images.getManager(), images, withGradient);
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public NDManager manager() {
        return model.getNDManager();
    }

    @Override
    public String describe() {
        long scalars = parameters.values().stream().mapToLong(NDArray::size).sum();
        return "TorchScript " + model.getName() + " (" + parameters.size() + " parameter tensors, " + scalars
                + " scalars), head " + numClasses + " classes";
    }

    @Override
    public void close() {
        model.close();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
