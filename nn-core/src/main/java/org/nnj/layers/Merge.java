package org.nnj.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Require;
import org.nnj.kernels.Matrix;

/**
 * A parameter-free layer that combines the outputs of several branches of a graph network into one
 * ({@link Add}, {@link Concatenate}, {@link Multiply}). It is made for the shapes of the branches it
 * joins (one example's shape each, as {@link Layer#inputShape()} gives it); the graph builder makes it.
 *
 * <p>As a {@link Layer} on its own, its one input is the concatenation of all its inputs (one example
 * per row, the inputs side by side), so {@link #jacobian} is {@code d out / d(x_1, ..., x_k)}, the
 * blocks {@code d out/dx_k} side by side.
 */
public abstract class Merge extends NoParameters implements MultiInputLayer {
    /** The shape of one example of each input. */
    protected final List<int[]> shapes;

    protected Merge(List<int[]> shapes, String what) {
        Require.notNull(shapes, "shapes");
        if (shapes.size() < 2) {
            throw new IllegalArgumentException(what + " joins at least 2 inputs, got " + shapes.size());
        }
        List<int[]> copy = new ArrayList<>();
        for (int[] s : shapes) {
            Require.notNull(s, "shape");
            if (s.length == 0 || Arrays.stream(s).anyMatch(d -> d <= 0)) {
                throw new IllegalArgumentException(
                        what + " got an input shape " + Arrays.toString(s) + "; every dimension must be positive");
            }
            long values = 1;
            for (int d : s) {
                values *= d;
            }
            if (values > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + " got an input shape " + Arrays.toString(s) + " of " + values
                        + " values, more than one row holds");
            }
            copy.add(s.clone());
        }
        this.shapes = List.copyOf(copy);
    }

    /** The size of one example of input k. */
    protected int size(int k) {
        return Arrays.stream(shapes.get(k)).reduce(1, (a, b) -> a * b);
    }

    /** Shapes as written: the spec's {@code shapes}, each as its rank then its dimensions. */
    protected double[] encodedShapes() {
        List<Double> v = new ArrayList<>();
        for (int[] s : shapes) {
            v.add((double) s.length);
            for (int d : s) {
                v.add((double) d);
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The inverse of {@link #encodedShapes()}, for a kind's factory. */
    protected static List<int[]> decodeShapes(double[] v) {
        List<int[]> shapes = new ArrayList<>();
        int i = 0;
        while (i < v.length) {
            int rank = whole(v[i++], 3, v);
            if (rank > v.length - i) {
                throw new IllegalArgumentException("corrupted merge shapes " + Arrays.toString(v));
            }
            int[] s = new int[rank];
            for (int j = 0; j < rank; j++) {
                s[j] = whole(v[i++], 1 << 24, v);
            }
            shapes.add(s);
        }
        return shapes;
    }

    /** A whole number in [1, max], else the shapes are refused. */
    private static int whole(double d, int max, double[] v) {
        if (!(d >= 1 && d <= max) || d != Math.rint(d)) {
            throw new IllegalArgumentException("corrupted merge shapes " + Arrays.toString(v));
        }
        return (int) d;
    }

    protected String shapesText() {
        return shapes.stream()
                .map(s -> Arrays.stream(s).mapToObj(Integer::toString).collect(Collectors.joining("x")))
                .collect(Collectors.joining(", "));
    }

    /** A merge needs every input it was made for. */
    @Override
    public int requiredInputs() {
        return shapes.size();
    }

    @Override
    public List<int[]> inputShapes() {
        return shapes.stream().map(int[]::clone).toList();
    }

    @Override
    public int[] inputShape() {
        return shapes.get(0).clone();
    }

    @Override
    public int inputSize() {
        return size(0);
    }

    /** As a plain layer, the one input is every input side by side. */
    @Override
    public void forward(INDArray x, INDArray out, boolean training) {
        forward(split(x), out, training);
    }

    @Override
    public void backward(INDArray x, INDArray out, INDArray gradOut, INDArray gradIn) {
        INDArray[] inputs = split(x);
        INDArray[] grads = new INDArray[shapes.size()];
        for (int k = 0; k < grads.length; k++) {
            grads[k] = Matrix.allocate(dataType(), inputs[k].rows(), size(k)).array();
        }
        backward(inputs, out, gradOut, grads);
        if (gradIn != null) {
            Matrix g = Matrix.of(gradIn, "gradIn");
            int col = 0;
            for (int k = 0; k < grads.length; k++) {
                org.nnj.kernels.Columns.copy(Matrix.of(grads[k], "grad"), 0, g, col, size(k), g.rows());
                col += size(k);
            }
        }
    }

    /** The columns of x (every input side by side) as one matrix per input. */
    private INDArray[] split(INDArray x) {
        Matrix m = Matrix.of(x, "x");
        INDArray[] parts = new INDArray[shapes.size()];
        int col = 0;
        for (int k = 0; k < parts.length; k++) {
            Matrix p = Matrix.allocate(dataType(), m.rows(), size(k));
            org.nnj.kernels.Columns.copy(m, col, p, 0, size(k), m.rows());
            parts[k] = p.array();
            col += size(k);
        }
        return parts;
    }

    /** {@code d out / d(x_1, ..., x_k)} at one example x (1 x the sum of the input sizes). */
    @Override
    public INDArray jacobian(INDArray x) {
        Matrix row = Matrix.of(x, "x");
        int total = shapes.stream()
                .mapToInt(s -> Arrays.stream(s).reduce(1, (a, b) -> a * b))
                .sum();
        if (row.rows() != 1 || row.cols() != total) {
            throw new IllegalArgumentException(
                    name() + ": the Jacobian is for one example of all inputs side by side, 1 x " + total + ", got "
                            + row.describe());
        }
        double[] v = new double[total];
        for (int i = 0; i < total; i++) {
            v[i] = row.get(i);
        }
        return Matrix.fromRows(referenceJacobian(v), dataType()).array();
    }

    /** The Jacobian from the equation, at one example of all inputs side by side. */
    protected abstract double[][] referenceJacobian(double[] inputs);

    @Override
    public boolean sharable() {
        return true;
    }
}
