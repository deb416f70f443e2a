package org.rftworkbench.core.tokenize;

import java.util.List;

/**
 * Turns a text into the fixed-length token-id sequence a CLIP text tower reads: start-of-text id, the text's
 * tokens, end-of-text id, then padding up to {@link #contextLength()}. A text too long for the context is cut so that
 * the end-of-text id is still the last token (open_clip's {@code tokenize(..., truncate=True)} rule). Implementations
 * are immutable and thread-safe.
 */
public interface Tokenizer {
    /** Token ids of {@code text}, exactly {@link #contextLength()} long. */
    int[] encode(String text);

    /** Number of ids in the vocabulary; every id returned by {@link #encode} is below it. */
    int vocabularySize();

    /** Length of every encoded sequence (the text tower's {@code context_length}). */
    int contextLength();

    int startOfTextId();

    int endOfTextId();

    /** Id used to fill the sequence after the end-of-text token. */
    int padId();

    /** {@link #encode} of each text, in order. */
    default int[][] encodeAll(List<String> texts) {
        int[][] out = new int[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = encode(texts.get(i));
        }
        return out;
    }

    /**
     * Frames already-tokenised ids: start-of-text, the ids (cut so that end-of-text stays the last token when the
     * context is full), end-of-text, then padding.
     */
    static int[] frame(List<Integer> ids, int contextLength, int sot, int eot, int pad) {
        if (contextLength < 2) {
            throw new IllegalArgumentException("context length must be at least 2 (start and end of text)");
        }
        int[] out = new int[contextLength];
        java.util.Arrays.fill(out, pad);
        out[0] = sot;
        int kept = Math.min(ids.size(), contextLength - 2);
        for (int i = 0; i < kept; i++) {
            out[1 + i] = ids.get(i);
        }
        out[1 + kept] = eot;
        return out;
    }
}
