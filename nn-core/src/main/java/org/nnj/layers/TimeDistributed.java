package org.nnj.layers;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Require;
import org.nnj.Spec;
import org.nnj.activations.Activation;
import org.nnj.init.Initializer;
import org.nnj.kernels.Matrix;

/**
 * A flat layer applied to every step of a sequence, with the same parameters at every step (Keras's
 * {@code TimeDistributed}): the input is {@code time x in} ({@link SequenceShape}), the output
 * {@code time x out}, {@code out_t = inner(x_t)}. A batch x (time·in) c-order matrix is, in the same
 * memory, the (batch·time) x in matrix of its steps, so the inner layer runs once on that view (no
 * copy): a {@link Dense} at every step is one matrix product.
 *
 * <p><b>Backward.</b> The Jacobian is block-diagonal, {@code d out/dx = diag(J_inner(x_0), ...,
 * J_inner(x_{time-1}))}, so {@code dJ/dx_t = J_inner(x_t)^T dJ/dout_t}; the parameters are shared, so
 * their gradient is the sum over steps (and rows) of the per-step gradients, which is what the inner
 * layer's backward over the (batch·time) rows computes.
 *
 * <p>Any flat layer runs at every step; the model file and the ONNX export know a {@link Dense} inner
 * layer.
 */
public final class TimeDistributed extends BaseLayer {
    private final Layer inner;
    private final int time;

    /** Views of the network's buffers as (batch·time) x features, made once per buffer in training. */
    private final INDArray[] keys = new INDArray[8];

    private final INDArray[] views = new INDArray[8];
    private int next;

    /** {@code inner} at each of {@code time} steps; {@code inner} must be flat and becomes part of this layer. */
    public TimeDistributed(Layer inner, int time) {
        this.inner = Require.notNull(inner, "inner");
        this.time = Require.positive(time, "time");
        if (inner.inputShape().length != 1 || inner.outputShape().length != 1) {
            throw new IllegalArgumentException("TimeDistributed applies a flat layer at every step, but " + inner.name()
                    + " takes " + java.util.Arrays.toString(inner.inputShape()) + " and gives "
                    + java.util.Arrays.toString(inner.outputShape()));
        }
        new SequenceShape(time, inner.inputSize());
        new SequenceShape(time, inner.outputSize());
    }

    public Layer inner() {
        return inner;
    }

    public int time() {
        return time;
    }

    @Override
    public String name() {
        return "TimeDistributed(" + inner.name() + ", time " + time + ")";
    }

    @Override
    public int inputSize() {
        return time * inner.inputSize();
    }

    @Override
    public int outputSize() {
        return time * inner.outputSize();
    }

    @Override
    public int[] inputShape() {
        return new int[] {time, inner.inputSize()};
    }

    @Override
    public int[] outputShape() {
        return new int[] {time, inner.outputSize()};
    }

    @Override
    public void requireRepresentable(DataType type, String where) {
        inner.requireRepresentable(type, where + " inner");
    }

    @Override
    public void build(DataType type, Random rng) {
        requireUnbuilt();
        Require.floatOrDouble(type, "type");
        if (inner.isBuilt()) {
            if (inner.dataType() != type) {
                throw new IllegalArgumentException(
                        name() + ": the inner layer was built as " + inner.dataType() + ", not " + type);
            }
        } else {
            inner.build(type, rng);
        }
    }

    @Override
    public boolean isBuilt() {
        return inner.isBuilt();
    }

    @Override
    public DataType dataType() {
        return inner.dataType();
    }

    @Override
    public long parameterCount() {
        return inner.parameterCount();
    }

    /** The inner layer's parameters, shared by every step. */
    @Override
    public List<Parameter> parameters() {
        return inner.parameters();
    }

    @Override
    public List<Parameter> buffers() {
        return inner.buffers();
    }

    /** {@code a} (batch x time·cols) seen as (batch·time) x cols, over the same memory. */
    private INDArray steps(INDArray a, int cols, boolean cache) {
        if (!cache) {
            return a.reshape('c', a.size(0) * time, cols);
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == a) {
                return views[i];
            }
        }
        INDArray v = a.reshape('c', a.size(0) * time, cols);
        keys[next] = a;
        views[next] = v;
        next = (next + 1) % keys.length;
        return v;
    }

    /** {@code out_t = inner(x_t)} for every step, as one pass of the inner layer over the (batch·time) rows. */
    @Override
    public void forward(INDArray x, INDArray out, boolean training) {
        inner.forward(steps(x, inner.inputSize(), training), steps(out, inner.outputSize(), training), training);
    }

    /** {@code dJ/dx_t = J_inner(x_t)^T dJ/dout_t}; parameter gradients summed over steps and rows. */
    @Override
    public void backward(INDArray x, INDArray out, INDArray gradOut, INDArray gradIn) {
        inner.backward(
                steps(x, inner.inputSize(), true),
                steps(out, inner.outputSize(), true),
                steps(gradOut, inner.outputSize(), true),
                gradIn == null ? null : steps(gradIn, inner.inputSize(), true));
    }

    /** The block-diagonal {@code diag(J_inner(x_0), ..., J_inner(x_{time-1}))}. */
    @Override
    public INDArray jacobian(INDArray x) {
        Matrix row = Matrix.of(checkedExample(x), "x");
        int in = inner.inputSize();
        int o = inner.outputSize();
        Matrix j = Matrix.allocate(dataType(), outputSize(), inputSize());
        Matrix step = Matrix.allocate(dataType(), 1, in);
        for (int t = 0; t < time; t++) {
            step.copyRange(row, t * in, 0, in);
            Matrix block = Matrix.of(inner.jacobian(step.array()), "inner Jacobian");
            for (int r = 0; r < o; r++) {
                for (int c = 0; c < in; c++) {
                    j.set(t * o + r, t * in + c, block.get(r, c));
                }
            }
        }
        return j.array();
    }

    /**
     * The kind the model file writes for a {@link Dense} inner layer: {@code time_distributed_dense (time,
     * in, out, activation)}.
     */
    public static final Kind<TimeDistributed> KIND = Kind.of(
            "time_distributed_dense",
            s -> new TimeDistributed(
                    new Dense(
                            s.intValue("in"),
                            s.intValue("out"),
                            Activation.fromSpec(s.spec("activation")),
                            Initializer.zeros(),
                            Initializer.zeros()),
                    s.intValue("time")),
            Field.integer("time"),
            Field.integer("in"),
            Field.integer("out"),
            Field.activation("activation"));

    /**
     * {@link #KIND}'s spec for a Dense inner layer; for another inner layer a {@code time_distributed}
     * spec that names it (which the model file does not know, and refuses).
     */
    @Override
    public Spec spec() {
        if (inner instanceof Dense d) {
            return KIND.spec(time, d.inputSize(), d.outputSize(), d.activation().spec());
        }
        return Spec.of("time_distributed").with("time", time).with("inner", inner.spec());
    }

    /** The reference: {@code out[n][t*o ..] = f(x[n][t*in ..])} for a per-step function f. */
    static double[][] reference(double[][] x, int time, java.util.function.UnaryOperator<double[]> f) {
        double[][] out = new double[x.length][];
        for (int n = 0; n < x.length; n++) {
            int in = x[n].length / time;
            double[] row = null;
            for (int t = 0; t < time; t++) {
                double[] y = f.apply(java.util.Arrays.copyOfRange(x[n], t * in, (t + 1) * in));
                if (row == null) {
                    row = new double[time * y.length];
                }
                System.arraycopy(y, 0, row, t * y.length, y.length);
            }
            out[n] = row;
        }
        return out;
    }
}
