package org.rftworkbench.core.interpolate;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rftworkbench.core.engine.Engines;

/**
 * {@code out[i] = lerp(start[i], end[i], weight[i])} for many tensors in one native call, in place. DJL exposes no
 * fused lerp or axpy, and composing one from its in-place ops takes four tensor-sized passes (copy, subtract, scale,
 * add), about 2.4x the memory traffic of a copy on ViT-B/32. torch.lerp is one pass (read A, read B, write out) and
 * exact at weight 0 and 1, so the kernel is a three-line TorchScript function bundled as a resource (made by
 * tools/reference/make_kernels.py). One kernel per device, loaded on first use; thread-safe (TorchScript methods
 * without state can be called concurrently).
 */
final class LerpKernel {
    private static final String RESOURCE = "/org/rftworkbench/kernels/interpolate.pt";
    private static final Map<Device, LerpKernel> BY_DEVICE = new ConcurrentHashMap<>();

    /** Held so that the native module stays alive as long as the kernel (its manager owns the block). */
    private final Model model;
    private final PtSymbolBlock block;

    private LerpKernel(Model model) {
        this.model = model;
        this.block = (PtSymbolBlock) model.getBlock();
    }

    /** The kernel for a device (loaded once, kept for the life of the JVM: it is 2 KB). */
    static LerpKernel on(Device device) {
        return BY_DEVICE.computeIfAbsent(device, LerpKernel::load);
    }

    private static LerpKernel load(Device device) {
        Engines.pytorch();
        try {
            Path file = Files.createTempFile("rft-lerp-kernel", ".pt");
            try (InputStream in = LerpKernel.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE + " (broken build)");
                }
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                Model model = Model.newInstance("lerp-kernel", device, Engines.ENGINE_NAME);
                model.load(file);
                return new LerpKernel(model);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the bundled interpolation kernel", e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("bundled interpolation kernel is malformed", e);
        }
    }

    /** Writes lerp(starts[i], ends[i], weights[i]) into outs[i] for every i (same shapes and dtypes). */
    void lerp(List<NDArray> outs, List<NDArray> starts, List<NDArray> ends, double[] weights) {
        try (IValue o = IValue.listFrom(pt(outs)); IValue s = IValue.listFrom(pt(starts));
                IValue e = IValue.listFrom(pt(ends)); IValue w = IValue.listFrom(weights);
                IValue result = IValueUtils.runMethod(block, "forward", o, s, e, w)) {
            if (result.toLong() != outs.size()) {
                throw new IllegalStateException("interpolation kernel wrote " + result.toLong() + " of " + outs.size()
                        + " tensors");
            }
        }
    }

    private static PtNDArray[] pt(List<NDArray> arrays) {
        PtNDArray[] out = new PtNDArray[arrays.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (PtNDArray) arrays.get(i);
        }
        return out;
    }
}
