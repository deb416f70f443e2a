package org.rftworkbench.core.model.text;

import java.util.Arrays;

/**
 * Which token's output represents the whole text. open_clip takes {@code x[arange(B), text.argmax(dim=-1)]}: the
 * position of the largest id, which is the end-of-text token because CLIP's BPE vocabulary puts it last. A
 * vocabulary with its end-of-text token elsewhere (e.g. a word-level one with reserved ids first) must pool at the
 * position of that id instead. Immutable.
 *
 * @param rule      how the position is found
 * @param endOfText the end-of-text id ({@link Rule#END_OF_TEXT_ID} only; -1 otherwise)
 */
public record TextPooling(Rule rule, int endOfText) {

    public enum Rule {
        /** Position of the largest id (first one on ties, as torch.argmax); open_clip's rule. */
        ARGMAX_ID,
        /** Position of the first occurrence of a given end-of-text id. */
        END_OF_TEXT_ID
    }

    public TextPooling {
        if (rule == Rule.END_OF_TEXT_ID && endOfText < 0) {
            throw new IllegalArgumentException("end-of-text pooling needs a non-negative id");
        }
    }

    public static TextPooling argmaxId() {
        return new TextPooling(Rule.ARGMAX_ID, -1);
    }

    public static TextPooling atEndOfText(int endOfTextId) {
        return new TextPooling(Rule.END_OF_TEXT_ID, endOfTextId);
    }

    /**
     * The pooled position of one token sequence.
     *
     * @throws IllegalArgumentException the sequence is empty, or has no end-of-text id under that rule
     */
    public int position(int[] tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("empty token sequence");
        }
        if (rule == Rule.ARGMAX_ID) {
            int best = 0;
            for (int i = 1; i < tokens.length; i++) {
                if (tokens[i] > tokens[best]) {
                    best = i;
                }
            }
            return best;
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] == endOfText) {
                return i;
            }
        }
        throw new IllegalArgumentException("token sequence has no end-of-text id " + endOfText + ": "
                + Arrays.toString(tokens));
    }

    @Override
    public String toString() {
        return rule == Rule.ARGMAX_ID ? "argmax of ids" : "position of end-of-text id " + endOfText;
    }
}
