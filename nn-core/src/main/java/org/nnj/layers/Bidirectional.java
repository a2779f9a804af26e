package org.nnj.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Require;
import org.nnj.Spec;
import org.nnj.init.Initializer;
import org.nnj.kernels.Elementwise;
import org.nnj.kernels.Matrix;

/**
 * Two recurrent layers of the same settings over one sequence, one forward and one from the last step
 * to the first (PyTorch's {@code bidirectional=True}, Keras's {@code Bidirectional} with concatenation):
 * {@code out_t = [h→_t, h←_t]} ({@code [time, 2·units]}) or, for "last", the two final states
 * {@code [h→_T, h←_1]} ({@code [2·units]}), where {@code h←} ran over steps T..1, so that its final
 * state has seen the whole sequence. With a mask, each direction skips the padded steps (carries its
 * state over them, outputs zero there), so the reversed run starts at the last real step, as a packed
 * sequence does in PyTorch.
 *
 * <p><b>Backward</b>: the output gradient splits into the two halves, each direction backpropagates
 * its half (see {@link RecurrentLayer}), and {@code dJ/dx = dJ/dx(→) + dJ/dx(←)}, since x feeds both.
 * Parameters are the two layers', named {@code forward.*} and {@code backward.*}.
 */
public final class Bidirectional extends BaseLayer implements MultiInputLayer {
    private static final int CACHED_SIZES = 4;

    private final RecurrentLayer fwd;
    private final RecurrentLayer bwd;
    private final int half;
    private final int steps;
    private List<Parameter> parameters = List.of();
    private final Matrix[][] caches = new Matrix[CACHED_SIZES][];
    private int nextSlot;

    /**
     * Both directions of {@code layer}'s kind and settings (time, features, units, sequences or last,
     * initializer); {@code layer} itself is only the template, and is not used.
     */
    public Bidirectional(RecurrentLayer layer) {
        Require.notNull(layer, "layer");
        if (layer.reversed) {
            throw new IllegalArgumentException(layer.name() + " is already one direction of a Bidirectional");
        }
        fwd = layer.twin(false);
        bwd = layer.twin(true);
        half = fwd.sequences ? fwd.units : fwd.outputSize();
        steps = fwd.sequences ? fwd.time : 1;
    }

    /** The forward-direction layer (its parameters are this layer's {@code forward.*}). */
    public RecurrentLayer forwardLayer() {
        return fwd;
    }

    /** The reversed-direction layer ({@code backward.*}). */
    public RecurrentLayer backwardLayer() {
        return bwd;
    }

    @Override
    public String name() {
        return "Bidirectional(" + fwd.name() + ")";
    }

    @Override
    public int inputSize() {
        return fwd.inputSize();
    }

    @Override
    public int outputSize() {
        return 2 * fwd.outputSize();
    }

    @Override
    public int[] inputShape() {
        return fwd.inputShape();
    }

    @Override
    public int[] outputShape() {
        return fwd.sequences ? new int[] {fwd.time, 2 * fwd.units} : new int[] {2 * fwd.units};
    }

    @Override
    public List<int[]> inputShapes() {
        return fwd.inputShapes();
    }

    @Override
    public void requireRepresentable(DataType type, String where) {
        fwd.requireRepresentable(type, where);
    }

    @Override
    public void build(DataType type, Random rng) {
        requireUnbuilt();
        fwd.build(type, rng);
        bwd.build(type, rng);
        List<Parameter> all = new ArrayList<>();
        fwd.parameters().forEach(p -> all.add(p.renamed("forward." + p.name())));
        bwd.parameters().forEach(p -> all.add(p.renamed("backward." + p.name())));
        parameters = List.copyOf(all);
    }

    @Override
    public boolean isBuilt() {
        return fwd.isBuilt();
    }

    @Override
    public DataType dataType() {
        return fwd.dataType();
    }

    @Override
    public long parameterCount() {
        return 2 * fwd.parameterCount();
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
        back(inputs[0], inputs.length > 1 ? inputs[1] : null, gradOut, gradInputs[0]);
        if (gradInputs.length > 1 && gradInputs[1] != null) {
            gradInputs[1].assign(0); // the mask is not differentiable
        }
    }

    /** {@code {forward out, backward out, forward grad, backward grad, second input gradient}}. */
    private Matrix[] buffers(int rows, boolean training) {
        if (training) {
            for (Matrix[] c : caches) {
                if (c != null && c[0].rows() == rows) {
                    return c;
                }
            }
        }
        int n = fwd.outputSize();
        DataType type = dataType();
        Matrix[] c = training
                ? new Matrix[] {
                    Matrix.allocate(type, rows, n),
                    Matrix.allocate(type, rows, n),
                    Matrix.allocate(type, rows, n),
                    Matrix.allocate(type, rows, n),
                    Matrix.allocate(type, rows, inputSize())
                }
                : new Matrix[] {Matrix.allocate(type, rows, n), Matrix.allocate(type, rows, n)};
        if (training) {
            caches[nextSlot] = c;
            nextSlot = (nextSlot + 1) % CACHED_SIZES;
        }
        return c;
    }

    private INDArray[] inputs(INDArray x, INDArray mask) {
        return mask == null ? new INDArray[] {x} : new INDArray[] {x, mask};
    }

    /**
     * The checked, allocating forward pass with a padding mask (inference mode), as
     * {@link RecurrentLayer#forward(INDArray, INDArray)}.
     */
    public INDArray forward(INDArray x, INDArray mask) {
        INDArray in = checkedInput(x, "x");
        RecurrentLayer.checkedMask(name(), x, mask, fwd.time, dataType());
        Matrix out = Matrix.allocate(dataType(), (int) x.size(0), outputSize());
        run(in, mask, out.array(), false);
        return out.array();
    }

    private void run(INDArray x, INDArray mask, INDArray out, boolean training) {
        Matrix xm = Matrix.of(x, "x");
        Matrix[] c = buffers(xm.rows(), training);
        INDArray[] in = inputs(x, mask);
        fwd.forward(in, c[0].array(), training);
        bwd.forward(in, c[1].array(), training);
        Matrix o = Matrix.of(out, "out");
        for (int r = 0; r < xm.rows() * steps; r++) { // out_t = [h→_t, h←_t]
            o.copyRange(c[0], r * half, 2 * r * half, half);
            o.copyRange(c[1], r * half, (2 * r + 1) * half, half);
        }
    }

    private void back(INDArray x, INDArray mask, INDArray gradOut, INDArray gradIn) {
        Matrix xm = Matrix.of(x, "x");
        Matrix[] c = buffers(xm.rows(), true);
        Matrix g = Matrix.of(gradOut, "gradOut");
        for (int r = 0; r < xm.rows() * steps; r++) {
            c[2].copyRange(g, 2 * r * half, r * half, half);
            c[3].copyRange(g, (2 * r + 1) * half, r * half, half);
        }
        INDArray[] in = inputs(x, mask);
        fwd.backward(in, c[0].array(), c[2].array(), new INDArray[] {gradIn});
        bwd.backward(in, c[1].array(), c[3].array(), new INDArray[] {gradIn == null ? null : c[4].array()});
        if (gradIn != null) {
            Elementwise.axpy(1, c[4], Matrix.of(gradIn, "gradIn")); // x feeds both directions
        }
    }

    /** The reference forward pass: the two directions' reference outputs, interleaved per step. */
    public double[][] referenceForward(double[][] x, double[][] mask) {
        double[][] f = fwd.referenceForward(x, mask);
        double[][] b = bwd.referenceForward(x, mask);
        double[][] out = new double[x.length][outputSize()];
        for (int n = 0; n < x.length; n++) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(f[n], t * half, out[n], 2 * t * half, half);
                System.arraycopy(b[n], t * half, out[n], (2 * t + 1) * half, half);
            }
        }
        return out;
    }

    /**
     * The reference gradients: the input's (the sum of both directions') and each direction's
     * parameters'.
     */
    public record Gradients(
            double[][] input, RecurrentReference.Weights forward, RecurrentReference.Weights backward) {}

    /** The reference backward pass for {@code gradOut} = dJ/d(out). */
    public Gradients referenceBackward(double[][] x, double[][] mask, double[][] gradOut) {
        double[][] gf = new double[x.length][fwd.outputSize()];
        double[][] gb = new double[x.length][fwd.outputSize()];
        for (int n = 0; n < x.length; n++) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(gradOut[n], 2 * t * half, gf[n], t * half, half);
                System.arraycopy(gradOut[n], (2 * t + 1) * half, gb[n], t * half, half);
            }
        }
        RecurrentReference.Gradients f = fwd.referenceBackward(x, mask, gf);
        RecurrentReference.Gradients b = bwd.referenceBackward(x, mask, gb);
        double[][] dx = f.input();
        for (int n = 0; n < x.length; n++) {
            for (int i = 0; i < dx[n].length; i++) {
                dx[n][i] += b.input()[n][i];
            }
        }
        return new Gradients(dx, f.weights(), b.weights());
    }

    /** {@code d out / dx} at one example, from the reference backward pass (writes no state). */
    @Override
    public INDArray jacobian(INDArray x) {
        double[][] row = Matrix.of(checkedExample(x), "x").array().toDoubleMatrix();
        Matrix j = Matrix.allocate(dataType(), outputSize(), inputSize());
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

    /**
     * The kind the model file writes: {@code bidirectional (cell, time, features, units, output)},
     * cell being the wrapped layer's number of gates (1 SimpleRNN, 4 LSTM, 3 GRU).
     */
    public static final Kind<Bidirectional> KIND = Kind.of(
            "bidirectional",
            s -> {
                SequenceShape in = new SequenceShape(s.intValue("time"), s.intValue("features"));
                int units = s.intValue("units");
                boolean seq = RecurrentLayer.everyStep(s);
                Initializer zeros = Initializer.zeros();
                return new Bidirectional(
                        switch (s.intValue("cell")) {
                            case 1 -> new SimpleRNN(in, units, seq, zeros);
                            case 4 -> new LSTM(in, units, seq, zeros);
                            case 3 -> new GRU(in, units, seq, zeros);
                            default -> throw new IllegalArgumentException("bidirectional cell must be 1 (SimpleRNN),"
                                    + " 4 (LSTM) or 3 (GRU), got " + s.intValue("cell"));
                        });
            },
            Field.integer("cell"),
            Field.integer("time"),
            Field.integer("features"),
            Field.integer("units"),
            Field.integer("output"));

    @Override
    public Spec spec() {
        return KIND.spec(fwd.gates(), fwd.time, fwd.features, fwd.units, fwd.sequences ? 2 : 1);
    }
}
