package org.nnj.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A word tokenizer fitted on training texts: a text is lower-cased ({@link Locale#ROOT}) and split on
 * every character that is not a letter or digit ({@link Character#isLetterOrDigit}), so {@code "Don't
 * BUY-now!"} is {@code don, t, buy, now}. The vocabulary is the {@code maxWords} most frequent words of
 * the training texts (ties broken alphabetically, so it does not depend on the order of the texts);
 * id {@value #PADDING} is padding, id {@value #UNKNOWN} every other word, and the vocabulary's words
 * have ids 2, 3, ... in order of frequency. {@link #ids} keeps the first {@code length} tokens of a
 * text and pads shorter ones with {@value #PADDING} at the end.
 *
 * <p>Saved as a text file beside the model ({@link #save}): the model file format holds a network, a
 * normalizer and a CSV schema, not a vocabulary.
 */
final class Tokenizer {
    static final int PADDING = 0;
    static final int UNKNOWN = 1;
    static final String HEADER = "nnj-tokenizer 1";

    private final List<String> words; // index = id; 0 and 1 are placeholders
    private final Map<String, Integer> index;
    private final int length;

    private Tokenizer(List<String> words, int length) {
        this.words = List.copyOf(words);
        this.length = length;
        this.index = new HashMap<>();
        for (int i = 2; i < words.size(); i++) {
            index.put(words.get(i), i);
        }
    }

    /** The tokens of {@code text}: lower case, split on non-alphanumerics, none empty. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        String s = text.toLowerCase(Locale.ROOT);
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            boolean word = i < s.length() && Character.isLetterOrDigit(s.charAt(i));
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                out.add(s.substring(start, i));
                start = -1;
            }
        }
        return out;
    }

    /** The {@code maxWords} most frequent words of {@code texts}; ids hold at most {@code length} tokens. */
    static Tokenizer fit(List<String> texts, int maxWords, int length) {
        if (maxWords < 1 || length < 1) {
            throw new IllegalArgumentException(
                    "a tokenizer needs maxWords >= 1 and length >= 1, got " + maxWords + ", " + length);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String t : texts) {
            for (String w : tokens(t)) {
                counts.merge(w, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue(Collections.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        List<String> words = new ArrayList<>(List.of("<pad>", "<unk>"));
        for (int i = 0; i < Math.min(maxWords, sorted.size()); i++) {
            words.add(sorted.get(i).getKey());
        }
        return new Tokenizer(words, length);
    }

    /** The ids of {@code text}: its first {@link #length} tokens, unknown words as 1, padded with 0. */
    int[] ids(String text) {
        int[] out = new int[length];
        int t = 0;
        for (String w : tokens(text)) {
            if (t == length) {
                break;
            }
            out[t++] = index.getOrDefault(w, UNKNOWN);
        }
        return out;
    }

    /**
     * The ids of every token of {@code text} in the vocabulary, in order, unknown words left out (as
     * scikit-learn's vectorizers count them): what a bag of words counts, the whole text and not only
     * its first {@link #length} tokens.
     */
    int[] allIds(String text) {
        return tokens(text).stream()
                .mapToInt(w -> index.getOrDefault(w, UNKNOWN))
                .filter(id -> id != UNKNOWN)
                .toArray();
    }

    /** The number of ids, padding and unknown included (an embedding's vocabulary). */
    int vocabulary() {
        return words.size();
    }

    /** Tokens per sequence. */
    int length() {
        return length;
    }

    /** The word with id {@code id} ({@code <pad>}, {@code <unk>} for 0 and 1). */
    String word(int id) {
        return words.get(id);
    }

    /**
     * Writes the tokenizer as UTF-8 text: the header line, {@code length N}, {@code extra KEY VALUE}
     * lines for the caller's settings, a {@code words} line, then one word per line from id 2.
     */
    void save(Path file, Map<String, String> extra) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        sb.append("length ").append(length).append('\n');
        extra.forEach(
                (k, v) -> sb.append("extra ").append(k).append(' ').append(v).append('\n'));
        sb.append("words ").append(words.size() - 2).append('\n');
        for (int i = 2; i < words.size(); i++) {
            sb.append(words.get(i)).append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }

    /** A tokenizer {@link #save} wrote, with its extra settings put into {@code extra}. */
    static Tokenizer load(Path file, Map<String, String> extra) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String bad = file + " is not a tokenizer nnj wrote";
        if (lines.size() < 3 || !lines.get(0).equals(HEADER) || !lines.get(1).startsWith("length ")) {
            throw new IOException(bad + " (no '" + HEADER + "' header)");
        }
        try {
            int length = Integer.parseInt(lines.get(1).substring(7));
            int i = 2;
            for (; i < lines.size() && lines.get(i).startsWith("extra "); i++) {
                String[] kv = lines.get(i).split(" ", 3);
                extra.put(kv[1], kv.length > 2 ? kv[2] : "");
            }
            int n = Integer.parseInt(lines.get(i).substring("words ".length()));
            if (length < 1 || n < 0 || lines.size() != i + 1 + n) {
                throw new IOException(bad + " (it announces " + n + " words but holds " + (lines.size() - i - 1) + ")");
            }
            List<String> words = new ArrayList<>(List.of("<pad>", "<unk>"));
            words.addAll(lines.subList(i + 1, lines.size()));
            return new Tokenizer(words, length);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new IOException(bad + " (" + e.getMessage() + ")");
        }
    }
}
