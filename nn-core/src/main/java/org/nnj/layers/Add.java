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
 * The sum of branches of the same shape, {@code out = x_1 + x_2 + ... + x_k}: the join of a residual
 * connection, {@code x + f(x)} (He et al., 2016).
 *
 * <p><b>Backward.</b> Each Jacobian is the identity, {@code d out/dx_k = I}, so every input receives the
 * upstream gradient unchanged: {@code dJ/dx_k = dJ/d(out)}. In a residual block the gradient reaching
 * x is then {@code dJ/d(out) + J_f^T dJ/d(out)}: the graph adds the two paths where x fans out.
 */
public final class Add extends Merge {
    /** Adds {@code count} inputs of one shape (one example's, as {@link Layer#inputShape()}). */
    public Add(int[] shape, int count) {
        super(Collections.nCopies(Math.max(count, 0), shape), "Add");
    }

    private Add(List<int[]> shapes) {
        super(shapes, "Add");
        for (int[] s : shapes) {
            if (!Arrays.equals(s, shapes.get(0))) {
                throw new IllegalArgumentException("Add needs inputs of one shape, got " + shapesText());
            }
        }
    }

    @Override
    public String name() {
        return "Add(" + shapes.size() + " x " + shapesText().split(", ")[0] + ")";
    }

    @Override
    public int outputSize() {
        return size(0);
    }

    @Override
    public int[] outputShape() {
        return shapes.get(0).clone();
    }

    /** {@code out = Σ_k x_k}. */
    @Override
    public void forward(INDArray[] inputs, INDArray out, boolean training) {
        Matrix o = Matrix.of(out, "out");
        o.copyFrom(Matrix.of(inputs[0], "x0"));
        for (int k = 1; k < inputs.length; k++) {
            Elementwise.axpy(1, Matrix.of(inputs[k], "x"), o);
        }
    }

    /** {@code dJ/dx_k = dJ/d(out)} for every k. */
    @Override
    public void backward(INDArray[] inputs, INDArray out, INDArray gradOut, INDArray[] gradInputs) {
        Matrix g = Matrix.of(gradOut, "gradOut");
        for (INDArray gk : gradInputs) {
            if (gk != null) {
                Matrix.of(gk, "gradIn").copyFrom(g);
            }
        }
    }

    /** {@code [I I ... I]}: out_i depends on element i of every input with slope 1. */
    @Override
    protected double[][] referenceJacobian(double[] inputs) {
        int n = size(0);
        double[][] j = new double[n][n * shapes.size()];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < shapes.size(); k++) {
                j[i][k * n + i] = 1;
            }
        }
        return j;
    }

    /** The kind the model file writes: {@code add (shapes)}, each input's rank then dimensions. */
    public static final Kind<Add> KIND =
            Kind.of("add", s -> new Add(decodeShapes(s.doubles("shapes"))), Field.reals("shapes"));

    @Override
    public Spec spec() {
        return KIND.spec(encodedShapes());
    }
}
