package org.nnj.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The names of the {@code names} demo (makemore's data): one lower-case name per line, letters a-z
 * only. The vocabulary is the 26 letters (ids 1-26) and the boundary token {@code .} (id 0), which
 * starts and ends every name: "emma" is {@code . e m m a .}, and a model predicts each token from the
 * ones before it, the end token included, so a name of L letters has L + 1 predicted characters.
 *
 * <p>Two views of the same predictions: <b>windows</b> (the previous {@code context} tokens, padded at
 * the start with {@code .}, and the next one: one example per predicted character, for the bigram and
 * the MLP) and <b>sequences</b> (one example per name: the inputs {@code . c_1 ... c_L} and the
 * targets {@code c_1 ... c_L .}, padded at the end to a fixed length, padded inputs {@code .} and
 * padded targets {@link #IGNORED}, which the loss skips).
 */
final class NamesData {
    /** 26 letters and the boundary token. */
    static final int VOCABULARY = 27;
    /** The boundary token's id (and the input at padded steps). */
    static final int BOUNDARY = 0;
    /** The target of a padded step: the loss ignores it. */
    static final int IGNORED = -1;
    /** The validation set: the last this many names of the bundled file. */
    static final int VALIDATION = 740;

    private NamesData() {}

    /** The training and validation names. */
    record Split(List<String> train, List<String> validation) {}

    /** The bundled names.txt (7403 names; see data/README.md for provenance and license). */
    static List<String> bundled() throws IOException {
        try (Reader r = new InputStreamReader(Resources.open("names.txt"), StandardCharsets.UTF_8)) {
            return parse(r, "bundled data/names.txt");
        }
    }

    /** A file of names given by {@code option}, checked as {@link #parse} does. */
    static List<String> read(String option, Path file) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(option + " " + file + ": "
                    + (Files.isDirectory(file) ? "is a folder, not a file of names" : "no such readable file"));
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, option + " " + file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(option + " " + file + " is not UTF-8 text");
        }
    }

    /**
     * One name per line (surrounding spaces and empty lines skipped); a line with anything but the
     * letters a-z is refused, naming the line.
     */
    static List<String> parse(Reader reader, String source) throws IOException {
        List<String> names = new ArrayList<>();
        BufferedReader in = new BufferedReader(reader);
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            String name = line.strip();
            if (name.isEmpty()) {
                continue;
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c < 'a' || c > 'z') {
                    throw new IllegalArgumentException(source + " line " + lineNo + ": \"" + abbreviate(name)
                            + "\" is not a name of lower-case letters a-z (character '" + printable(c)
                            + "' at position " + (i + 1) + ")");
                }
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no names (one lower-case name per line)");
        }
        return names;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    /** The last {@value #VALIDATION} names are validation, the others training (6663/740 on the bundled file). */
    static Split split(List<String> names) {
        if (names.size() <= VALIDATION) {
            throw new IllegalArgumentException("need more than " + VALIDATION + " names to split, got " + names.size());
        }
        int cut = names.size() - VALIDATION;
        return new Split(List.copyOf(names.subList(0, cut)), List.copyOf(names.subList(cut, names.size())));
    }

    /** {@code . c_1 ... c_L .} as ids: "emma" is [0, 5, 13, 13, 1, 0]. */
    static int[] encode(String name) {
        int[] ids = new int[name.length() + 2];
        for (int i = 0; i < name.length(); i++) {
            ids[i + 1] = id(name.charAt(i));
        }
        return ids;
    }

    static int id(char c) {
        if (c == '.') {
            return BOUNDARY;
        }
        if (c < 'a' || c > 'z') {
            throw new IllegalArgumentException("'" + c + "' is not in the vocabulary (a-z and .)");
        }
        return c - 'a' + 1;
    }

    static char character(int id) {
        return id == BOUNDARY ? '.' : (char) ('a' + id - 1);
    }

    /** The number of predicted characters of these names: {@code Σ (L + 1)}. */
    static long predictedCharacters(List<String> names) {
        return names.stream().mapToLong(n -> n.length() + 1L).sum();
    }

    static int longest(List<String> names) {
        return names.stream().mapToInt(String::length).max().orElse(0);
    }

    /**
     * Examples as rows of ids, inputs {@code x} (rows x xWidth) and targets {@code y} (rows x yWidth),
     * in plain arrays (so a training batch is copied out without touching ND4J element by element).
     */
    record Examples(float[] x, float[] y, int rows, int xWidth, int yWidth) {
        /** {x, y} as arrays of {@code type}. */
        INDArray[] arrays(DataType type) {
            return new INDArray[] {
                Nd4j.create(x, new long[] {rows, xWidth}, 'c').castTo(type),
                Nd4j.create(y, new long[] {rows, yWidth}, 'c').castTo(type)
            };
        }

        /** The rows {@code picks} as {x, y} of {@code type}. */
        INDArray[] batch(int[] picks, DataType type) {
            float[] bx = new float[picks.length * xWidth];
            float[] by = new float[picks.length * yWidth];
            for (int i = 0; i < picks.length; i++) {
                System.arraycopy(x, picks[i] * xWidth, bx, i * xWidth, xWidth);
                System.arraycopy(y, picks[i] * yWidth, by, i * yWidth, yWidth);
            }
            return new Examples(bx, by, picks.length, xWidth, yWidth).arrays(type);
        }
    }

    /** Every window of these names: contexts (windows x context ids) and next ids (windows x 1). */
    static Examples windows(List<String> names, int context) {
        int n = (int) predictedCharacters(names);
        float[] x = new float[n * context];
        float[] y = new float[n];
        int row = 0;
        for (String name : names) {
            int[] ids = encode(name);
            for (int t = 1; t < ids.length; t++) {
                window(ids, t, context, x, row * context);
                y[row++] = ids[t];
            }
        }
        return new Examples(x, y, n, context, 1);
    }

    /** The {@code context} ids before position {@code t} of {@code ids} ({@code .} before the start). */
    static void window(int[] ids, int t, int context, float[] into, int offset) {
        for (int k = 0; k < context; k++) {
            int at = t - context + k;
            into[offset + k] = at < 0 ? BOUNDARY : ids[at];
        }
    }

    /**
     * Sequence rows of these names: inputs (names x time) and targets (names x time), padded as the
     * class says.
     *
     * @throws IllegalArgumentException if a name has more than {@code time - 1} letters
     */
    static Examples sequences(List<String> names, int time) {
        int n = names.size();
        float[] x = new float[n * time];
        float[] y = new float[n * time];
        for (int r = 0; r < n; r++) {
            sequence(names.get(r), time, x, y, r * time);
        }
        return new Examples(x, y, n, time, time);
    }

    /** One name's input and target row at {@code offset}. */
    static void sequence(String name, int time, float[] x, float[] y, int offset) {
        if (name.length() + 1 > time) {
            throw new IllegalArgumentException("\"" + abbreviate(name) + "\" has " + name.length()
                    + " letters, but this model reads at most " + (time - 1) + " (its " + time
                    + " steps hold the start token and the letters)");
        }
        int[] ids = encode(name);
        for (int t = 0; t < time; t++) {
            boolean real = t < ids.length - 1;
            x[offset + t] = real ? ids[t] : BOUNDARY;
            y[offset + t] = real ? ids[t + 1] : IGNORED;
        }
    }
}
