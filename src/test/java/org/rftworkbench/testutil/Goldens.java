package org.rftworkbench.testutil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Golden files written by tools/reference/ (independent PyTorch implementation). They are decoded here with DJL's own
 * safetensors decoder, not with the project's reader, so a bug in the reader cannot hide a bug in the model.
 */
public final class Goldens {
    public static final Path TINY_VIT = Paths.get("src/test/resources/golden/tiny_vit");

    private Goldens() {
    }

    /** name -> array, attached to {@code manager}. */
    public static Map<String, NDArray> decode(NDManager manager, Path file) throws IOException {
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            NDList list = NDList.decode(manager, in);
            for (NDArray a : list) {
                out.put(a.getName(), a);
            }
        }
        return out;
    }

    /** Largest absolute element-wise difference. */
    public static float maxAbsDiff(NDArray x, NDArray y) {
        return x.sub(y).abs().max().getFloat();
    }
}
