package org.rftworkbench.core.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.RftException;

/**
 * CLIP BPE on a six-merge file (src/test/resources/tokenize/tiny_merges.txt). Expected ids are computed by hand
 * below and agree with the independent Python SimpleTokenizer in tools/reference/text_reference.py.
 *
 * <p>Vocabulary of that file: ids 0..255 byte-level characters in CLIP's order (printable "!".."~" are bytes 33..126
 * at ids 0..93, so 'a' = 97 - 33 = 64; then bytes 0xA1..0xAC at 94..105, 0xAE..0xFF at 106..187; then the 68
 * non-printable bytes 0..32, 127..160, 0xAD, mapped to U+0100.., at 188..255); ids 256..511 the same with "</w>";
 * 512 "he", 513 "lo</w>", 514 "hel", 515 "hello</w>", 516 "ca", 517 "cat</w>"; 518 start, 519 end of text.
 */
class ClipBpeTokenizerTest {
    private static final Path MERGES = Paths.get("src/test/resources/tokenize/tiny_merges.txt");
    private static final int SOT = 518;
    private static final int EOT = 519;
    private static final int EOW = 256; // offset of the "</w>" variants

    private static int ascii(char c) {
        return c - 33;
    }

    @Test
    void vocabularyLayoutFollowsClip() throws Exception {
        ClipBpeTokenizer t = ClipBpeTokenizer.read(MERGES, 8);
        assertEquals(520, t.vocabularySize());
        assertEquals(SOT, t.startOfTextId());
        assertEquals(EOT, t.endOfTextId());
        assertEquals(0, t.padId());
        assertEquals(8, t.contextLength());
    }

    @Test
    void mergesApplyLowestRankFirst() throws Exception {
        ClipBpeTokenizer t = ClipBpeTokenizer.read(MERGES, 8);
        // hello: h e l l o</w> -> (h,e) rank 0 -> he l l o</w> -> (l,o</w>) rank 1 -> he l lo</w>
        //        -> (he,l) rank 2 -> hel lo</w> -> (hel,lo</w>) rank 3 -> hello</w> = 515; cat -> ca t</w> -> cat</w>
        assertEquals(List.of("hello</w>", "cat</w>"), t.tokens("hello cat"));
        assertArrayEquals(new int[] {SOT, 515, 517, EOT, 0, 0, 0, 0}, t.encode("hello cat"));
        // an unmerged word: "hat" -> h a t</w> (no (h,a) or (a,t</w>) merge)
        assertArrayEquals(new int[] {SOT, ascii('h'), ascii('a'), ascii('t') + EOW, EOT, 0, 0, 0}, t.encode("hat"));
    }

    @Test
    void cleansAndSplitsLikeClip() throws Exception {
        ClipBpeTokenizer t = ClipBpeTokenizer.read(MERGES, 8);
        // lower-cased and white space collapsed; "," and "!" are punctuation pieces, "'s" a contraction, digits
        // are single pieces; the 9 pieces do not fit: cut after 6, end of text kept last
        int[] expected = {SOT, 515, ascii(',') + EOW, 517, ascii('\''), ascii('s') + EOW, ascii('2') + EOW, EOT};
        assertArrayEquals(expected, t.encode("  Hello,\t  CAT's 2024!"));
        assertEquals("a & b", ClipBpeTokenizer.clean("A &amp;amp; B"));
        assertEquals("x é y", ClipBpeTokenizer.clean("x &#233;\n\n y "));
    }

    @Test
    void unseenCharactersFallBackToTheirUtf8Bytes() throws Exception {
        ClipBpeTokenizer t = ClipBpeTokenizer.read(MERGES, 8);
        // "é" = C3 A9: 0xC3 is printable, id 106 + (0xC3 - 0xAE) = 127; 0xA9 -> 94 + (0xA9 - 0xA1) = 102, + 256
        assertArrayEquals(new int[] {SOT, 127, 102 + EOW, EOT, 0, 0, 0, 0}, t.encode("é"));
        // soft hyphen U+00AD = C2 AD: 0xC2 -> 126; 0xAD is not printable: the 68th remapped byte, id 188 + 67 = 255
        assertArrayEquals(new int[] {SOT, 126, 255 + EOW, EOT, 0, 0, 0, 0}, t.encode("\u00ad"));
    }

    @Test
    void truncationKeepsEndOfTextLast() throws Exception {
        ClipBpeTokenizer t = ClipBpeTokenizer.read(MERGES, 8);
        int a = ascii('a') + EOW;
        int dot = ascii('.') + EOW;
        assertArrayEquals(new int[] {SOT, a, 517, dot, a, 517, dot, EOT}, t.encode("a cat. a cat. a cat. hello"));
        assertArrayEquals(new int[] {SOT, EOT, 0, 0, 0, 0, 0, 0}, t.encode("   "));
        assertArrayEquals(new int[] {SOT, SOT, EOT, 0, 0, 0, 0, 0}, t.encode("<|startoftext|>"));
    }

    @Test
    void readsGzipLikeTheRealVocabularyFile(@TempDir Path dir) throws Exception {
        Path gz = dir.resolve("bpe_simple_vocab_16e6.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(MERGES));
        }
        ClipBpeTokenizer t = ClipBpeTokenizer.read(gz, ClipBpeTokenizer.DEFAULT_CONTEXT_LENGTH);
        int[] ids = t.encode("hello cat");
        assertEquals(77, ids.length);
        assertArrayEquals(new int[] {SOT, 515, 517, EOT, 0}, java.util.Arrays.copyOf(ids, 5));
    }

    @Test
    void badFilesGiveOneLineErrors(@TempDir Path dir) throws IOException {
        RftException missing = assertThrows(RftException.class,
                () -> ClipBpeTokenizer.read(dir.resolve("nope.txt.gz"), 77));
        assertTrue(missing.getMessage().endsWith("nope.txt.gz: BPE merges file not found"), missing.getMessage());
        Path bad = Files.writeString(dir.resolve("bad.txt"), "#version: 0.2\nh e\nabc\n");
        RftException e = assertThrows(RftException.class, () -> ClipBpeTokenizer.read(bad, 77));
        assertTrue(e.getMessage().contains("line 3 is not a merge of two symbols"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }
}
