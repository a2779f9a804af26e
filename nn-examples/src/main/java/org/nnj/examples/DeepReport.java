package org.nnj.examples;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The deep command's plots (both networks' curves in one chart each) and its printed table. */
final class DeepReport {
    private DeepReport() {}

    /** loss.png: training and validation loss of both networks per epoch; accuracy.png: validation accuracy. */
    static void plots(Output out, Map<String, DeepDemo.Run> runs, int depth) throws IOException {
        Map<String, List<Double>> loss = new LinkedHashMap<>();
        Map<String, List<Double>> acc = new LinkedHashMap<>();
        for (var e : runs.entrySet()) {
            loss.put(e.getKey() + ": training loss", e.getValue().loss());
            loss.put(e.getKey() + ": validation loss", e.getValue().valLoss());
            acc.put(e.getKey() + ": validation accuracy", e.getValue().valAccuracy());
        }
        Plots.lines(
                out.file("loss.png"),
                "MNIST, " + depth + " hidden layers: plain chain vs residual blocks x + f(x)",
                "epoch",
                "softmax cross-entropy",
                loss);
        Plots.lines(
                out.file("accuracy.png"),
                "MNIST, " + depth + " hidden layers: validation accuracy",
                "epoch",
                "accuracy",
                acc);
    }

    /** Per epoch both training and validation losses, then the test accuracies and final losses. */
    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> metrics, Map<String, DeepDemo.Run> runs) {
        DeepDemo.Run plain = runs.get("plain");
        DeepDemo.Run residual = runs.get("residual");
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "%-8s %12s %12s %12s %12s%n",
                "epoch",
                "plain loss",
                "resid. loss",
                "plain val",
                "resid. val"));
        int n = Math.max(plain.loss().size(), residual.loss().size());
        for (int i = 0; i < n; i++) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%-8d %12s %12s %12s %12s%n",
                    i + 1,
                    at(plain.loss(), i),
                    at(residual.loss(), i),
                    at(plain.valLoss(), i),
                    at(residual.valLoss(), i)));
        }
        for (String kind : List.of("plain", "residual")) {
            Map<String, Object> m = (Map<String, Object>) metrics.get(kind);
            DeepDemo.Run r = runs.get(kind);
            sb.append(String.format(
                    Locale.ROOT,
                    "%-8s test accuracy %.4f, test loss %.4f%s%n",
                    kind,
                    (Double) m.get("test_accuracy"),
                    (Double) m.get("test_loss"),
                    r.diverged() == null ? "" : " (training diverged at " + r.diverged() + ")"));
        }
        return sb.toString();
    }

    private static String at(List<Double> v, int i) {
        return i < v.size() && v.get(i) != null ? String.format(Locale.ROOT, "%.4f", v.get(i)) : "-";
    }
}
