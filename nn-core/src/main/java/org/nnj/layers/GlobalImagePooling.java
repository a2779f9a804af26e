package org.nnj.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Require;
import org.nnj.Spec;
import org.nnj.kernels.GlobalPooling;
import org.nnj.kernels.Matrix;

/**
 * Global average or max pooling over image positions (Keras's {@code GlobalAveragePooling2D} and
 * {@code GlobalMaxPooling2D}): a {@code channels x height x width} image ({@link ImageShape},
 * channel-major rows) becomes {@code channels} values, each channel's mean or maximum over its
 * {@code P = height·width} pixels.
 *
 * <ul>
 *   <li>average: {@code out_c = (1/P) Σ_p x[c, p]}, {@code ∂out_c/∂x[c, p] = 1/P};</li>
 *   <li>max: {@code out_c = max_p x[c, p]}, {@code ∂out_c/∂x[c, p] = 1} at the first maximum, else 0;</li>
 * </ul>
 * so {@code dJ/dx[c, p] = dJ/dout_c / P} (average) or {@code dJ/dout_c} at the argmax (max). The argmax
 * is found again from x in the backward pass.
 */
public final class GlobalImagePooling extends NoParameters {
    private final boolean max;
    private final ImageShape input;
    private final GlobalPooling kernel;

    private GlobalImagePooling(boolean max, ImageShape input) {
        this.max = max;
        this.input = Require.notNull(input, "input");
        int positions = input.height() * input.width();
        this.kernel = new GlobalPooling(max, input.channels(), positions, 1, positions);
    }

    /** The mean of each channel. */
    public static GlobalImagePooling average(ImageShape input) {
        return new GlobalImagePooling(false, input);
    }

    /** The maximum of each channel. */
    public static GlobalImagePooling max(ImageShape input) {
        return new GlobalImagePooling(true, input);
    }

    public boolean isMax() {
        return max;
    }

    public ImageShape input() {
        return input;
    }

    @Override
    public String name() {
        return "GlobalImagePooling(" + (max ? "max" : "average") + ", " + input + "→" + input.channels() + ")";
    }

    @Override
    public int inputSize() {
        return input.size();
    }

    @Override
    public int outputSize() {
        return input.channels();
    }

    @Override
    public int[] inputShape() {
        return input.toArray();
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

    /** {@code d out/dx} (channels x C·H·W). */
    @Override
    public INDArray jacobian(INDArray x) {
        Matrix row = Matrix.of(checkedExample(x), "x");
        int c = input.channels();
        Matrix j = Matrix.allocate(dataType(), c, inputSize());
        Matrix g = Matrix.allocate(dataType(), 1, c);
        Matrix gradIn = Matrix.allocate(dataType(), 1, inputSize());
        for (int k = 0; k < c; k++) { // row k of the Jacobian is the backward pass of the unit vector e_k
            g.fill(0);
            g.set(k, 1);
            kernel.backward(row, null, g, gradIn);
            for (int i = 0; i < inputSize(); i++) {
                j.set(k, i, gradIn.get(i));
            }
        }
        return j.array();
    }

    /** The kind the model file writes: {@code global_image_pooling (mode, channels, height, width)} (mode 1: average, 2: max). */
    public static final Kind<GlobalImagePooling> KIND = Kind.of(
            "global_image_pooling",
            s -> new GlobalImagePooling(
                    s.intValue("mode") == 2,
                    new ImageShape(s.intValue("channels"), s.intValue("height"), s.intValue("width"))),
            Field.integer("mode"),
            Field.integer("channels"),
            Field.integer("height"),
            Field.integer("width"));

    @Override
    public Spec spec() {
        return KIND.spec(max ? 2 : 1, input.channels(), input.height(), input.width());
    }

    /** The reference: the mean or max of each channel's {@code height·width} values (channel-major rows). */
    double[][] reference(double[][] x) {
        int c = input.channels();
        int p = input.height() * input.width();
        double[][] out = new double[x.length][c];
        for (int n = 0; n < x.length; n++) {
            for (int k = 0; k < c; k++) {
                double acc = max ? Double.NEGATIVE_INFINITY : 0;
                for (int i = 0; i < p; i++) {
                    acc = max ? Math.max(acc, x[n][k * p + i]) : acc + x[n][k * p + i];
                }
                out[n][k] = max ? acc : acc / p;
            }
        }
        return out;
    }
}
