package org.rftworkbench.core.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.RftException;

class WordTokenizerTest {
    @Test
    void wordsAreLowerCaseLetterRunsWithInnerHyphens() {
        assertEquals(List.of("t-shirt", "top", "a", "photo"), WordTokenizer.words("T-shirt/top: A PHOTO!"));
        assertEquals(List.of("x", "y", "z"), WordTokenizer.words("-x- 42y_z"));
    }

    @Test
    void encodesWithReservedTokensUnknownAndPadding() {
        WordTokenizer t = WordTokenizer.of(List.of("<pad>", "<sot>", "<eot>", "<unk>", "a", "photo", "of", "cat"), 8);
        assertEquals(8, t.vocabularySize());
        assertArrayEquals(new int[] {1, 4, 5, 6, 4, 7, 2, 0}, t.encode("A photo of a cat."));
        assertArrayEquals(new int[] {1, 4, 3, 2, 0, 0, 0, 0}, t.encode("a dog"));
        // 7 words do not fit a context of 8 with start and end: cut to 6, end of text stays last
        assertArrayEquals(new int[] {1, 4, 4, 4, 4, 4, 4, 2}, t.encode("a a a a a a a"));
    }

    @Test
    void vocabularyFileRoundTripAndErrors(@TempDir Path dir) throws Exception {
        List<String> vocab = WordTokenizer.vocabularyOf(List.of("a photo of a {}.", "Sneaker", "ankle boot"));
        assertEquals(List.of("<pad>", "<sot>", "<eot>", "<unk>", "a", "ankle", "boot", "of", "photo", "sneaker"),
                vocab);
        Path file = dir.resolve("vocab.txt");
        WordTokenizer.of(vocab, 6).writeVocabulary(file);
        WordTokenizer read = WordTokenizer.read(file, 6);
        assertEquals(vocab, read.vocabulary());
        assertArrayEquals(new int[] {1, 5, 6, 2, 0, 0}, read.encode("ankle boot"));

        Path noUnk = Files.writeString(dir.resolve("bad.txt"), "<pad>\n<sot>\n<eot>\ncat\n");
        RftException e = assertThrows(RftException.class, () -> WordTokenizer.read(noUnk, 6));
        assertTrue(e.getMessage().endsWith("bad.txt: invalid vocabulary: reserved token <unk> is missing"),
                e.getMessage());
        Path twice = Files.writeString(dir.resolve("twice.txt"), "<pad>\n<sot>\n<eot>\n<unk>\ncat\ncat\n");
        e = assertThrows(RftException.class, () -> WordTokenizer.read(twice, 6));
        assertTrue(e.getMessage().contains("line 6: token 'cat' appears twice"), e.getMessage());
    }
}
