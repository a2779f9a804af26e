package org.nnj.layers;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Require;
import org.nnj.Spec;
import org.nnj.kernels.GlobalPooling;
import org.nnj.kernels.Matrix;

/**
 * Global average or max pooling over time (Keras's {@code GlobalAveragePooling1D} and
 * {@code GlobalMaxPooling1D}): a {@code time x features} sequence ({@link SequenceShape}) becomes
 * {@code features} values, each feature's mean or maximum over the steps. An optional padding mask
 * (batch x time, 1 = real step, 0 = padding) as the second input ({@link MultiInputLayer}) leaves
 * the padding out, so a padded sequence gives exactly the unpadded one's output; in a plain chain
 * (no mask) every step is real.
 *
 * <p>With the real steps R ({@code |R| = n}):
 * <ul>
 *   <li>average: {@code out_f = (1/n) Σ_{t ∈ R} x[t, f]}, {@code ∂out_f/∂x[t, f] = 1/n} for t in R, else 0;</li>
 *   <li>max: {@code out_f = max_{t ∈ R} x[t, f]}, {@code ∂out_f/∂x[t, f] = 1} at the first maximum, else 0;</li>
 * </ul>
 * so {@code dJ/dx[t, f]} is {@code dJ/dout_f / n} (average) or {@code dJ/dout_f} at the argmax (max),
 * and 0 on padding. A row with no real step gives 0 and a zero gradient. The mask gets no gradient
 * (zeros if asked). The argmax is found again from x in the backward pass: no state between passes.
 */
public final class GlobalTimePooling extends NoParameters implements MultiInputLayer {
    private final boolean max;
    private final SequenceShape shape;
    private final GlobalPooling kernel;

    private GlobalTimePooling(boolean max, SequenceShape shape) {
        this.max = max;
        this.shape = Require.notNull(shape, "shape");
        this.kernel = new GlobalPooling(max, shape.features(), shape.time(), shape.features(), 1);
    }

    /** The mean over the (real) steps. */
    public static GlobalTimePooling average(int time, int features) {
        return new GlobalTimePooling(false, new SequenceShape(time, features));
    }

    /** The maximum over the (real) steps. */
    public static GlobalTimePooling max(int time, int features) {
        return new GlobalTimePooling(true, new SequenceShape(time, features));
    }

    public boolean isMax() {
        return max;
    }

    public SequenceShape shape() {
        return shape;
    }

    @Override
    public String name() {
        return "GlobalTimePooling(" + (max ? "max" : "average") + ", " + shape + "→" + shape.features() + ")";
    }

    @Override
    public int inputSize() {
        return shape.size();
    }

    @Override
    public int outputSize() {
        return shape.features();
    }

    @Override
    public int[] inputShape() {
        return shape.toArray();
    }

    /** The sequence, then the optional mask ({@code [time]}). */
    @Override
    public List<int[]> inputShapes() {
        return List.of(shape.toArray(), new int[] {shape.time()});
    }

    private static Matrix mask(INDArray[] inputs) {
        return inputs.length > 1 && inputs[1] != null ? Matrix.of(inputs[1], "mask") : null;
    }

    @Override
    public void forward(INDArray x, INDArray out, boolean training) {
        kernel.forward(Matrix.of(x, "x"), null, Matrix.of(out, "out"));
    }

    @Override
    public void backward(INDArray x, INDArray out, INDArray gradOut, INDArray gradIn) {
        if (gradIn != null) {
            kernel.backward(Matrix.of(x, "x"), null, Matrix.of(gradOut, "gradOut"), Matrix.of(gradIn, "gradIn"));
        }
    }

    /** {@code inputs = {x, mask}} (the mask may be left out, or null: every step real). */
    @Override
    public void forward(INDArray[] inputs, INDArray out, boolean training) {
        kernel.forward(Matrix.of(inputs[0], "x"), mask(inputs), Matrix.of(out, "out"));
    }

    @Override
    public void backward(INDArray[] inputs, INDArray out, INDArray gradOut, INDArray[] gradInputs) {
        if (gradInputs[0] != null) {
            kernel.backward(
                    Matrix.of(inputs[0], "x"),
                    mask(inputs),
                    Matrix.of(gradOut, "gradOut"),
                    Matrix.of(gradInputs[0], "gradIn"));
        }
        if (gradInputs.length > 1 && gradInputs[1] != null) {
            Matrix.of(gradInputs[1], "mask gradient").fill(0);
        }
    }

    /** {@code d out/dx} (features x time·features), every step real. */
    @Override
    public INDArray jacobian(INDArray x) {
        Matrix row = Matrix.of(checkedExample(x), "x");
        int f = shape.features();
        Matrix j = Matrix.allocate(dataType(), f, inputSize());
        Matrix g = Matrix.allocate(dataType(), 1, f);
        Matrix gradIn = Matrix.allocate(dataType(), 1, inputSize());
        for (int k = 0; k < f; k++) { // row k of the Jacobian is the backward pass of the unit vector e_k
            g.fill(0);
            g.set(k, 1);
            kernel.backward(row, null, g, gradIn);
            for (int i = 0; i < inputSize(); i++) {
                j.set(k, i, gradIn.get(i));
            }
        }
        return j.array();
    }

    /** The kind the model file writes: {@code global_time_pooling (mode, time, features)} (mode 1: average, 2: max). */
    public static final Kind<GlobalTimePooling> KIND = Kind.of(
            "global_time_pooling",
            s -> new GlobalTimePooling(
                    s.intValue("mode") == 2, new SequenceShape(s.intValue("time"), s.intValue("features"))),
            Field.integer("mode"),
            Field.integer("time"),
            Field.integer("features"));

    @Override
    public Spec spec() {
        return KIND.spec(max ? 2 : 1, shape.time(), shape.features());
    }

    /**
     * The reference forward pass over rows of {@code x} (time-major) with a mask (or null): the mean or
     * max of each feature over the real steps, 0 if none.
     */
    double[][] reference(double[][] x, double[][] mask) {
        int time = shape.time();
        int f = shape.features();
        double[][] out = new double[x.length][f];
        for (int n = 0; n < x.length; n++) {
            for (int k = 0; k < f; k++) {
                double acc = max ? Double.NEGATIVE_INFINITY : 0;
                int count = 0;
                for (int t = 0; t < time; t++) {
                    if (mask == null || mask[n][t] != 0) {
                        acc = max ? Math.max(acc, x[n][t * f + k]) : acc + x[n][t * f + k];
                        count++;
                    }
                }
                out[n][k] = count == 0 ? 0 : max ? acc : acc / count;
            }
        }
        return out;
    }

    /** The reference input gradient: {@code gradOut / n} on real steps (average), or at the first argmax (max). */
    double[][] referenceGradient(double[][] x, double[][] mask, double[][] gradOut) {
        int time = shape.time();
        int f = shape.features();
        double[][] g = new double[x.length][time * f];
        for (int n = 0; n < x.length; n++) {
            for (int k = 0; k < f; k++) {
                int count = 0;
                int best = -1;
                for (int t = 0; t < time; t++) {
                    if (mask == null || mask[n][t] != 0) {
                        count++;
                        if (best < 0 || x[n][t * f + k] > x[n][best * f + k]) {
                            best = t;
                        }
                    }
                }
                for (int t = 0; t < time && count > 0; t++) {
                    boolean real = mask == null || mask[n][t] != 0;
                    if (max) {
                        g[n][t * f + k] = t == best ? gradOut[n][k] : 0;
                    } else {
                        g[n][t * f + k] = real ? gradOut[n][k] / count : 0;
                    }
                }
            }
        }
        return g;
    }
}
