package org.nnj.metrics;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.data.Dataset;
import org.nnj.data.OneHot;
import org.nnj.kernels.Matrix;
import org.nnj.losses.BinaryCrossEntropy;
import org.nnj.losses.CategoricalCrossEntropy;
import org.nnj.losses.Loss;
import org.nnj.losses.SoftmaxCrossEntropy;
import org.nnj.models.Network;

/**
 * Classification metrics of a network on a dataset. Predicted classes are the argmax of the
 * network's output rows, or, for a single output column, {@code p >= 0.5}. Refused with an
 * {@link IllegalArgumentException} naming the row: probabilities that are not finite, and labels that
 * are not one-hot rows (or a single 0/1 column); and a regression network ({@link #requireClassifier}).
 *
 * @param accuracy  fraction of examples classified correctly
 * @param logLoss   mean cross-entropy of the predicted probabilities, {@code -(1/n) Σ_r Σ_k y log p}
 *                  (binary form {@code -(1/n) Σ [y log p + (1-y) log(1-p)]} for one column), with p
 *                  clipped to [1e-15, 1 - 1e-15] as scikit-learn's {@code log_loss}
 * @param confusion the confusion matrix, with per-class precision, recall and F1
 */
public record Evaluation(double accuracy, double logLoss, ConfusionMatrix confusion) {
    static final double CLIP = 1e-15;

    /** Evaluates {@code network} on {@code data} (inference mode); the network must be a classifier. */
    public static Evaluation evaluate(Network network, Dataset data) {
        if (network == null || data == null) {
            throw new IllegalArgumentException("network and data must not be null");
        }
        requireClassifier(network);
        INDArray probabilities = network.predict(data.features().castTo(network.dataType()));
        return of(probabilities, data.labels(), data.classNames());
    }

    /**
     * Evaluates one classification output of a graph network with several outputs ({@code
     * Network.graph()}): data holds every input's features and every output's targets side by side, as
     * the network takes them ({@code network.dataset}); this output's predictions are scored against its
     * targets.
     *
     * @throws IllegalArgumentException if the network has no output of that name, or it is a regression output
     */
    public static Evaluation evaluate(Network network, Dataset data, String output) {
        if (network == null || data == null || output == null) {
            throw new IllegalArgumentException("network, data and output must not be null");
        }
        org.nnj.models.Topology t = network.topology();
        int j = t.outputNames().indexOf(output);
        if (j < 0) {
            throw new IllegalArgumentException(
                    "output \"" + output + "\" is not one of the network's outputs " + t.outputNames());
        }
        int col = 0;
        int targetCol = 0;
        for (int k = 0; k < j; k++) {
            int w = t.layer(t.outputNode(k)).outputSize();
            col += w;
            targetCol += t.loss(k).targetWidth(w);
        }
        int width = t.layer(t.outputNode(j)).outputSize();
        Loss loss = t.loss(j);
        requireClassifier(loss, width, "output \"" + output + "\"");
        INDArray all = network.predict(data.features().castTo(network.dataType()));
        Matrix p = Matrix.allocate(network.dataType(), (int) all.rows(), width);
        org.nnj.kernels.Columns.copyRows(Matrix.of(all, "predictions"), 0, col, p, 0, width, p.rows());
        Matrix labels = Matrix.of(data.labels().castTo(network.dataType()), "labels");
        Matrix y = Matrix.allocate(network.dataType(), labels.rows(), width);
        org.nnj.kernels.Columns.copyRows(labels, 0, targetCol, y, 0, width, labels.rows());
        return of(p.array(), y.array(), List.of());
    }

    /**
     * Refuses a regression network, whose output is a value, not class probabilities: one output and a
     * loss that is not a classification loss (binary, categorical or softmax cross-entropy), such as
     * MSE, MAE or Huber. (Several outputs trained with MSE on one-hot targets, as in the tutorials, are
     * a classifier.)
     *
     * @throws IllegalArgumentException naming the network's loss
     */
    public static void requireClassifier(Network network) {
        requireClassifier(network.lossFunction(), network.outputSize(), "network");
    }

    private static void requireClassifier(Loss loss, int outputs, String what) {
        boolean classification = loss instanceof BinaryCrossEntropy
                || loss instanceof CategoricalCrossEntropy
                || loss instanceof SoftmaxCrossEntropy;
        if (outputs == 1 && !classification) {
            throw new IllegalArgumentException(what + ": one output with loss " + loss.name()
                    + " is a regression network; accuracy and a confusion matrix need a classifier (use"
                    + " RegressionMetrics, or a binaryCrossEntropy loss for a 0/1 classifier)");
        }
    }

    /**
     * Metrics of predicted probabilities against one-hot labels (or a single 0/1 column).
     *
     * @param classNames names for the confusion matrix, or empty for "0", "1", ...
     */
    public static Evaluation of(INDArray probabilities, INDArray labels, List<String> classNames) {
        Matrix p = Matrix.of(probabilities, "probabilities");
        Matrix y = Matrix.of(labels, "labels");
        if (!p.sameShape(y)) {
            throw new IllegalArgumentException(
                    "probabilities " + p.describe() + " and labels " + y.describe() + " must have the same shape");
        }
        int k = p.cols() == 1 ? 2 : p.cols();
        List<String> names = classNames;
        if (names == null || names.isEmpty()) {
            names = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                names.add(Integer.toString(i));
            }
        }
        if (names.size() != k) {
            throw new IllegalArgumentException("classNames has " + names.size() + " names for " + k + " classes");
        }
        OneHot.requireClassLabels(labels, "labels", " (for regression targets use RegressionMetrics)");
        int[] predicted = OneHot.classes(probabilities, "probabilities");
        ConfusionMatrix cm = new ConfusionMatrix(OneHot.classes(labels, "labels"), predicted, names);
        return new Evaluation(cm.accuracy(), logLoss(p, y), cm);
    }

    static double logLoss(Matrix p, Matrix y) {
        double s = 0;
        for (int i = 0; i < p.size(); i++) {
            double pi = Math.min(Math.max(p.get(i), CLIP), 1 - CLIP);
            double yi = y.get(i);
            s -= yi * Math.log(pi);
            if (p.cols() == 1) {
                s -= (1 - yi) * Math.log(1 - pi);
            }
        }
        return s / p.rows();
    }

    public double precision(int c) {
        return confusion.precision(c);
    }

    public double recall(int c) {
        return confusion.recall(c);
    }

    public double f1(int c) {
        return confusion.f1(c);
    }

    public double macroPrecision() {
        return confusion.macroPrecision();
    }

    public double macroRecall() {
        return confusion.macroRecall();
    }

    public double macroF1() {
        return confusion.macroF1();
    }

    @Override
    public String toString() {
        return String.format("accuracy %.4f, log-loss %.4f%n", accuracy, logLoss) + confusion;
    }
}
