package org.nnj.layers;

import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Spec;
import org.nnj.init.Initializer;

/**
 * Long short-term memory (Hochreiter and Schmidhuber; PyTorch's {@code nn.LSTM} equations and gate
 * order i, f, g, o). With {@code a_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh} split into four blocks
 * of {@code units}:
 * <pre>
 *   i_t = σ(a_i)   f_t = σ(a_f)   g_t = tanh(a_g)   o_t = σ(a_o)
 *   c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t
 *   h_t = o_t ⊙ tanh(c_t)
 * </pre>
 * from {@code h_0 = c_0 = 0}; the output is every {@code h_t} or the last (see {@link RecurrentLayer},
 * which also has the masking rule).
 *
 * <p><b>Backward</b> through one step, given {@code dJ/dh_t} and {@code dJ/dc_t} (from the later
 * steps):
 * <pre>
 *   dc   = dJ/dc_t + dJ/dh_t ⊙ o_t ⊙ (1 - tanh²(c_t))
 *   da_i = dc ⊙ g_t ⊙ i_t (1 - i_t)          da_f = dc ⊙ c_{t-1} ⊙ f_t (1 - f_t)
 *   da_g = dc ⊙ i_t ⊙ (1 - g_t²)             da_o = dJ/dh_t ⊙ tanh(c_t) ⊙ o_t (1 - o_t)
 *   dJ/dc_{t-1} = dc ⊙ f_t
 *   dJ/dh_{t-1} = W_hhᵀ da_t      dJ/dx_t = W_ihᵀ da_t
 * </pre>
 * and the parameter gradients summed over the steps: {@code dW_ih = Σ da_t x_tᵀ},
 * {@code dW_hh = Σ da_t h_{t-1}ᵀ}, {@code db_ih = db_hh = Σ da_t}.
 */
public final class LSTM extends RecurrentLayer {
    /** PyTorch's initializer; outputs every step if {@code returnSequences}, else the last state. */
    public LSTM(SequenceShape input, int units, boolean returnSequences) {
        this(input, units, returnSequences, null, false);
    }

    /** With {@code init} for all four parameter tensors. */
    public LSTM(SequenceShape input, int units, boolean returnSequences, Initializer init) {
        this(input, units, returnSequences, org.nnj.Require.notNull(init, "init"), false);
    }

    LSTM(SequenceShape input, int units, boolean returnSequences, Initializer init, boolean reversed) {
        super(input, units, returnSequences, init, reversed);
    }

    @Override
    int gates() {
        return 4;
    }

    @Override
    String cellName() {
        return "LSTM";
    }

    @Override
    RecurrentLayer twin(boolean reversed) {
        return new LSTM(input(), units, sequences, init, reversed);
    }

    /** Returns h_t, c_t, i, f, g, o. */
    @Override
    double[][] referenceStep(RecurrentReference.Weights w, double[] x, double[] h, double[] c) {
        double[] a = RecurrentReference.preActivation(w, x, h);
        int n = units;
        double[] i = new double[n];
        double[] f = new double[n];
        double[] g = new double[n];
        double[] o = new double[n];
        double[] c2 = new double[n];
        double[] h2 = new double[n];
        for (int j = 0; j < n; j++) {
            i[j] = RecurrentReference.sigmoid(a[j]);
            f[j] = RecurrentReference.sigmoid(a[n + j]);
            g[j] = Math.tanh(a[2 * n + j]);
            o[j] = RecurrentReference.sigmoid(a[3 * n + j]);
            c2[j] = f[j] * c[j] + i[j] * g[j];
            h2[j] = o[j] * Math.tanh(c2[j]);
        }
        return new double[][] {h2, c2, i, f, g, o};
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
        int n = units;
        double[] c2 = saved[1];
        double[] i = saved[2];
        double[] f = saved[3];
        double[] g = saved[4];
        double[] o = saved[5];
        double[] da = new double[4 * n];
        double[] dcPrev = new double[n];
        for (int j = 0; j < n; j++) {
            double tc = Math.tanh(c2[j]);
            double dct = dc[j] + dh[j] * o[j] * (1 - tc * tc);
            da[j] = dct * g[j] * i[j] * (1 - i[j]);
            da[n + j] = dct * c[j] * f[j] * (1 - f[j]);
            da[2 * n + j] = dct * i[j] * (1 - g[j] * g[j]);
            da[3 * n + j] = dh[j] * tc * o[j] * (1 - o[j]);
            dcPrev[j] = dct * f[j];
        }
        return new double[][] {RecurrentReference.stepGradients(w, acc, x, h, da, da, dx), dcPrev};
    }

    /**
     * The kind the model file writes: {@code lstm (time, features, units, output)}, output 2 for
     * every step and 1 for the last; rebuilt with zero parameters, the saved values loaded after.
     */
    public static final Kind<LSTM> KIND = Kind.of(
            "lstm",
            s -> new LSTM(
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
