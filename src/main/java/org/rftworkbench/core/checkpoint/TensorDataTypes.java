package org.rftworkbench.core.checkpoint;

import ai.djl.ndarray.types.DataType;
import java.util.Map;
import java.util.Optional;

/** The element types the readers accept, keyed by their safetensors and PyTorch storage-class names. */
final class TensorDataTypes {
    private static final Map<String, DataType> SAFETENSORS = Map.of(
            "F32", DataType.FLOAT32, "F16", DataType.FLOAT16, "BF16", DataType.BFLOAT16,
            "F64", DataType.FLOAT64, "I64", DataType.INT64, "I32", DataType.INT32, "I16", DataType.INT16,
            "I8", DataType.INT8, "U8", DataType.UINT8, "BOOL", DataType.BOOLEAN);

    /** Legacy typed-storage classes that torch.save names in a storage's persistent id. */
    private static final Map<String, DataType> TORCH_STORAGES = Map.of(
            "FloatStorage", DataType.FLOAT32, "HalfStorage", DataType.FLOAT16, "BFloat16Storage", DataType.BFLOAT16,
            "DoubleStorage", DataType.FLOAT64, "LongStorage", DataType.INT64, "IntStorage", DataType.INT32,
            "ShortStorage", DataType.INT16, "CharStorage", DataType.INT8, "ByteStorage", DataType.UINT8,
            "BoolStorage", DataType.BOOLEAN);

    private TensorDataTypes() {
    }

    static Optional<DataType> fromSafetensors(String code) {
        return Optional.ofNullable(SAFETENSORS.get(code));
    }

    static String toSafetensors(DataType type) {
        return SAFETENSORS.entrySet().stream().filter(e -> e.getValue() == type).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("safetensors has no dtype for " + type));
    }

    /** The element type of {@code torch.<storageClass>}, if it is a supported storage class. */
    static Optional<DataType> fromTorchStorage(String storageClass) {
        return Optional.ofNullable(TORCH_STORAGES.get(storageClass));
    }
}
