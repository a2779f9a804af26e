package org.nnj.kernels;

/**
 * The fused elementwise loops of one step of one sequence for {@link Recurrent}, over heap arrays: the
 * gates from the projection {@code p} (input part, with b_ih) and {@code r} (recurrent part, with
 * b_hh), the new state, and backward the gradients of the gate pre-activations. Offsets name the row
 * of each array; {@code h} is the number of units. The equations are those of the layers'
 * Javadoc (PyTorch's).
 */
final class RecurrentCells {
    private RecurrentCells() {}

    static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }

    /** {@code h_t = tanh(p + r)}; the gate kept is h_t itself. */
    static void rnn(double[] p, int pRow, double[] r, int rRow, double[] hs, int next, double[] g, int gRow, int h) {
        for (int j = 0; j < h; j++) {
            double v = Math.tanh(p[pRow + j] + r[rRow + j]);
            hs[next + j] = v;
            g[gRow + j] = v;
        }
    }

    /** {@code da = dh ⊙ (1 - h_t²)}, the same for the input and the recurrent part; no direct path. */
    static void rnnBack(
            double[] hs,
            int cur,
            double[] dh,
            int row,
            double[] dP,
            int pRow,
            double[] dR,
            int dRow,
            double[] direct,
            int h) {
        for (int j = 0; j < h; j++) {
            double v = hs[cur + j];
            double da = dh[row + j] * (1 - v * v);
            dP[pRow + j] = da;
            dR[dRow + j] = da;
            direct[row + j] = 0;
        }
    }

    /** i, f, g, o; {@code c_t = f ⊙ c_{t-1} + i ⊙ g}, {@code h_t = o ⊙ tanh(c_t)} (tanh(c_t) kept). */
    static void lstm(
            double[] p,
            int pRow,
            double[] r,
            int rRow,
            double[] hs,
            double[] cs,
            double[] tcs,
            int prev,
            int next,
            double[] g,
            int gRow,
            int h) {
        for (int j = 0; j < h; j++) {
            double i = sigmoid(p[pRow + j] + r[rRow + j]);
            double f = sigmoid(p[pRow + h + j] + r[rRow + h + j]);
            double gg = Math.tanh(p[pRow + 2 * h + j] + r[rRow + 2 * h + j]);
            double o = sigmoid(p[pRow + 3 * h + j] + r[rRow + 3 * h + j]);
            double c = f * cs[prev + j] + i * gg;
            double tc = Math.tanh(c);
            cs[next + j] = c;
            tcs[prev + j] = tc; // step s's tanh(c_t) at row s·batch + b, as prev indexes
            hs[next + j] = o * tc;
            g[gRow + j] = i;
            g[gRow + h + j] = f;
            g[gRow + 2 * h + j] = gg;
            g[gRow + 3 * h + j] = o;
        }
    }

    /**
     * With {@code dc} the gradient from the later steps: {@code dc_t = dc + dh ⊙ o ⊙ (1 - tanh²c_t)},
     * gate gradients {@code di = dc_t ⊙ g}, {@code df = dc_t ⊙ c_{t-1}}, {@code dg = dc_t ⊙ i},
     * {@code do = dh ⊙ tanh c_t} times each activation's derivative, and {@code dc_{t-1} = dc_t ⊙ f}
     * (written into dc).
     */
    static void lstmBack(
            double[] g,
            int gRow,
            double[] tcs,
            double[] cs,
            int prev,
            double[] dh,
            double[] dc,
            int row,
            double[] dP,
            int pRow,
            double[] dR,
            int dRow,
            double[] direct,
            int h) {
        for (int j = 0; j < h; j++) { // dc_t, and da_o; dc holds dc_t until the last loop
            double tc = tcs[prev + j]; // tanh(c_t), kept by the forward pass
            double d = dh[row + j];
            double o = g[gRow + 3 * h + j];
            dc[row + j] += d * o * (1 - tc * tc);
            dP[pRow + 3 * h + j] = d * tc * o * (1 - o);
        }
        for (int j = 0; j < h; j++) { // da_i, da_g
            double i = g[gRow + j];
            double gg = g[gRow + 2 * h + j];
            double dct = dc[row + j];
            dP[pRow + j] = dct * gg * i * (1 - i);
            dP[pRow + 2 * h + j] = dct * i * (1 - gg * gg);
        }
        for (int j = 0; j < h; j++) { // da_f, and dc_{t-1} = dc_t ⊙ f
            double f = g[gRow + h + j];
            double dct = dc[row + j];
            dP[pRow + h + j] = dct * cs[prev + j] * f * (1 - f);
            dc[row + j] = dct * f;
        }
        System.arraycopy(dP, pRow, dR, dRow, 4 * h); // the recurrent part's gradient is the same
        java.util.Arrays.fill(direct, row, row + h, 0);
    }

    /**
     * r, z, n; {@code n = tanh(p_n + r ⊙ hn)} with {@code hn = W_hn h_{t-1} + b_hn} (kept),
     * {@code h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}}.
     */
    static void gru(
            double[] p,
            int pRow,
            double[] r,
            int rRow,
            double[] hs,
            int prev,
            int next,
            double[] g,
            int gRow,
            double[] hn,
            int hnRow,
            int h) {
        for (int j = 0; j < h; j++) {
            double rr = sigmoid(p[pRow + j] + r[rRow + j]);
            double z = sigmoid(p[pRow + h + j] + r[rRow + h + j]);
            double hnj = r[rRow + 2 * h + j];
            double n = Math.tanh(p[pRow + 2 * h + j] + rr * hnj);
            hs[next + j] = (1 - z) * n + z * hs[prev + j];
            g[gRow + j] = rr;
            g[gRow + h + j] = z;
            g[gRow + 2 * h + j] = n;
            hn[hnRow + j] = hnj;
        }
    }

    /**
     * {@code dn = dh ⊙ (1 - z)}, {@code dz = dh ⊙ (h_{t-1} - n)}, direct {@code dh_{t-1} = dh ⊙ z};
     * pre-activations {@code da_n = dn (1 - n²)}, {@code da_r = da_n ⊙ hn ⊙ r (1 - r)},
     * {@code da_z = dz z (1 - z)}; the recurrent n part is {@code da_n ⊙ r}.
     */
    static void gruBack(
            double[] g,
            int gRow,
            double[] hn,
            int hnRow,
            double[] hs,
            int prev,
            double[] dh,
            int row,
            double[] dP,
            int pRow,
            double[] dR,
            int dRow,
            double[] direct,
            int h) {
        for (int j = 0; j < h; j++) {
            double rr = g[gRow + j];
            double z = g[gRow + h + j];
            double n = g[gRow + 2 * h + j];
            double d = dh[row + j];
            double dan = d * (1 - z) * (1 - n * n);
            double dar = dan * hn[hnRow + j] * rr * (1 - rr);
            double daz = d * (hs[prev + j] - n) * z * (1 - z);
            dP[pRow + j] = dar;
            dP[pRow + h + j] = daz;
            dP[pRow + 2 * h + j] = dan;
            dR[dRow + j] = dar;
            dR[dRow + h + j] = daz;
            dR[dRow + 2 * h + j] = dan * rr;
            direct[row + j] = d * z;
        }
    }
}
