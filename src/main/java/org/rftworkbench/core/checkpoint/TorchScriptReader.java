package org.rftworkbench.core.checkpoint;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lists the parameters of a TorchScript archive ({@code torch.jit.save}) through DJL's PyTorch engine, in the order
 * of Python's {@code named_parameters()}. Buffers (e.g. BatchNorm running statistics) are not parameters and are not
 * listed. Each parameter's bytes are copied to a heap buffer and the native model is closed before returning: fine
 * for inspection and for models up to a few hundred MB, but interpolation code should load the TorchScript model
 * itself rather than go through this reader.
 */
final class TorchScriptReader {
    static final String NOTE = "TorchScript parameters (buffers not listed), copied to the heap";

    private TorchScriptReader() {
    }

    static Checkpoint read(Path file) throws CheckpointException {
        List<CheckpointTensor> tensors = new ArrayList<>();
        try (Model model = Model.newInstance("inspect", Device.cpu(), "PyTorch")) {
            model.load(file, null, Map.of("trainParam", "true"));
            PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray array = p.getValue().getArray();
                tensors.add(ByteBufferTensor.of(p.getKey(), array.getDataType(), array.getShape().getShape(),
                        ByteBuffer.wrap(array.toByteArray())));
            }
        } catch (IOException | MalformedModelException | EngineException e) {
            throw new CheckpointException(file, "cannot load TorchScript archive: "
                    + firstLine(e.getMessage()), e);
        }
        return new LoadedCheckpoint(file, CheckpointFormat.TORCHSCRIPT, tensors, Map.of("rft.note", NOTE));
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown error";
        }
        return message.strip().lines().findFirst().orElse("").strip();
    }
}
