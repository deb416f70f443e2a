package org.rftworkbench.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.util.Progress;

class PreparedDatasetTest {
    @TempDir
    Path dir;

    @Test
    void normalisationTablesMatchTorchBitForBit() throws Exception {
        // golden: torch float32 ToTensor + Normalize(CLIP mean/std) of the values 0..255
        byte[] raw = Files.readAllBytes(PreprocessorParityTest.resource("data/goldens/normalize_clip_3x256.f32"));
        float[] torch = new float[3 * 256];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(torch);
        float[][] ours = PreparedDataset.normalizationTables(PreprocessConfig.clip(224));
        int differing = 0;
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                if (Float.floatToIntBits(torch[c * 256 + v]) != Float.floatToIntBits(ours[c][v])) {
                    differing++;
                }
            }
        }
        assertEquals(0, differing, "values differing from torch");
        assertEquals((0 / 255f - 0.48145466f) / 0.26862954f, ours[0][0]);
        assertEquals((255 / 255f - 0.40821073f) / 0.27577711f, ours[2][255]);
    }

    @Test
    void readNormalizedAndReadIndicesAgree() throws Exception {
        PreparedDataset d = new TensorCache(dir).prepare(
                ImageFolderSource.open(PreprocessorParityTest.resource("data/images")),
                PreprocessConfig.clip(8), Progress.NONE);
        int per = d.floatsPerImage();
        assertEquals(3 * 64, per);
        float[] all = new float[d.size() * per];
        d.readNormalized(0, d.size(), all);

        // every value is the table entry of the stored pixel
        float[][] table = PreparedDataset.normalizationTables(d.config());
        for (int i = 0; i < d.size(); i++) {
            byte[] px = d.readUint8(i);
            for (int k = 0; k < per; k++) {
                assertEquals(table[k / 64][px[k] & 0xFF], all[i * per + k]);
            }
        }
        float[] middle = new float[2 * per];
        d.readNormalized(2, 2, middle);
        assertArrayEquals(Arrays.copyOfRange(all, 2 * per, 4 * per), middle);

        int[] indices = {4, 0, 4};
        float[] picked = new float[3 * per];
        d.readIndices(indices, picked);
        for (int k = 0; k < indices.length; k++) {
            assertArrayEquals(Arrays.copyOfRange(all, indices[k] * per, (indices[k] + 1) * per),
                    Arrays.copyOfRange(picked, k * per, (k + 1) * per));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> d.readNormalized(4, 2, new float[2 * per]));
        assertThrows(IllegalArgumentException.class, () -> d.readNormalized(0, 2, new float[per]));
        assertThrows(IndexOutOfBoundsException.class, () -> d.readIndices(new int[] {5}, new float[per]));
    }
}
