package org.nnj.models;

import java.util.Arrays;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.activations.Activation;
import org.nnj.init.Initializer;
import org.nnj.kernels.Elementwise;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.Reductions;
import org.nnj.layers.Dense;

/**
 * Rosenblatt's perceptron: one unit with the Heaviside step, {@code ŷ = H(w · x + b)}, trained with
 * the perceptron rule, one example at a time:
 * {@code w ← w + η (y - ŷ) x}, {@code b ← b + η (y - ŷ)}.
 *
 * <p>Gradient descent cannot train it, because the step's derivative is zero; the rule instead
 * moves the boundary only on mistakes. On linearly separable data it converges after finitely many
 * mistakes, and {@link #fit} stops after the first epoch without one. Weights start at zero.
 *
 * <p>Examples are rows: {@code x} is n x inputs, {@code y} is n x 1 holding 0 or 1.
 */
public final class Perceptron {
    private final Dense unit;
    private final Matrix out;

    /** A perceptron with {@code inputs} inputs, float64, zero weights and bias. */
    public Perceptron(int inputs) {
        unit = new Dense(inputs, 1, Activation.step(), Initializer.zeros(), Initializer.zeros());
        unit.build(DataType.DOUBLE, new Random(0));
        out = Matrix.allocate(DataType.DOUBLE, 1, 1);
    }

    /** The weights w (1 x inputs), live. */
    public INDArray weights() {
        return unit.weight();
    }

    /** The bias b (1 x 1), live. */
    public INDArray bias() {
        return unit.bias();
    }

    /** The unit as a layer: {@code Dense(inputs→1, step)}. */
    public Dense layer() {
        return unit;
    }

    /** 0/1 predictions (n x 1) for x (n x inputs). */
    public INDArray predict(INDArray x) {
        Matrix xm = checkX(x);
        Matrix result = Matrix.allocate(DataType.DOUBLE, xm.rows(), 1);
        unit.forward(xm.array(), result.array(), false);
        return result.array();
    }

    /**
     * Runs the perceptron rule over the examples in order, for at most {@code epochs} passes, and stops
     * after a pass with no mistakes.
     *
     * @return per epoch: {@code "errors"} (mistakes made during the pass) and {@code "loss"} (the
     *     same as a fraction of n)
     */
    public History fit(INDArray x, INDArray y, int epochs, double learningRate) {
        Matrix xm = checkX(x);
        Matrix ym = checkLabels(y, xm.rows());
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        }
        if (!Double.isFinite(learningRate) || learningRate <= 0) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        }
        Matrix w = Matrix.of(unit.weight(), "weight");
        Matrix b = Matrix.of(unit.bias(), "bias");
        Matrix row = Matrix.allocate(DataType.DOUBLE, 1, xm.cols());
        History history = new History();
        int n = xm.rows();
        for (int epoch = 0; epoch < epochs; epoch++) {
            int errors = 0;
            for (int i = 0; i < n; i++) {
                row.copyRow(xm, i, 0);
                unit.forward(row.array(), out.array(), false);
                double error = ym.get(i) - out.get(0);
                if (error != 0) {
                    errors++;
                    Elementwise.axpy(learningRate * error, row, w); // w ← w + η (y - ŷ) x
                    b.add(0, learningRate * error); // b ← b + η (y - ŷ)
                }
            }
            history.record("errors", errors);
            history.record("loss", (double) errors / n);
            if (errors == 0) {
                break;
            }
        }
        return history;
    }

    private Matrix checkX(INDArray x) {
        Matrix xm = Matrix.of(x, "x");
        if (xm.cols() != unit.inputSize()) {
            throw new IllegalArgumentException("x has shape " + Arrays.toString(x.shape()) + " but the perceptron has "
                    + unit.inputSize() + " inputs");
        }
        if (xm.type() != DataType.DOUBLE) {
            xm = Matrix.of(x.castTo(DataType.DOUBLE), "x");
        }
        Reductions.requireFinite(xm, "x");
        return xm;
    }

    private static Matrix checkLabels(INDArray y, int rows) {
        Matrix ym = Matrix.of(y, "y");
        if (ym.rows() != rows || ym.cols() != 1) {
            throw new IllegalArgumentException(
                    "y must be " + rows + " x 1 (one 0/1 label per example), got shape " + Arrays.toString(y.shape()));
        }
        for (int i = 0; i < rows; i++) {
            double v = ym.get(i);
            if (v != 0 && v != 1) {
                throw new IllegalArgumentException(
                        "y has " + v + " at row " + i + "; perceptron labels must be 0 or 1");
            }
        }
        return ym;
    }
}
