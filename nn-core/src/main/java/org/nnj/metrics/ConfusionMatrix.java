package org.nnj.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts of (actual class, predicted class) pairs: {@code count(a, p)} is the number of examples of
 * class a predicted as p. Rows are actual classes, columns predicted ones (scikit-learn's layout).
 *
 * <p>For class c: precision = TP / (TP + FP) (column c), recall = TP / (TP + FN) (row c),
 * F1 = 2 precision recall / (precision + recall); an undefined ratio (0 / 0) counts as 0, as
 * scikit-learn's {@code zero_division=0}. Macro averages are plain means over classes.
 */
public final class ConfusionMatrix {
    private final long[][] counts;
    private final List<String> names;

    /**
     * @param actual    true class of each example, in [0, k)
     * @param predicted predicted class of each example, in [0, k)
     * @param names     the k class names (k = names.size())
     */
    public ConfusionMatrix(int[] actual, int[] predicted, List<String> names) {
        if (actual == null || predicted == null || names == null) {
            throw new IllegalArgumentException("actual, predicted and names must not be null");
        }
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException(
                    "actual has " + actual.length + " labels but predicted has " + predicted.length);
        }
        if (actual.length == 0) {
            throw new IllegalArgumentException("actual is empty");
        }
        int k = names.size();
        if (k < 1) {
            throw new IllegalArgumentException("names must name at least one class");
        }
        this.names = List.copyOf(names);
        this.counts = new long[k][k];
        for (int i = 0; i < actual.length; i++) {
            check(actual[i], k, "actual", i);
            check(predicted[i], k, "predicted", i);
            counts[actual[i]][predicted[i]]++;
        }
    }

    /** With class names "0", "1", ..., "k-1". */
    public static ConfusionMatrix of(int[] actual, int[] predicted, int k) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            names.add(Integer.toString(i));
        }
        return new ConfusionMatrix(actual, predicted, names);
    }

    private static void check(int c, int k, String name, int i) {
        if (c < 0 || c >= k) {
            throw new IllegalArgumentException(name + "[" + i + "] = " + c + " is outside [0, " + k + ")");
        }
    }

    public int classes() {
        return counts.length;
    }

    public List<String> names() {
        return names;
    }

    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    public long total() {
        long t = 0;
        for (long[] row : counts) {
            for (long v : row) {
                t += v;
            }
        }
        return t;
    }

    /** (Σ_c count(c, c)) / total. */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        return (double) correct / total();
    }

    public double precision(int c) {
        long predicted = 0;
        for (long[] row : counts) {
            predicted += row[c];
        }
        return predicted == 0 ? 0 : (double) counts[c][c] / predicted;
    }

    public double recall(int c) {
        long actual = 0;
        for (long v : counts[c]) {
            actual += v;
        }
        return actual == 0 ? 0 : (double) counts[c][c] / actual;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double macroPrecision() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s += precision(c);
        }
        return s / counts.length;
    }

    public double macroRecall() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s += recall(c);
        }
        return s / counts.length;
    }

    public double macroF1() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s += f1(c);
        }
        return s / counts.length;
    }

    /** A copy of the counts, rows actual, columns predicted. */
    public long[][] counts() {
        long[][] out = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i].clone();
        }
        return out;
    }

    /** A printable table with per-class precision, recall and F1. */
    @Override
    public String toString() {
        int w = 9;
        for (String n : names) {
            w = Math.max(w, n.length() + 1);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-" + w + "s", "actual\\pred"));
        for (String n : names) {
            sb.append(String.format(" %" + w + "s", n));
        }
        sb.append(String.format(" %9s %9s %9s%n", "precision", "recall", "f1"));
        for (int a = 0; a < counts.length; a++) {
            sb.append(String.format("%-" + w + "s", names.get(a)));
            for (int p = 0; p < counts.length; p++) {
                sb.append(String.format(" %" + w + "d", counts[a][p]));
            }
            sb.append(String.format(" %9.4f %9.4f %9.4f%n", precision(a), recall(a), f1(a)));
        }
        sb.append(String.format(
                "accuracy %.4f   macro precision %.4f   macro recall %.4f   macro F1 %.4f%n",
                accuracy(), macroPrecision(), macroRecall(), macroF1()));
        return sb.toString();
    }
}
