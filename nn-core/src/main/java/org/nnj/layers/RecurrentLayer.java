package org.nnj.layers;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Require;
import org.nnj.init.Initializer;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.Memory;
import org.nnj.kernels.Recurrent;
import org.nnj.kernels.RecurrentBuffers;

/**
 * What {@link SimpleRNN}, {@link LSTM} and {@link GRU} share: a cell of G gates of {@code units} units
 * run over a sequence ({@link SequenceShape}: row n holds sequence n time-major) from a zero state,
 * outputting every step's state ({@code [time, units]}) or the final one ({@code [units]}), with an
 * optional padding mask as second input ({@link MultiInputLayer}): at a padded step the state is
 * carried over unchanged and the output is zero, so that "last" is the state after the last real
 * step and a padded sequence gives the unpadded one's outputs, loss and gradients.
 *
 * <p>Parameters, in PyTorch's layout and names: {@code weight_ih} (G·units x features),
 * {@code weight_hh} (G·units x units), {@code bias_ih} and {@code bias_hh} (1 x G·units), the gate
 * blocks stacked in PyTorch's order. Each step's pre-activations are
 * {@code a_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh} (GRU keeps the n block apart, see there).
 * Default initializer PyTorch's: every tensor {@code U(-1/sqrt(units), 1/sqrt(units))} (Keras instead
 * uses Glorot-uniform input weights, orthogonal recurrent weights and zero biases).
 *
 * <p><b>Backpropagation through time</b>, the chain of per-step Jacobians: from {@code dJ/dh_T}
 * (the gradient of "last", or 0 for sequences) backwards over t, {@code dJ/dh_t} gets
 * {@code dJ/d(out_t)} added (sequences), the cell turns it (and, for the LSTM, {@code dJ/dc_t}) into
 * the gate pre-activation gradients {@code da_t}, and then {@code dJ/dh_{t-1} = W_hhᵀ da_t + (the
 * cell's direct path)}, {@code dJ/dx_t = W_ihᵀ da_t}. The parameter gradients are summed over the
 * steps: {@code dW_ih = Σ_t da_t x_tᵀ}, {@code dW_hh = Σ_t da_t h_{t-1}ᵀ}, {@code db = Σ_t da_t}
 * (and over the batch). A padded step has {@code da_t = 0}, {@code dJ/dx_t = 0}, and passes
 * {@code dJ/dh} (and {@code dJ/dc}) through unchanged.
 *
 * <p>Each subclass holds the plain reference implementation of its cell (loops over doubles, one
 * example and one step at a time: {@link #referenceForward}, {@link #referenceBackward}); the engine
 * methods run the fast path {@link Recurrent}. Training passes keep their gates and states in buffers
 * per batch size, made once; inference passes use buffers of their own and write no instance state.
 */
public abstract class RecurrentLayer extends BaseLayer implements MultiInputLayer {
    private static final int CACHED_SIZES = 4;

    final int time;
    final int features;
    final int units;
    final boolean sequences;
    final boolean reversed;
    final Initializer init;

    private DataType type;
    private Matrix wIh;
    private Matrix wHh;
    private Matrix bIh;
    private Matrix bHh;
    private Recurrent.Weights weights;
    private List<Parameter> parameters = List.of();
    private final RecurrentBuffers[] caches = new RecurrentBuffers[CACHED_SIZES];
    private int nextSlot;

    RecurrentLayer(SequenceShape input, int units, boolean sequences, Initializer init, boolean reversed) {
        Require.notNull(input, "input");
        this.time = input.time();
        this.features = input.features();
        this.units = Require.positive(units, "units");
        this.sequences = sequences;
        this.init = init == null ? Initializer.uniform(-1 / Math.sqrt(units), 1 / Math.sqrt(units)) : init;
        this.reversed = reversed;
        if (sequences && (long) time * units > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "a sequence of " + time + " steps of " + units + " units has too many values for one row");
        }
    }

    /**
     * A kind's {@code output} setting: 2 for every step, 1 for the last.
     *
     * @throws IllegalArgumentException for any other code, naming the kind
     */
    static boolean everyStep(org.nnj.Spec s) {
        int code = s.intValue("output");
        if (code != 1 && code != 2) {
            throw new IllegalArgumentException(
                    s.kind() + " output must be 1 (the last step) or 2 (every step), got " + code);
        }
        return code == 2;
    }

    /** The number of gates G: 1 (tanh RNN), 4 (LSTM), 3 (GRU). */
    abstract int gates();

    /** The class's short name, as in names and messages. */
    abstract String cellName();

    /** The same layer, unbuilt, running in the given direction (for {@link Bidirectional}). */
    abstract RecurrentLayer twin(boolean reversed);

    /**
     * One step of the cell for one example, plain doubles: from {@code x} (features), {@code h} and
     * {@code c} (units; c is the LSTM's cell state, zeros for the others) returns the new h, the new c,
     * then whatever {@link #referenceStepBack} needs (such as the gates).
     */
    abstract double[][] referenceStep(RecurrentReference.Weights w, double[] x, double[] h, double[] c);

    /**
     * The step's backward for one example: given {@code dh} and {@code dc} (gradients of the new h and
     * c), adds the step's parameter gradients to {@code acc}, writes {@code dJ/dx} into {@code dx} and
     * returns {@code {dJ/dh_{t-1}, dJ/dc_{t-1}}}.
     */
    abstract double[][] referenceStepBack(
            RecurrentReference.Weights w,
            double[] x,
            double[] h,
            double[] c,
            double[][] saved,
            double[] dh,
            double[] dc,
            RecurrentReference.Weights acc,
            double[] dx);

    @Override
    public String name() {
        return cellName() + "(" + time + "x" + features + "→" + (sequences ? time + "x" : "") + units + ")";
    }

    /** The input's shape, time x features. */
    public SequenceShape input() {
        return new SequenceShape(time, features);
    }

    public int units() {
        return units;
    }

    /** True if the output is every step ({@code [time, units]}), false if it is the last state. */
    public boolean returnsSequences() {
        return sequences;
    }

    @Override
    public int inputSize() {
        return time * features;
    }

    @Override
    public int outputSize() {
        return sequences ? time * units : units;
    }

    @Override
    public int[] inputShape() {
        return new int[] {time, features};
    }

    @Override
    public int[] outputShape() {
        return sequences ? new int[] {time, units} : new int[] {units};
    }

    /** The sequence, then the optional mask (one value per step). */
    @Override
    public List<int[]> inputShapes() {
        return List.of(inputShape(), new int[] {time});
    }

    /** W_ih (G·units x features), live. */
    public INDArray weightIh() {
        requireBuilt();
        return wIh.array();
    }

    /** W_hh (G·units x units), live. */
    public INDArray weightHh() {
        requireBuilt();
        return wHh.array();
    }

    /** b_ih (1 x G·units), live. */
    public INDArray biasIh() {
        requireBuilt();
        return bIh.array();
    }

    /** b_hh (1 x G·units), live. */
    public INDArray biasHh() {
        requireBuilt();
        return bHh.array();
    }

    @Override
    public void requireRepresentable(DataType type, String where) {
        init.requireRepresentable(type, where + " init");
        Memory.requireAddressable(type, (long) gates() * units, Math.max(features, units));
    }

    @Override
    public void build(DataType type, Random rng) {
        requireUnbuilt();
        Require.floatOrDouble(type, "type");
        requireRepresentable(type, name());
        int gh = gates() * units;
        this.type = type;
        wIh = Matrix.allocate(type, gh, features);
        wHh = Matrix.allocate(type, gh, units);
        bIh = Matrix.allocate(type, 1, gh);
        bHh = Matrix.allocate(type, 1, gh);
        Matrix gwIh = Matrix.allocate(type, gh, features);
        Matrix gwHh = Matrix.allocate(type, gh, units);
        Matrix gbIh = Matrix.allocate(type, 1, gh);
        Matrix gbHh = Matrix.allocate(type, 1, gh);
        init.fill(wIh.array(), features, gh, rng);
        init.fill(wHh.array(), units, gh, rng);
        init.fill(bIh.array(), features, gh, rng);
        init.fill(bHh.array(), units, gh, rng);
        weights = new Recurrent.Weights(wIh, wHh, bIh, bHh, gwIh, gwHh, gbIh, gbHh);
        parameters = List.of(
                new Parameter("weight_ih", wIh.array(), gwIh.array()),
                new Parameter("weight_hh", wHh.array(), gwHh.array()),
                new Parameter("bias_ih", bIh.array(), gbIh.array()),
                new Parameter("bias_hh", bHh.array(), gbHh.array()));
    }

    @Override
    public boolean isBuilt() {
        return weights != null;
    }

    @Override
    public DataType dataType() {
        return type;
    }

    /** {@code G·units·(features + units + 2)}. */
    @Override
    public long parameterCount() {
        return (long) gates() * units * (features + units + 2);
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public void forward(INDArray x, INDArray out, boolean training) {
        run(x, null, out, training);
    }

    @Override
    public void forward(INDArray[] inputs, INDArray out, boolean training) {
        run(inputs[0], inputs.length > 1 ? inputs[1] : null, out, training);
    }

    @Override
    public void backward(INDArray x, INDArray out, INDArray gradOut, INDArray gradIn) {
        back(x, null, gradOut, gradIn);
    }

    @Override
    public void backward(INDArray[] inputs, INDArray out, INDArray gradOut, INDArray[] gradInputs) {
        INDArray mask = inputs.length > 1 ? inputs[1] : null;
        back(inputs[0], mask, gradOut, gradInputs[0]);
        if (gradInputs.length > 1 && gradInputs[1] != null) {
            gradInputs[1].assign(0); // the mask is not differentiable
        }
    }

    /**
     * The checked, allocating forward pass with a padding mask (inference mode), for use on its own:
     * {@code x} is batch x time·features, {@code mask} batch x time of 0 (padding) and 1 (a real step),
     * of the layer's type.
     */
    public INDArray forward(INDArray x, INDArray mask) {
        INDArray in = checkedInput(x, "x");
        checkedMask(name(), x, mask, time, type);
        Matrix out = Matrix.allocate(type, (int) x.size(0), outputSize());
        run(in, mask, out.array(), false);
        return out.array();
    }

    /**
     * Refuses a mask that is not batch x time of 0s and 1s of the layer's type.
     *
     * @throws IllegalArgumentException naming the layer, both shapes and the fix
     */
    static void checkedMask(String layer, INDArray x, INDArray mask, int time, DataType type) {
        Require.notNull(mask, "mask");
        if (mask.rank() != 2 || mask.size(0) != x.size(0) || mask.size(1) != time) {
            throw new IllegalArgumentException(layer + " expects mask of shape [" + x.size(0) + ", " + time
                    + "] (one value per step of each of x's " + x.size(0) + " rows), got "
                    + java.util.Arrays.toString(mask.shape()));
        }
        if (mask.dataType() != type) {
            throw new IllegalArgumentException(layer + " holds " + type + " parameters but mask is " + mask.dataType()
                    + "; convert it with castTo(" + type + ")");
        }
        Matrix m = Matrix.of(mask, "mask");
        for (int i = 0; i < m.size(); i++) {
            double v = m.get(i);
            if (v != 0 && v != 1) {
                throw new IllegalArgumentException(layer + ": mask values must be 1 (a real step) or 0 (padding),"
                        + " got " + v + " at row " + i / time + ", step " + i % time);
            }
        }
    }

    private void run(INDArray x, INDArray mask, INDArray out, boolean training) {
        Matrix xm = Matrix.of(x, "x");
        RecurrentBuffers buf = training ? buffers(xm.rows()) : newBuffers(xm.rows(), false);
        Recurrent.forward(
                gates(),
                features,
                reversed,
                sequences,
                xm,
                mask == null ? null : Matrix.of(mask, "mask"),
                weights,
                Matrix.of(out, "out"),
                buf);
        if (training) {
            buf.filled(x, mask);
        }
    }

    /**
     * Backward for the last training pass on {@code x} and {@code mask}; after an inference pass (the
     * one-argument {@link #forward(INDArray)}), the training pass is run first to keep the gates.
     */
    private void back(INDArray x, INDArray mask, INDArray gradOut, INDArray gradIn) {
        Matrix xm = Matrix.of(x, "x");
        RecurrentBuffers buf = buffers(xm.rows());
        if (!buf.filledFrom(x, mask)) {
            run(x, mask, Matrix.allocate(type, xm.rows(), outputSize()).array(), true);
        }
        Recurrent.backward(
                gates(),
                features,
                reversed,
                sequences,
                xm,
                mask == null ? null : Matrix.of(mask, "mask"),
                weights,
                Matrix.of(gradOut, "gradOut"),
                gradIn == null ? null : Matrix.of(gradIn, "gradIn"),
                buf);
    }

    private RecurrentBuffers newBuffers(int rows, boolean training) {
        return new RecurrentBuffers(type, rows, time, units, gates(), training);
    }

    private RecurrentBuffers buffers(int rows) {
        for (RecurrentBuffers b : caches) {
            if (b != null && b.batch() == rows) {
                return b;
            }
        }
        RecurrentBuffers b = newBuffers(rows, true);
        caches[nextSlot] = b;
        nextSlot = (nextSlot + 1) % CACHED_SIZES;
        return b;
    }

    /**
     * The reference forward pass (plain doubles, one example and one step at a time) of {@code x}
     * (batch x time·features) with {@code mask} (batch x time, or null): the outputs, batch x
     * {@link #outputSize()}.
     */
    public double[][] referenceForward(double[][] x, double[][] mask) {
        requireBuilt();
        return RecurrentReference.forward(this, RecurrentReference.Weights.of(this), x, mask);
    }

    /**
     * The reference backward pass for {@code gradOut} = dJ/d(out) at {@code x} and {@code mask}: the
     * input gradient and the parameter gradients, in {@link #parameters()} order.
     */
    public RecurrentReference.Gradients referenceBackward(double[][] x, double[][] mask, double[][] gradOut) {
        requireBuilt();
        return RecurrentReference.backward(this, RecurrentReference.Weights.of(this), x, mask, gradOut);
    }

    /**
     * {@code d out / dx} at one example, from the reference backward pass with each unit vector as
     * {@code dJ/d(out)} (writes no state).
     */
    @Override
    public INDArray jacobian(INDArray x) {
        double[][] row = Matrix.of(checkedExample(x), "x").array().toDoubleMatrix();
        Matrix j = Matrix.allocate(type, outputSize(), inputSize());
        for (int k = 0; k < outputSize(); k++) {
            double[][] e = new double[1][outputSize()];
            e[0][k] = 1;
            double[] dx = referenceBackward(row, null, e).input()[0];
            for (int i = 0; i < dx.length; i++) {
                j.set(k, i, dx[i]);
            }
        }
        return j.array();
    }
}
