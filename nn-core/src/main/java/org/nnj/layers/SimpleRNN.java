package org.nnj.layers;

import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Spec;
import org.nnj.init.Initializer;

/**
 * The Elman recurrent layer with tanh (PyTorch's {@code nn.RNN}, Keras's {@code SimpleRNN}):
 * <pre>
 *   h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)
 * </pre>
 * from {@code h_0 = 0} (see {@link RecurrentLayer} for outputs and masking).
 *
 * <p><b>Backward</b> through one step, given {@code dJ/dh_t}: {@code da_t = dJ/dh_t ⊙ (1 - h_t²)},
 * {@code dJ/dh_{t-1} = W_hhᵀ da_t}, {@code dJ/dx_t = W_ihᵀ da_t}; summed over the steps,
 * {@code dW_ih = Σ da_t x_tᵀ}, {@code dW_hh = Σ da_t h_{t-1}ᵀ}, {@code db_ih = db_hh = Σ da_t}.
 */
public final class SimpleRNN extends RecurrentLayer {
    /** PyTorch's initializer; outputs every step if {@code returnSequences}, else the last state. */
    public SimpleRNN(SequenceShape input, int units, boolean returnSequences) {
        this(input, units, returnSequences, null, false);
    }

    /** With {@code init} for all four parameter tensors. */
    public SimpleRNN(SequenceShape input, int units, boolean returnSequences, Initializer init) {
        this(input, units, returnSequences, org.nnj.Require.notNull(init, "init"), false);
    }

    SimpleRNN(SequenceShape input, int units, boolean returnSequences, Initializer init, boolean reversed) {
        super(input, units, returnSequences, init, reversed);
    }

    @Override
    int gates() {
        return 1;
    }

    @Override
    String cellName() {
        return "SimpleRNN";
    }

    @Override
    RecurrentLayer twin(boolean reversed) {
        return new SimpleRNN(input(), units, sequences, init, reversed);
    }

    /** Returns h_t, c (unused, unchanged). */
    @Override
    double[][] referenceStep(RecurrentReference.Weights w, double[] x, double[] h, double[] c) {
        double[] a = RecurrentReference.preActivation(w, x, h);
        double[] h2 = new double[units];
        for (int j = 0; j < units; j++) {
            h2[j] = Math.tanh(a[j]);
        }
        return new double[][] {h2, c};
    }

    @Override
    double[][] referenceStepBack(
            RecurrentReference.Weights w,
            double[] x,
            double[] h,
            double[] c,
            double[][] saved,
            double[] dh,
            double[] dc,
            RecurrentReference.Weights acc,
            double[] dx) {
        double[] h2 = saved[0];
        double[] da = new double[units];
        for (int j = 0; j < units; j++) {
            da[j] = dh[j] * (1 - h2[j] * h2[j]);
        }
        return new double[][] {RecurrentReference.stepGradients(w, acc, x, h, da, da, dx), dc};
    }

    /**
     * The kind the model file writes: {@code simplernn (time, features, units, output)}, as
     * {@link LSTM#KIND}.
     */
    public static final Kind<SimpleRNN> KIND = Kind.of(
            "simplernn",
            s -> new SimpleRNN(
                    new SequenceShape(s.intValue("time"), s.intValue("features")),
                    s.intValue("units"),
                    RecurrentLayer.everyStep(s),
                    Initializer.zeros()),
            Field.integer("time"),
            Field.integer("features"),
            Field.integer("units"),
            Field.integer("output"));

    @Override
    public Spec spec() {
        return KIND.spec(time, features, units, sequences ? 2 : 1);
    }
}
