package org.rftworkbench.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PreprocessConfigTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void clipDefaults() {
        PreprocessConfig c = PreprocessConfig.clip(224);
        assertEquals(224, c.imageSize());
        assertEquals(Interpolation.BICUBIC, c.interpolation());
        assertEquals(true, c.resizeShortestSide());
        assertEquals(true, c.centerCrop());
        assertArrayEquals(new double[] {0.48145466, 0.4578275, 0.40821073}, c.mean());
        assertArrayEquals(new double[] {0.26862954, 0.26130258, 0.27577711}, c.std());
        assertEquals("s=224;resize=shortest;interp=BICUBIC;crop=center;mean=0.48145466,0.4578275,0.40821073;"
                + "std=0.26862954,0.26130258,0.27577711", c.fingerprint());
        assertEquals("s=224;resize=shortest;interp=BICUBIC;crop=center", c.pixelFingerprint());
    }

    @Test
    void jsonRoundTripAndDefaults() throws Exception {
        PreprocessConfig c = new PreprocessConfig(96, false, Interpolation.BILINEAR, false,
                new double[] {0.5, 0.4, 0.3}, new double[] {0.2, 0.25, 0.3});
        String text = json.writeValueAsString(c);
        assertEquals("{\"imageSize\":96,\"resizeShortestSide\":false,\"interpolation\":\"BILINEAR\","
                + "\"centerCrop\":false,\"mean\":[0.5,0.4,0.3],\"std\":[0.2,0.25,0.3]}", text);
        assertEquals(c, json.readValue(text, PreprocessConfig.class));
        assertEquals(PreprocessConfig.clip(32), json.readValue("{\"imageSize\":32}", PreprocessConfig.class));
    }

    @Test
    void equalityAndFingerprintCoverEveryField() {
        PreprocessConfig base = PreprocessConfig.clip(32);
        PreprocessConfig[] variants = {
            PreprocessConfig.clip(33),
            new PreprocessConfig(32, false, Interpolation.BICUBIC, true, PreprocessConfig.CLIP_MEAN,
                    PreprocessConfig.CLIP_STD),
            new PreprocessConfig(32, true, Interpolation.NEAREST, true, PreprocessConfig.CLIP_MEAN,
                    PreprocessConfig.CLIP_STD),
            new PreprocessConfig(32, false, Interpolation.BICUBIC, false, PreprocessConfig.CLIP_MEAN,
                    PreprocessConfig.CLIP_STD),
            base.withNormalization(new double[] {0.5, 0.4578275, 0.40821073}, PreprocessConfig.CLIP_STD),
            base.withNormalization(PreprocessConfig.CLIP_MEAN, new double[] {0.26862954, 0.26130258, 0.3}),
        };
        for (PreprocessConfig v : variants) {
            assertNotEquals(base, v);
            assertNotEquals(base.fingerprint(), v.fingerprint());
        }
        assertEquals(base, PreprocessConfig.clip(32));
        assertEquals(base.hashCode(), PreprocessConfig.clip(32).hashCode());
    }

    @Test
    void rejectsInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> PreprocessConfig.clip(0));
        assertThrows(IllegalArgumentException.class, () -> new PreprocessConfig(32, true, Interpolation.BICUBIC,
                false, PreprocessConfig.CLIP_MEAN, PreprocessConfig.CLIP_STD));
        assertThrows(IllegalArgumentException.class, () -> PreprocessConfig.clip(32)
                .withNormalization(new double[] {0, 0}, PreprocessConfig.CLIP_STD));
        assertThrows(IllegalArgumentException.class, () -> PreprocessConfig.clip(32)
                .withNormalization(PreprocessConfig.CLIP_MEAN, new double[] {1, 0, 1}));
    }

    @Test
    void arraysAreCopied() {
        double[] mean = {0.1, 0.2, 0.3};
        PreprocessConfig c = PreprocessConfig.clip(8).withNormalization(mean, PreprocessConfig.CLIP_STD);
        mean[0] = 9;
        c.mean()[1] = 9;
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, c.mean());
    }
}
