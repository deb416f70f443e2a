package org.rftworkbench.core.tokenize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.util.AtomicFiles;

/**
 * A word-level tokenizer for small vocabularies such as the miniature sample CLIP's captions.
 *
 * <p>Words: the text is lower-cased (root locale) and split into maximal runs of letters, where a hyphen between
 * two letters stays inside the word, so "T-shirt/top" gives {@code t-shirt}, {@code top}. Digits, punctuation,
 * leading or trailing hyphens and white space only separate words. A word missing from the vocabulary becomes
 * {@code <unk>}.
 *
 * <p>Vocabulary file: UTF-8, one token per line, the id of a token is its line index (0-based); blank lines are not
 * allowed. It must contain the reserved tokens {@link #PAD}, {@link #SOT}, {@link #EOT} and {@link #UNK} (anywhere;
 * {@link #vocabularyOf} puts them first, in that order, so {@code <pad>} is id 0). The end-of-text id is therefore
 * usually NOT the largest id: pool the text tower at the end-of-text token's position, not at the arg-max of the ids.
 *
 * <p>Immutable and thread-safe.
 */
public final class WordTokenizer implements Tokenizer {
    public static final String PAD = "<pad>";
    public static final String SOT = "<sot>";
    public static final String EOT = "<eot>";
    public static final String UNK = "<unk>";
    public static final List<String> RESERVED = List.of(PAD, SOT, EOT, UNK);

    private static final Pattern WORD = Pattern.compile("\\p{L}+(?:-\\p{L}+)*");

    private final List<String> vocabulary;
    private final Map<String, Integer> ids;
    private final int contextLength;

    private WordTokenizer(List<String> vocabulary, Map<String, Integer> ids, int contextLength) {
        this.vocabulary = List.copyOf(vocabulary);
        this.ids = Map.copyOf(ids);
        this.contextLength = contextLength;
    }

    /**
     * A tokenizer over {@code vocabulary} (id = list index).
     *
     * @throws IllegalArgumentException duplicate or blank tokens, a reserved token missing, context length below 2
     */
    public static WordTokenizer of(List<String> vocabulary, int contextLength) {
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            String token = vocabulary.get(i);
            if (token.isBlank() || !token.equals(token.strip())) {
                throw new IllegalArgumentException("line " + (i + 1) + ": blank token or token with surrounding space");
            }
            if (ids.putIfAbsent(token, i) != null) {
                throw new IllegalArgumentException("line " + (i + 1) + ": token '" + token + "' appears twice");
            }
        }
        for (String reserved : RESERVED) {
            if (!ids.containsKey(reserved)) {
                throw new IllegalArgumentException("reserved token " + reserved + " is missing");
            }
        }
        if (contextLength < 2) {
            throw new IllegalArgumentException("context length must be at least 2, got " + contextLength);
        }
        return new WordTokenizer(vocabulary, ids, contextLength);
    }

    /** Reads a vocabulary file (see the class comment). */
    public static WordTokenizer read(Path vocabularyFile, int contextLength) throws RftException {
        List<String> lines;
        try {
            lines = Files.readAllLines(vocabularyFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new RftException(RftException.at(vocabularyFile, "vocabulary file not found"));
        } catch (IOException e) {
            throw new RftException(RftException.at(vocabularyFile, "cannot read vocabulary: " + e.getMessage()), e);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // a trailing newline is not a token
        }
        try {
            return of(lines, contextLength);
        } catch (IllegalArgumentException e) {
            throw new RftException(RftException.at(vocabularyFile, "invalid vocabulary: " + e.getMessage()), e);
        }
    }

    /** The reserved tokens followed by every word of {@code texts}, sorted, each once. */
    public static List<String> vocabularyOf(Collection<String> texts) {
        TreeSet<String> words = new TreeSet<>();
        for (String text : texts) {
            words.addAll(words(text));
        }
        List<String> vocabulary = new ArrayList<>(RESERVED);
        vocabulary.addAll(words);
        return vocabulary;
    }

    /** The words of {@code text}, in order (see the class comment for the rule). */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Writes the vocabulary, one token per line, atomically. */
    public void writeVocabulary(Path file) throws IOException {
        AtomicFiles.write(file, (String.join("\n", vocabulary) + "\n").getBytes(StandardCharsets.UTF_8), false);
    }

    public List<String> vocabulary() {
        return vocabulary;
    }

    @Override
    public int[] encode(String text) {
        List<Integer> tokens = new ArrayList<>();
        int unk = ids.get(UNK);
        for (String word : words(text)) {
            tokens.add(ids.getOrDefault(word, unk));
        }
        return Tokenizer.frame(tokens, contextLength, startOfTextId(), endOfTextId(), padId());
    }

    @Override
    public int vocabularySize() {
        return vocabulary.size();
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public int startOfTextId() {
        return ids.get(SOT);
    }

    @Override
    public int endOfTextId() {
        return ids.get(EOT);
    }

    @Override
    public int padId() {
        return ids.get(PAD);
    }
}
