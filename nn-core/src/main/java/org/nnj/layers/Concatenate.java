package org.nnj.layers;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Spec;
import org.nnj.kernels.Columns;
import org.nnj.kernels.Matrix;

/**
 * Branches side by side along features: flat inputs of sizes {@code n_1, ..., n_k} give
 * {@code [x_1, ..., x_k]} ({@code Σ n_k} values, the wide-and-deep join); sequences of one length
 * {@code T} give {@code T x Σ f_k}, concatenated at each step; images of one height and width give
 * {@code (Σ c_k) x H x W}, concatenated along channels (with channel-major rows, the same as flat).
 *
 * <p><b>Backward.</b> Each Jacobian {@code d out/dx_k} selects the block of out that x_k fills, so
 * {@code dJ/dx_k} is that block of {@code dJ/d(out)}.
 */
public final class Concatenate extends Merge {
    /** The number of rows each example is viewed as: T for sequences (per step), else 1. */
    private final int steps;

    private final int[] outShape;

    /** Concatenates inputs of these shapes (one example's each, as {@link Layer#inputShape()}). */
    public Concatenate(List<int[]> shapes) {
        super(shapes, "Concatenate");
        boolean sequences = this.shapes.stream()
                .allMatch(s -> s.length == 2 && s[0] == this.shapes.get(0)[0]);
        boolean images = this.shapes.stream()
                .allMatch(s -> s.length == 3
                        && s[1] == this.shapes.get(0)[1]
                        && s[2] == this.shapes.get(0)[2]);
        int total = 0;
        for (int k = 0; k < this.shapes.size(); k++) {
            total += size(k);
        }
        if (sequences) {
            steps = this.shapes.get(0)[0];
            outShape = new int[] {steps, total / steps};
        } else if (images) {
            steps = 1;
            int[] first = this.shapes.get(0);
            outShape = new int[] {total / (first[1] * first[2]), first[1], first[2]};
        } else {
            steps = 1;
            outShape = new int[] {total};
        }
    }

    @Override
    public String name() {
        return "Concatenate(" + shapesText() + ")";
    }

    @Override
    public int outputSize() {
        int n = 1;
        for (int d : outShape) {
            n *= d;
        }
        return n;
    }

    @Override
    public int[] outputShape() {
        return outShape.clone();
    }

    /** Each input's block of columns: per step for sequences, per example otherwise. */
    @Override
    public void forward(INDArray[] inputs, INDArray out, boolean training) {
        Matrix o = Matrix.of(out, "out");
        int rows = o.rows() * steps;
        int col = 0;
        for (int k = 0; k < inputs.length; k++) {
            int width = size(k) / steps;
            Columns.copy(Matrix.of(inputs[k], "x"), 0, o, col, width, rows);
            col += width;
        }
    }

    /** {@code dJ/dx_k} is input k's block of {@code dJ/d(out)}. */
    @Override
    public void backward(INDArray[] inputs, INDArray out, INDArray gradOut, INDArray[] gradInputs) {
        Matrix g = Matrix.of(gradOut, "gradOut");
        int rows = g.rows() * steps;
        int col = 0;
        for (int k = 0; k < gradInputs.length; k++) {
            int width = size(k) / steps;
            if (gradInputs[k] != null) {
                Columns.copy(g, col, Matrix.of(gradInputs[k], "gradIn"), 0, width, rows);
            }
            col += width;
        }
    }

    /** A 0/1 matrix: output element (step t, column c) reads input k's element (t, c - offset_k). */
    @Override
    protected double[][] referenceJacobian(double[] inputs) {
        double[][] j = new double[outputSize()][inputs.length];
        int width = outputSize() / steps;
        int inOffset = 0;
        int col = 0;
        for (int k = 0; k < shapes.size(); k++) {
            int w = size(k) / steps;
            for (int t = 0; t < steps; t++) {
                for (int c = 0; c < w; c++) {
                    j[t * width + col + c][inOffset + t * w + c] = 1;
                }
            }
            inOffset += size(k);
            col += w;
        }
        return j;
    }

    /** The kind the model file writes: {@code concatenate (shapes)}, each input's rank then dimensions. */
    public static final Kind<Concatenate> KIND =
            Kind.of("concatenate", s -> new Concatenate(decodeShapes(s.doubles("shapes"))), Field.reals("shapes"));

    @Override
    public Spec spec() {
        return KIND.spec(encodedShapes());
    }
}
