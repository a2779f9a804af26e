package org.nnj.layers;

import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Spec;
import org.nnj.init.Initializer;

/**
 * Gated recurrent unit (Cho et al.; PyTorch's {@code nn.GRU} equations and gate order r, z, n, which
 * is Keras's {@code reset_after=True}). With {@code gi = W_ih x_t + b_ih} and
 * {@code gh = W_hh h_{t-1} + b_hh}, each split into blocks r, z, n of {@code units}:
 * <pre>
 *   r_t = σ(gi_r + gh_r)    z_t = σ(gi_z + gh_z)
 *   n_t = tanh(gi_n + r_t ⊙ gh_n)          (gh_n = W_hn h_{t-1} + b_hn)
 *   h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}
 * </pre>
 * from {@code h_0 = 0} (see {@link RecurrentLayer} for outputs and masking).
 *
 * <p><b>Backward</b> through one step, given {@code dh = dJ/dh_t}:
 * <pre>
 *   da_n = dh ⊙ (1 - z_t) ⊙ (1 - n_t²)
 *   da_z = dh ⊙ (h_{t-1} - n_t) ⊙ z_t (1 - z_t)
 *   da_r = da_n ⊙ gh_n ⊙ r_t (1 - r_t)
 *   dgi = [da_r, da_z, da_n]      dgh = [da_r, da_z, da_n ⊙ r_t]
 *   dJ/dh_{t-1} = W_hhᵀ dgh + dh ⊙ z_t        dJ/dx_t = W_ihᵀ dgi
 * </pre>
 * and summed over the steps: {@code dW_ih = Σ dgi x_tᵀ}, {@code db_ih = Σ dgi},
 * {@code dW_hh = Σ dgh h_{t-1}ᵀ}, {@code db_hh = Σ dgh}.
 */
public final class GRU extends RecurrentLayer {
    /** PyTorch's initializer; outputs every step if {@code returnSequences}, else the last state. */
    public GRU(SequenceShape input, int units, boolean returnSequences) {
        this(input, units, returnSequences, null, false);
    }

    /** With {@code init} for all four parameter tensors. */
    public GRU(SequenceShape input, int units, boolean returnSequences, Initializer init) {
        this(input, units, returnSequences, org.nnj.Require.notNull(init, "init"), false);
    }

    GRU(SequenceShape input, int units, boolean returnSequences, Initializer init, boolean reversed) {
        super(input, units, returnSequences, init, reversed);
    }

    @Override
    int gates() {
        return 3;
    }

    @Override
    String cellName() {
        return "GRU";
    }

    @Override
    RecurrentLayer twin(boolean reversed) {
        return new GRU(input(), units, sequences, init, reversed);
    }

    /** Returns h_t, c (unused, unchanged), r, z, n, gh_n. */
    @Override
    double[][] referenceStep(RecurrentReference.Weights w, double[] x, double[] h, double[] c) {
        double[] gi = RecurrentReference.times(w.wIh(), x);
        double[] gh = RecurrentReference.times(w.wHh(), h);
        int n = units;
        double[] r = new double[n];
        double[] z = new double[n];
        double[] nn = new double[n];
        double[] hn = new double[n];
        double[] h2 = new double[n];
        for (int j = 0; j < n; j++) {
            r[j] = RecurrentReference.sigmoid(gi[j] + w.bIh()[j] + gh[j] + w.bHh()[j]);
            z[j] = RecurrentReference.sigmoid(gi[n + j] + w.bIh()[n + j] + gh[n + j] + w.bHh()[n + j]);
            hn[j] = gh[2 * n + j] + w.bHh()[2 * n + j];
            nn[j] = Math.tanh(gi[2 * n + j] + w.bIh()[2 * n + j] + r[j] * hn[j]);
            h2[j] = (1 - z[j]) * nn[j] + z[j] * h[j];
        }
        return new double[][] {h2, c, r, z, nn, hn};
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
        double[] r = saved[2];
        double[] z = saved[3];
        double[] nn = saved[4];
        double[] hn = saved[5];
        double[] dgi = new double[3 * n];
        double[] dgh = new double[3 * n];
        for (int j = 0; j < n; j++) {
            double dan = dh[j] * (1 - z[j]) * (1 - nn[j] * nn[j]);
            double daz = dh[j] * (h[j] - nn[j]) * z[j] * (1 - z[j]);
            double dar = dan * hn[j] * r[j] * (1 - r[j]);
            dgi[j] = dar;
            dgi[n + j] = daz;
            dgi[2 * n + j] = dan;
            dgh[j] = dar;
            dgh[n + j] = daz;
            dgh[2 * n + j] = dan * r[j];
        }
        double[] dhPrev = RecurrentReference.stepGradients(w, acc, x, h, dgi, dgh, dx);
        for (int j = 0; j < n; j++) {
            dhPrev[j] += dh[j] * z[j];
        }
        return new double[][] {dhPrev, dc};
    }

    /** The kind the model file writes: {@code gru (time, features, units, output)}, as {@link LSTM#KIND}. */
    public static final Kind<GRU> KIND = Kind.of(
            "gru",
            s -> new GRU(
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
