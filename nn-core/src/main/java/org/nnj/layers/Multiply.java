package org.nnj.layers;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Spec;
import org.nnj.kernels.Elementwise;
import org.nnj.kernels.Matrix;

/**
 * The elementwise product of two branches of the same shape, {@code out = a ⊙ b}: a gate, as in
 * gated linear units or a learned feature weighting.
 *
 * <p><b>Backward.</b> The Jacobians are diagonal, {@code d out/da = diag(b)} and
 * {@code d out/db = diag(a)}, so {@code dJ/da = dJ/d(out) ⊙ b} and {@code dJ/db = dJ/d(out) ⊙ a}.
 */
public final class Multiply extends Merge {
    /** Multiplies two inputs of one shape (one example's, as {@link Layer#inputShape()}). */
    public Multiply(int[] shape) {
        this(Collections.nCopies(2, shape));
    }

    private Multiply(List<int[]> shapes) {
        super(shapes, "Multiply");
        if (shapes.size() != 2 || !Arrays.equals(shapes.get(0), shapes.get(1))) {
            throw new IllegalArgumentException("Multiply needs two inputs of one shape, got " + shapesText());
        }
    }

    @Override
    public String name() {
        return "Multiply(" + shapesText().split(", ")[0] + ")";
    }

    @Override
    public int outputSize() {
        return size(0);
    }

    @Override
    public int[] outputShape() {
        return shapes.get(0).clone();
    }

    /** {@code out = a ⊙ b}. */
    @Override
    public void forward(INDArray[] inputs, INDArray out, boolean training) {
        Elementwise.multiply(Matrix.of(inputs[0], "a"), Matrix.of(inputs[1], "b"), Matrix.of(out, "out"));
    }

    /** {@code dJ/da = g ⊙ b}, {@code dJ/db = g ⊙ a}. */
    @Override
    public void backward(INDArray[] inputs, INDArray out, INDArray gradOut, INDArray[] gradInputs) {
        Matrix g = Matrix.of(gradOut, "gradOut");
        for (int k = 0; k < 2; k++) {
            if (gradInputs[k] != null) {
                Elementwise.multiply(g, Matrix.of(inputs[1 - k], "other"), Matrix.of(gradInputs[k], "gradIn"));
            }
        }
    }

    /** {@code [diag(b) diag(a)]}. */
    @Override
    protected double[][] referenceJacobian(double[] inputs) {
        int n = size(0);
        double[][] j = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            j[i][i] = inputs[n + i];
            j[i][n + i] = inputs[i];
        }
        return j;
    }

    /** The kind the model file writes: {@code multiply (shapes)}, each input's rank then dimensions. */
    public static final Kind<Multiply> KIND =
            Kind.of("multiply", s -> new Multiply(decodeShapes(s.doubles("shapes"))), Field.reals("shapes"));

    @Override
    public Spec spec() {
        return KIND.spec(encodedShapes());
    }
}
