package org.nnj.examples;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.data.Schema;
import org.nnj.losses.SoftmaxCrossEntropy;
import org.nnj.metrics.BinaryMetrics;
import org.nnj.metrics.Evaluation;
import org.nnj.metrics.RegressionMetrics;

/** What the csv command reports after training: metrics, plots, the confusion matrix, the ROC curve. */
final class CsvReport {
    private CsvReport() {}

    static void classificationReport(
            Output out, CsvSettings s, CsvRecipe.Fitted fit, Map<String, Object> metrics, Map<String, Object> config)
            throws IOException {
        Evaluation eval = Evaluation.evaluate(fit.net(), fit.test());
        Evaluation train = Evaluation.evaluate(fit.net(), fit.train());
        List<String> classes = fit.schema().classes();
        metrics.put("test_accuracy", eval.accuracy());
        metrics.put("train_accuracy", train.accuracy());
        metrics.put("classes", classes);
        metrics.put("test_macro_f1", eval.macroF1());
        metrics.put("test_log_loss", eval.logLoss());
        if (classes.size() == 2) { // the probability of the second class as the score
            double[] scores =
                    fit.net().predict(fit.test().features()).getColumn(1).toDoubleVector();
            int[] labels = fit.test().classIndices();
            if (Arrays.stream(labels).distinct().count() == 2) {
                metrics.put("test_roc_auc", BinaryMetrics.rocAuc(scores, labels));
                metrics.put("test_average_precision", BinaryMetrics.averagePrecision(scores, labels));
                rocCurve(out.file("roc.png"), scores, labels, classes.get(1));
            }
        }
        metrics.put("confusion_matrix", eval.confusion().toString());
        SoftmaxCrossEntropy loss = (SoftmaxCrossEntropy) fit.net().lossFunction();
        config.put("class_weights", loss.classWeights() == null ? "none" : Arrays.toString(loss.classWeights()));
        Plots.confusion(
                out.file("confusion.png"),
                s.file().getFileName() + ": test accuracy " + String.format("%.3f", eval.accuracy()),
                eval.confusion());
    }

    static void regressionReport(Output out, CsvSettings s, CsvRecipe.Fitted fit, Map<String, Object> metrics)
            throws IOException {
        Schema schema = fit.schema();
        double[] predicted = schema.unscale(fit.net().predict(fit.test().features()));
        double[] actual = schema.unscale(fit.test().labels());
        RegressionMetrics test = RegressionMetrics.of(column(predicted), column(actual));
        RegressionMetrics train = RegressionMetrics.of(
                column(schema.unscale(fit.net().predict(fit.train().features()))),
                column(schema.unscale(fit.train().labels())));
        metrics.put("test_rmse", test.rmse());
        metrics.put("test_mae", test.mae());
        metrics.put("test_r2", test.r2());
        metrics.put("train_rmse", train.rmse());
        metrics.put("train_r2", train.r2());
        List<Double> p = Arrays.stream(predicted).boxed().toList();
        List<Double> a = Arrays.stream(actual).boxed().toList();
        List<Double> residuals = new ArrayList<>();
        for (int i = 0; i < predicted.length; i++) {
            residuals.add(actual[i] - predicted[i]);
        }
        String name = s.target();
        XYChart pva = Plots.scatter(
                s.file().getFileName() + ": test R² " + String.format("%.3f", test.r2()),
                "actual " + name,
                "predicted " + name);
        double lo = Math.min(
                Arrays.stream(actual).min().orElse(0),
                Arrays.stream(predicted).min().orElse(0));
        double hi = Math.max(
                Arrays.stream(actual).max().orElse(1),
                Arrays.stream(predicted).max().orElse(1));
        Plots.polyline(pva, "y = x", List.of(lo, hi), List.of(lo, hi));
        Plots.points(pva, "test rows", a, p, new Color(31, 119, 180), 5);
        Plots.save(pva, out.file("predicted_vs_actual.png"));
        XYChart res = Plots.scatter("Residuals on the test rows", "predicted " + name, "actual - predicted");
        Plots.points(res, "test rows", p, residuals, new Color(214, 39, 40), 5);
        Plots.save(res, out.file("residuals.png"));
    }

    static INDArray column(double[] v) {
        double[][] m = new double[v.length][1];
        for (int i = 0; i < v.length; i++) {
            m[i][0] = v[i];
        }
        return Nd4j.createFromArray(m);
    }

    /** The ROC curve of a binary classifier's test scores (the positive class's probability). */
    static void rocCurve(Path png, double[] scores, int[] labels, String positive) throws IOException {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (i, j) -> Double.compare(scores[j], scores[i]));
        long positives = Arrays.stream(labels).filter(l -> l == 1).count();
        long negatives = labels.length - positives;
        List<Double> fpr = new ArrayList<>(List.of(0.0));
        List<Double> tpr = new ArrayList<>(List.of(0.0));
        long tp = 0;
        long fp = 0;
        for (int k = 0; k < order.length; k++) {
            if (labels[order[k]] == 1) {
                tp++;
            } else {
                fp++;
            }
            if (k + 1 == order.length || scores[order[k + 1]] != scores[order[k]]) {
                fpr.add((double) fp / negatives);
                tpr.add((double) tp / positives);
            }
        }
        XYChart chart = Plots.scatter(
                "ROC curve (positive class '" + positive + "'), AUC "
                        + String.format("%.3f", BinaryMetrics.rocAuc(scores, labels)),
                "false positive rate",
                "true positive rate");
        Plots.polyline(chart, "ROC", fpr, tpr);
        Plots.polyline(chart, "chance", List.of(0.0, 1.0), List.of(0.0, 1.0));
        Plots.save(chart, png);
    }
}
