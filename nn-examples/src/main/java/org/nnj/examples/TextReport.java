package org.nnj.examples;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.layers.Dense;
import org.nnj.layers.Embedding;
import org.nnj.layers.Layer;
import org.nnj.metrics.BinaryMetrics;
import org.nnj.metrics.ConfusionMatrix;

/** What the text command reports on the validation rows, and the words the mean model weighs most. */
final class TextReport {
    private TextReport() {}

    /**
     * Accuracy (a text is the positive class if its probability is {@code > 0.5}), the positive class's
     * F1, ROC AUC, the confusion matrix (also confusion.png) and the accuracy of always answering the
     * training rows' majority class.
     */
    static void evaluate(Output out, TextModelFile.Loaded m, TextData data, int[] rows, Map<String, Object> metrics)
            throws IOException {
        double[] p = m.probabilities(data.texts, rows);
        int[] actual = new int[rows.length];
        int[] predicted = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            actual[i] = data.labels[rows[i]];
            predicted[i] = p[i] > 0.5 ? 1 : 0;
        }
        ConfusionMatrix cm = new ConfusionMatrix(actual, predicted, data.classes);
        int positives = 0;
        for (int r = 0; r < data.labels.length - rows.length; r++) {
            positives += data.labels[r];
        }
        int majority = 2 * positives > data.labels.length - rows.length ? 1 : 0;
        int hits = 0;
        for (int a : actual) {
            hits += a == majority ? 1 : 0;
        }
        metrics.put("validation_rows", rows.length);
        metrics.put("accuracy", cm.accuracy());
        metrics.put("positive_class", data.classes.get(1));
        metrics.put("f1", cm.f1(1));
        metrics.put("precision", cm.precision(1));
        metrics.put("recall", cm.recall(1));
        boolean both = hits > 0 && hits < rows.length;
        metrics.put("roc_auc", both ? BinaryMetrics.rocAuc(p, actual) : Double.NaN);
        metrics.put("majority_class", data.classes.get(majority));
        metrics.put("majority_accuracy", hits / (double) rows.length);
        metrics.put("confusion_matrix", cm.toString());
        Plots.confusion(out.file("confusion.png"), "Validation confusion matrix (" + m.model() + ")", cm);
    }

    /**
     * For the mean model (logit {@code = w · mean_t E[id_t] + b}), each word's weight is
     * {@code E[v] · w}: the logit a text of that word alone would get, less the bias. The {@code k}
     * highest are the positive class's words, the {@code k} lowest the other's (padding left out).
     */
    static Map<String, List<String>> topTokens(TextModelFile.Loaded m, int k) {
        Embedding emb = null;
        Dense dense = null;
        for (Layer l : m.network().layers()) {
            if (l instanceof Embedding e) {
                emb = e;
            } else if (l instanceof Dense d) {
                dense = d;
            }
        }
        if (emb == null || dense == null) {
            throw new IllegalStateException("the mean model has an Embedding and a Dense layer");
        }
        INDArray e = emb.weight();
        INDArray w = dense.weight();
        int vocabulary = (int) e.rows();
        List<double[]> scores = new ArrayList<>();
        for (int v = 1; v < vocabulary; v++) {
            double s = 0;
            for (int j = 0; j < e.columns(); j++) {
                s += e.getDouble(v, j) * w.getDouble(0, j); // W is out x in = 1 x 64
            }
            scores.add(new double[] {s, v});
        }
        scores.sort(Comparator.comparingDouble(a -> -a[0]));
        Map<String, List<String>> top = new LinkedHashMap<>();
        List<String> classes = m.classes();
        top.put(classes.get(1), words(m, scores.subList(0, Math.min(k, scores.size()))));
        List<double[]> low = new ArrayList<>(scores.subList(Math.max(0, scores.size() - k), scores.size()));
        java.util.Collections.reverse(low);
        top.put(classes.get(0), words(m, low));
        return top;
    }

    private static List<String> words(TextModelFile.Loaded m, List<double[]> scores) {
        List<String> out = new ArrayList<>();
        for (double[] s : scores) {
            out.add(m.tokenizer().word((int) s[1]) + String.format(java.util.Locale.ROOT, " %.3f", s[0]));
        }
        return out;
    }
}
