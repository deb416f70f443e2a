package org.rftworkbench.core.service.embedded;

import org.rftworkbench.core.service.Precision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.model.OpenClipClassifier;
import org.rftworkbench.core.model.WeightModel;

/**
 * A bf16/fp16 working copy of an fp32 master model: interpolation keeps writing the fp32 master (exact endpoints,
 * no accumulated rounding), {@link #syncFromMaster()} casts the master into this copy, and {@link #forward} casts
 * the fp32 input down and the logits back to fp32. Only for the native open_clip tower, whose ops are
 * dtype-generic; a TorchScript module is refused.
 *
 * <p>Not thread-safe: owned by the device thread that owns the master.
 */
public final class LowPrecisionModel implements WeightModel {
    private static final NDIndex ALL = new NDIndex("...");

    private final WeightModel master;
    private final OpenClipClassifier copy;
    private final DataType type;

    private LowPrecisionModel(WeightModel master, OpenClipClassifier copy, DataType type) {
        this.master = master;
        this.copy = copy;
        this.type = type;
    }

    /** @throws RftException when the master is not an open_clip tower (only those can run in low precision) */
    static LowPrecisionModel of(WeightModel master, Precision precision) throws RftException {
        if (precision == Precision.BF16) {
            // checked before any native call: creating or casting to a bfloat16 tensor through DJL 0.36's PyTorch
            // bindings aborts the JVM (std::terminate in the JNI layer), measured with libtorch 2.7.1 on the CPU
            throw new RftException("bf16 evaluation is not available with DJL 0.36 (its PyTorch bindings cannot "
                    + "create bfloat16 tensors); use fp16");
        }
        if (!(master instanceof OpenClipClassifier clip)) {
            throw new RftException(master.describe() + ": " + precision.label()
                    + " evaluation needs the native open_clip model; TorchScript models run in fp32 only");
        }
        NDManager manager = NDManager.newBaseManager(master.manager().getDevice());
        try {
            Map<String, NDArray> cast = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : master.parameters().entrySet()) {
                NDArray c = e.getValue().toType(precision.dataType(), true);
                c.attach(manager);
                cast.put(e.getKey(), c);
            }
            return new LowPrecisionModel(master,
                    OpenClipClassifier.create(clip.config(), cast, manager, master.describe() + " " + precision.label()),
                    precision.dataType());
        } catch (RftException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Casts the current master weights into the low-precision copy, in place. */
    void syncFromMaster() {
        Map<String, NDArray> low = copy.parameters();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Map.Entry<String, NDArray> e : master.parameters().entrySet()) {
                low.get(e.getKey()).set(ALL, e.getValue().toType(type, true));
            }
        }
    }

    @Override
    public Map<String, NDArray> parameters() {
        return copy.parameters();
    }

    @Override
    public NDArray forward(NDArray images, boolean withGradient) {
        return copy.forward(images.toType(type, false), withGradient).toType(DataType.FLOAT32, false);
    }

    @Override
    public int numClasses() {
        return copy.numClasses();
    }

    @Override
    public NDManager manager() {
        return copy.manager();
    }

    @Override
    public String describe() {
        return copy.describe() + " (" + type + ")";
    }

    @Override
    public void close() {
        copy.close();
    }
}
