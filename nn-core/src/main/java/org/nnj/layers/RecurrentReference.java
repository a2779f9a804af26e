package org.nnj.layers;

/**
 * The plain reference implementation of the recurrent layers' sequence loop: one example and one
 * step at a time, in doubles, calling the layer's own cell ({@link RecurrentLayer#referenceStep},
 * {@link RecurrentLayer#referenceStepBack}). A padded step (mask 0) carries h and c over and outputs
 * 0; backward it passes dJ/dh and dJ/dc through and gets no gradient. The fast path
 * ({@code kernels.Recurrent}) must agree with it.
 */
public final class RecurrentReference {
    private RecurrentReference() {}

    /**
     * Weights (or their gradients) as plain arrays: W_ih (G·H x F), W_hh (G·H x H), b_ih, b_hh (G·H).
     */
    public record Weights(double[][] wIh, double[][] wHh, double[] bIh, double[] bHh) {
        static Weights of(RecurrentLayer l) {
            return new Weights(
                    l.weightIh().toDoubleMatrix(),
                    l.weightHh().toDoubleMatrix(),
                    l.biasIh().toDoubleMatrix()[0],
                    l.biasHh().toDoubleMatrix()[0]);
        }

        static Weights zeros(int gh, int features, int units) {
            return new Weights(new double[gh][features], new double[gh][units], new double[gh], new double[gh]);
        }
    }

    /**
     * The gradients of a reference backward pass.
     *
     * @param input   dJ/dx, batch x time·features
     * @param weights dJ/dW_ih, dJ/dW_hh, dJ/db_ih, dJ/db_hh
     */
    public record Gradients(double[][] input, Weights weights) {}

    /** {@code W v}, a plain matrix-vector product. */
    static double[] times(double[][] w, double[] v) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            double s = 0;
            for (int j = 0; j < v.length; j++) {
                s += w[i][j] * v[j];
            }
            out[i] = s;
        }
        return out;
    }

    /** {@code acc += d vᵀ} (an outer product) and {@code back += Wᵀ d}. */
    static void accumulate(double[][] acc, double[][] w, double[] d, double[] v, double[] back) {
        for (int i = 0; i < d.length; i++) {
            for (int j = 0; j < v.length; j++) {
                acc[i][j] += d[i] * v[j];
                back[j] += w[i][j] * d[i];
            }
        }
    }

    /**
     * The parameter gradients of one step from its pre-activation gradients {@code daIn} (of the
     * input part {@code W_ih x + b_ih}) and {@code daRec} (of the recurrent part {@code W_hh h + b_hh};
     * the same vector except in the GRU's n block): {@code dW_ih += daIn xᵀ}, {@code db_ih += daIn},
     * {@code dW_hh += daRec hᵀ}, {@code db_hh += daRec}; adds {@code W_ihᵀ daIn} to dx and returns
     * {@code W_hhᵀ daRec}.
     */
    static double[] stepGradients(
            Weights w, Weights acc, double[] x, double[] h, double[] daIn, double[] daRec, double[] dx) {
        double[] dh = new double[h.length];
        accumulate(acc.wIh(), w.wIh(), daIn, x, dx);
        accumulate(acc.wHh(), w.wHh(), daRec, h, dh);
        for (int i = 0; i < daIn.length; i++) {
            acc.bIh()[i] += daIn[i];
            acc.bHh()[i] += daRec[i];
        }
        return dh;
    }

    /** {@code W_ih x + b_ih + W_hh h + b_hh}. */
    static double[] preActivation(Weights w, double[] x, double[] h) {
        double[] a = times(w.wIh(), x);
        double[] r = times(w.wHh(), h);
        for (int i = 0; i < a.length; i++) {
            a[i] += w.bIh()[i] + r[i] + w.bHh()[i];
        }
        return a;
    }

    static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }

    private static boolean real(double[][] mask, int n, int t) {
        return mask == null || mask[n][t] != 0;
    }

    private static double[] step(double[] row, int t, int features) {
        double[] x = new double[features];
        System.arraycopy(row, t * features, x, 0, features);
        return x;
    }

    static double[][] forward(RecurrentLayer l, Weights w, double[][] x, double[][] mask) {
        int time = l.time;
        int units = l.units;
        double[][] out = new double[x.length][l.outputSize()];
        for (int n = 0; n < x.length; n++) {
            double[] h = new double[units];
            double[] c = new double[units];
            for (int s = 0; s < time; s++) {
                int t = l.reversed ? time - 1 - s : s;
                if (!real(mask, n, t)) {
                    continue; // h and c carried over, output 0
                }
                double[][] next = l.referenceStep(w, step(x[n], t, l.features), h, c);
                h = next[0];
                c = next[1];
                if (l.sequences) {
                    System.arraycopy(h, 0, out[n], t * units, units);
                }
            }
            if (!l.sequences) {
                out[n] = h;
            }
        }
        return out;
    }

    static Gradients backward(RecurrentLayer l, Weights w, double[][] x, double[][] mask, double[][] gradOut) {
        int time = l.time;
        int units = l.units;
        Weights acc = Weights.zeros(l.gates() * units, l.features, units);
        double[][] dxAll = new double[x.length][x[0].length];
        for (int n = 0; n < x.length; n++) {
            // the forward pass again, keeping every step's inputs and what the cell saved
            double[][] hs = new double[time + 1][];
            double[][] cs = new double[time + 1][];
            double[][][] saved = new double[time][][];
            hs[0] = new double[units];
            cs[0] = new double[units];
            for (int s = 0; s < time; s++) {
                int t = l.reversed ? time - 1 - s : s;
                if (real(mask, n, t)) {
                    saved[s] = l.referenceStep(w, step(x[n], t, l.features), hs[s], cs[s]);
                    hs[s + 1] = saved[s][0];
                    cs[s + 1] = saved[s][1];
                } else {
                    hs[s + 1] = hs[s];
                    cs[s + 1] = cs[s];
                }
            }
            double[] dh = l.sequences ? new double[units] : gradOut[n].clone();
            double[] dc = new double[units];
            for (int s = time - 1; s >= 0; s--) {
                int t = l.reversed ? time - 1 - s : s;
                if (!real(mask, n, t)) {
                    continue; // dJ/dh and dJ/dc pass through; dJ/dx_t = 0
                }
                if (l.sequences) {
                    for (int j = 0; j < units; j++) {
                        dh[j] += gradOut[n][t * units + j];
                    }
                }
                double[] dx = new double[l.features];
                double[][] back =
                        l.referenceStepBack(w, step(x[n], t, l.features), hs[s], cs[s], saved[s], dh, dc, acc, dx);
                System.arraycopy(dx, 0, dxAll[n], t * l.features, l.features);
                dh = back[0];
                dc = back[1];
            }
        }
        return new Gradients(dxAll, acc);
    }
}
