package org.rftworkbench.core.tokenize;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.rftworkbench.core.RftException;

/**
 * OpenAI CLIP's byte-level BPE tokenizer ({@code clip/simple_tokenizer.py}, also open_clip's default), reading the
 * user-supplied merges file {@code bpe_simple_vocab_16e6.txt.gz} (gzip or plain UTF-8 text).
 *
 * <p>File format: the first line is a version comment ({@code #version: 0.2}) and is skipped; every further line is
 * one merge {@code "a b"} in priority order. As in CLIP, at most {@value #MAX_MERGES} merges are used (the real file
 * has more lines), and blank lines are ignored. Vocabulary, in id order: the 256 byte-level characters (CLIP's
 * {@code bytes_to_unicode} order), the same 256 with {@code </w>} appended, one token per merge (the two parts
 * joined), then {@code <|startoftext|>} and {@code <|endoftext|>}. With the real file that is 49,408 ids, start of
 * text 49406, end of text 49407: the end-of-text id is the largest, which is why open_clip pools at
 * {@code argmax(ids)}.
 *
 * <p>Encoding: html-unescape twice, collapse white space, trim, lower-case; split with CLIP's pattern (special
 * tokens, English contractions, runs of letters, single digits, runs of other non-space characters); map each piece's
 * UTF-8 bytes to byte-level characters (so any character can be encoded: unseen ones fall back to their bytes); apply
 * the merges lowest rank first. <b>Difference from CLIP:</b> CLIP first runs {@code ftfy.fix_text}, which repairs
 * mojibake and normalises some Unicode; ftfy has no Java port, so it is skipped, and html unescaping knows only
 * numeric references and {@code &amp; &lt; &gt; &quot; &apos; &nbsp;}. For ordinary class names and prompt
 * templates (ASCII, no entities) the ids are identical to CLIP's.
 *
 * <p>Immutable and thread-safe (the word cache is concurrent).
 */
public final class ClipBpeTokenizer implements Tokenizer {
    /** CLIP keeps {@code 49152 - 256 - 2} merges, so that the vocabulary has 49,408 entries. */
    public static final int MAX_MERGES = 49152 - 256 - 2;
    public static final String START_OF_TEXT = "<|startoftext|>";
    public static final String END_OF_TEXT = "<|endoftext|>";
    public static final int DEFAULT_CONTEXT_LENGTH = 77;
    private static final String END_OF_WORD = "</w>";

    /** CLIP's pre-tokenisation pattern; IGNORECASE as in CLIP, \s as Unicode white space as in Python's regex. */
    private static final Pattern PIECES = Pattern.compile("<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll"
            + "|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern NUMERIC_REFERENCE = Pattern.compile("&#([xX][0-9a-fA-F]+|[0-9]+);");

    private final char[] byteToChar = byteLevelCharacters();
    private final Map<String, Integer> encoder;
    private final Map<String, Integer> mergeRanks;
    private final int vocabularySize;
    private final int contextLength;
    private final Map<String, String[]> cache = new ConcurrentHashMap<>();

    private ClipBpeTokenizer(List<String[]> merges, int contextLength) {
        // ids are positions in CLIP's vocab list; dict(zip(vocab, range(n))) keeps the LAST id of a repeated token
        Map<String, Integer> vocab = new HashMap<>();
        int nextId = 0;
        for (char c : vocabularyOrder(byteToChar)) {
            vocab.put(String.valueOf(c), nextId++);
        }
        for (char c : vocabularyOrder(byteToChar)) {
            vocab.put(c + END_OF_WORD, nextId++);
        }
        Map<String, Integer> ranks = new HashMap<>();
        for (int rank = 0; rank < merges.size(); rank++) {
            String[] merge = merges.get(rank);
            vocab.put(merge[0] + merge[1], nextId++);
            ranks.put(merge[0] + " " + merge[1], rank);
        }
        vocab.put(START_OF_TEXT, nextId++);
        vocab.put(END_OF_TEXT, nextId++);
        this.encoder = Map.copyOf(vocab);
        this.mergeRanks = Map.copyOf(ranks);
        this.vocabularySize = nextId;
        this.contextLength = contextLength;
        cache.put(START_OF_TEXT, new String[] {START_OF_TEXT});
        cache.put(END_OF_TEXT, new String[] {END_OF_TEXT});
    }

    /**
     * Reads a CLIP merges file.
     *
     * @param contextLength length of encoded sequences ({@value #DEFAULT_CONTEXT_LENGTH} for CLIP)
     * @throws RftException file missing or unreadable, or a merge line without exactly two parts
     */
    public static ClipBpeTokenizer read(Path mergesFile, int contextLength) throws RftException {
        if (contextLength < 2) {
            throw new IllegalArgumentException("context length must be at least 2, got " + contextLength);
        }
        List<String[]> merges = new ArrayList<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(mergesFile));
                BufferedReader reader = new BufferedReader(new InputStreamReader(maybeGunzip(raw),
                        StandardCharsets.UTF_8))) {
            String line = reader.readLine(); // version comment
            int lineNumber = 1;
            while ((line = reader.readLine()) != null && merges.size() < MAX_MERGES) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.strip().split("\\s+");
                if (parts.length != 2) {
                    throw new RftException(RftException.at(mergesFile, "line " + lineNumber
                            + " is not a merge of two symbols: '" + line + "'"));
                }
                merges.add(parts);
            }
        } catch (NoSuchFileException e) {
            throw new RftException(RftException.at(mergesFile, "BPE merges file not found"));
        } catch (IOException e) {
            throw new RftException(RftException.at(mergesFile, "cannot read BPE merges file: " + e.getMessage()), e);
        }
        if (merges.isEmpty()) {
            throw new RftException(RftException.at(mergesFile, "BPE merges file has no merges"));
        }
        return new ClipBpeTokenizer(merges, contextLength);
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in) : in;
    }

    /**
     * CLIP's {@code bytes_to_unicode}: printable Latin-1 bytes map to themselves, the others to U+0100 onwards, so
     * every byte has a visible, non-space character. Index = byte value; the vocabulary lists them in CLIP's order
     * (printable ranges first, then the remapped bytes).
     */
    private static char[] byteLevelCharacters() {
        char[] map = new char[256];
        boolean[] printable = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            printable[b] = true;
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            printable[b] = true;
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            printable[b] = true;
        }
        int next = 0;
        for (int b = 0; b < 256; b++) {
            map[b] = printable[b] ? (char) b : (char) (256 + next++);
        }
        return map;
    }

    /**
     * The byte-level characters in CLIP's vocabulary order: {@code bytes_to_unicode()} is a dict filled with the
     * printable bytes first (ascending), then the remapped ones (ascending).
     */
    private static char[] vocabularyOrder(char[] byteToChar) {
        char[] order = new char[256];
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (byteToChar[b] == b) {
                order[n++] = byteToChar[b];
            }
        }
        for (int b = 0; b < 256; b++) {
            if (byteToChar[b] != b) {
                order[n++] = byteToChar[b];
            }
        }
        return order;
    }

    @Override
    public int[] encode(String text) {
        List<Integer> ids = new ArrayList<>();
        for (String token : tokens(text)) {
            ids.add(encoder.get(token));
        }
        return Tokenizer.frame(ids, contextLength, startOfTextId(), endOfTextId(), padId());
    }

    /** The BPE tokens of {@code text} (before framing), e.g. {@code ["a</w>", "photo</w>", ...]}. */
    public List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PIECES.matcher(clean(text));
        while (m.find()) {
            for (String symbol : cache.computeIfAbsent(toByteLevel(m.group()), this::bpe)) {
                out.add(symbol);
            }
        }
        return out;
    }

    /** CLIP's basic_clean + whitespace_clean + lower(), without ftfy (see the class comment). */
    static String clean(String text) {
        String unescaped = unescapeHtml(unescapeHtml(text));
        String collapsed = WHITE_SPACE.matcher(unescaped).replaceAll(" ");
        int start = 0;
        int end = collapsed.length();
        while (start < end && collapsed.charAt(start) == ' ') {
            start++;
        }
        while (end > start && collapsed.charAt(end - 1) == ' ') {
            end--;
        }
        return collapsed.substring(start, end).toLowerCase(java.util.Locale.ROOT);
    }

    private static String unescapeHtml(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = NUMERIC_REFERENCE.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String digits = m.group(1);
            int codePoint;
            try {
                codePoint = digits.charAt(0) == 'x' || digits.charAt(0) == 'X'
                        ? Integer.parseInt(digits.substring(1), 16) : Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                codePoint = -1;
            }
            String replacement = Character.isValidCodePoint(codePoint) && codePoint != 0
                    ? new String(Character.toChars(codePoint)) : "\uFFFD";
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        // &amp; last, so that "&amp;lt;" becomes "&lt;" in this pass (CLIP unescapes twice for such texts)
        return sb.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&apos;", "'").replace("&nbsp;", "\u00a0").replace("&amp;", "&");
    }

    private String toByteLevel(String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = byteToChar[bytes[i] & 0xff];
        }
        return new String(chars);
    }

    /** CLIP's {@code bpe()}: merge the adjacent pair with the lowest rank until no ranked pair is left. */
    private String[] bpe(String token) {
        List<String> word = new ArrayList<>();
        for (int i = 0; i < token.length() - 1; i++) {
            word.add(String.valueOf(token.charAt(i)));
        }
        word.add(token.charAt(token.length() - 1) + END_OF_WORD);
        while (word.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            String first = null;
            String second = null;
            for (int i = 0; i + 1 < word.size(); i++) {
                Integer rank = mergeRanks.get(word.get(i) + " " + word.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    first = word.get(i);
                    second = word.get(i + 1);
                }
            }
            if (first == null) {
                break;
            }
            List<String> merged = new ArrayList<>(word.size());
            for (int i = 0; i < word.size(); i++) {
                if (i + 1 < word.size() && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
                    merged.add(first + second);
                    i++;
                } else {
                    merged.add(word.get(i));
                }
            }
            word = merged;
        }
        return word.toArray(String[]::new);
    }

    @Override
    public int vocabularySize() {
        return vocabularySize;
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public int startOfTextId() {
        return encoder.get(START_OF_TEXT);
    }

    @Override
    public int endOfTextId() {
        return encoder.get(END_OF_TEXT);
    }

    /** CLIP pads with zeros (which is also the id of "!"; the causal mask and EOT pooling make it irrelevant). */
    @Override
    public int padId() {
        return 0;
    }
}
