package org.nnj.examples;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The deep command's plots (both networks' curves in one chart each) and its printed table. */
final class DeepReport {
    private DeepReport() {}

    /**
     * loss.png: training (solid) and validation (dashed) loss of both networks per epoch, plain in red
     * and residual in blue; accuracy.png: the validation accuracy of both.
     */
    static void plots(Output out, Map<String, DeepDemo.Run> runs, int depth) throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(Plots.WIDTH)
                .height(Plots.HEIGHT)
                .title("MNIST, " + depth + " hidden layers: plain chain vs residual blocks x + f(x)")
                .xAxisTitle("epoch")
                .yAxisTitle("softmax cross-entropy")
                .build();
        Map<String, List<Double>> acc = new LinkedHashMap<>();
        for (var e : runs.entrySet()) {
            Color color = e.getKey().equals("plain") ? new Color(200, 40, 40) : new Color(30, 90, 200);
            curve(chart, e.getKey() + ": training loss", e.getValue().loss(), color, false);
            curve(chart, e.getKey() + ": validation loss", e.getValue().valLoss(), color, true);
            acc.put(e.getKey() + ": validation accuracy", e.getValue().valAccuracy());
        }
        Plots.save(chart, out.file("loss.png"));
        Plots.lines(
                out.file("accuracy.png"),
                "MNIST, " + depth + " hidden layers: validation accuracy",
                "epoch",
                "accuracy",
                acc);
    }

    /** Adds a curve over epochs 1, 2, ... (none if it is empty). */
    private static void curve(XYChart chart, String name, List<Double> y, Color color, boolean dashed) {
        if (y.isEmpty()) {
            return;
        }
        List<Integer> x = new ArrayList<>();
        for (int i = 1; i <= y.size(); i++) {
            x.add(i);
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setMarker(y.size() > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        if (dashed) {
            s.setLineStyle(SeriesLines.DASH_DASH);
        }
    }

    /** Per epoch both training and validation losses, then the test accuracies and final losses. */
    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> metrics, Map<String, DeepDemo.Run> runs) {
        DeepDemo.Run plain = runs.get("plain");
        DeepDemo.Run residual = runs.get("residual");
        StringBuilder sb = new StringBuilder();
        for (String kind : List.of("plain", "residual")) {
            Map<String, Object> m = (Map<String, Object>) metrics.get(kind);
            List<Double> norms = (List<Double>) m.get("initial_gradient_norms");
            sb.append(String.format(
                    Locale.ROOT,
                    "%-8s at initialization: loss %.4f, ||dJ/dW|| first layer %.3g, last hidden %.3g%n",
                    kind,
                    (Double) m.get("initial_loss"),
                    norms.get(0),
                    norms.get(norms.size() - 2)));
        }
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
