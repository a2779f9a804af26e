package org.nnj.layers;

/**
 * {@link MultiHeadAttention} for one example as plain loops over doubles: the definition that
 * {@code kernels.Attention} is tested against. x is time x d; W_in is 3d x d (rows 0..d-1 give Q,
 * d..2d-1 K, 2d..3d-1 V, as PyTorch's {@code in_proj_weight}); head h owns columns
 * {@code h·dHead .. (h+1)·dHead - 1} of Q, K, V and of the concatenation C. mask is null or one value
 * per step (1 real, 0 padding). Query i sees key j when {@code j <= i} (if causal) and j is real; a
 * padded query's P row and output row are 0.
 */
final class AttentionReference {
    final double[][] q;
    final double[][] k;
    final double[][] v;
    /** p[h][i][j], the attention probabilities. */
    final double[][][] p;

    final double[][] c;
    final double[][] y;
    private final double[][] x;
    private final double[] mask;
    private final int heads;
    private final int dHead;
    private final double[][] wIn;
    private final double[][] wOut;

    /** The forward pass, keeping every intermediate for {@link #backward}. */
    AttentionReference(
            double[][] x,
            double[] mask,
            boolean causal,
            int heads,
            double[][] wIn,
            double[] bIn,
            double[][] wOut,
            double[] bOut) {
        int t = x.length;
        int d = x[0].length;
        this.x = x;
        this.mask = mask;
        this.heads = heads;
        this.dHead = d / heads;
        this.wIn = wIn;
        this.wOut = wOut;
        q = new double[t][d];
        k = new double[t][d];
        v = new double[t][d];
        for (int s = 0; s < t; s++) {
            for (int o = 0; o < d; o++) {
                q[s][o] = bIn[o];
                k[s][o] = bIn[d + o];
                v[s][o] = bIn[2 * d + o];
                for (int j = 0; j < d; j++) {
                    q[s][o] += wIn[o][j] * x[s][j];
                    k[s][o] += wIn[d + o][j] * x[s][j];
                    v[s][o] += wIn[2 * d + o][j] * x[s][j];
                }
            }
        }
        p = new double[heads][t][t];
        c = new double[t][d];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < t; i++) {
                if (!real(i)) {
                    continue; // a padded query: P row 0
                }
                double[] score = new double[t];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < t; j++) {
                    if (sees(i, j, causal)) {
                        for (int e = h * dHead; e < (h + 1) * dHead; e++) {
                            score[j] += q[i][e] * k[j][e];
                        }
                        score[j] /= Math.sqrt(dHead);
                        max = Math.max(max, score[j]);
                    }
                }
                double sum = 0;
                for (int j = 0; j < t; j++) {
                    if (sees(i, j, causal)) {
                        p[h][i][j] = Math.exp(score[j] - max);
                        sum += p[h][i][j];
                    }
                }
                for (int j = 0; j < t; j++) {
                    p[h][i][j] /= sum;
                    for (int e = h * dHead; e < (h + 1) * dHead; e++) {
                        c[i][e] += p[h][i][j] * v[j][e];
                    }
                }
            }
        }
        y = new double[t][d];
        for (int i = 0; i < t; i++) {
            for (int o = 0; o < d && real(i); o++) {
                y[i][o] = bOut[o];
                for (int e = 0; e < d; e++) {
                    y[i][o] += wOut[o][e] * c[i][e];
                }
            }
        }
    }

    private boolean real(int step) {
        return mask == null || mask[step] != 0;
    }

    private boolean sees(int query, int key, boolean causal) {
        return (!causal || key <= query) && real(key);
    }

    /**
     * dJ/dx (time x d) for upstream {@code g} (time x d); adds the parameters' gradients into
     * dWin (3d x d), dbIn (3d), dWout (d x d) and dbOut (d).
     */
    double[][] backward(double[][] g, double[][] dWin, double[] dbIn, double[][] dWout, double[] dbOut) {
        int t = x.length;
        int d = x[0].length;
        double[][] dc = new double[t][d];
        for (int i = 0; i < t; i++) {
            for (int o = 0; o < d && real(i); o++) { // y is 0 at a padded query whatever the parameters
                dbOut[o] += g[i][o];
                for (int e = 0; e < d; e++) {
                    dWout[o][e] += g[i][o] * c[i][e];
                    dc[i][e] += g[i][o] * wOut[o][e];
                }
            }
        }
        double[][] dq = new double[t][d];
        double[][] dk = new double[t][d];
        double[][] dv = new double[t][d];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < t; i++) {
                double[] dp = new double[t];
                double dot = 0;
                for (int j = 0; j < t; j++) {
                    for (int e = h * dHead; e < (h + 1) * dHead; e++) {
                        dp[j] += dc[i][e] * v[j][e]; // dP = dC_h V_hᵀ
                        dv[j][e] += p[h][i][j] * dc[i][e]; // dV_h = Pᵀ dC_h
                    }
                    dot += p[h][i][j] * dp[j];
                }
                for (int j = 0; j < t; j++) {
                    double ds = p[h][i][j] * (dp[j] - dot) / Math.sqrt(dHead); // softmax's Jacobian, then the scale
                    for (int e = h * dHead; e < (h + 1) * dHead; e++) {
                        dq[i][e] += ds * k[j][e];
                        dk[j][e] += ds * q[i][e];
                    }
                }
            }
        }
        double[][] dx = new double[t][d];
        for (int s = 0; s < t; s++) {
            for (int o = 0; o < d; o++) {
                double[] grads = {dq[s][o], dk[s][o], dv[s][o]};
                for (int part = 0; part < 3; part++) {
                    int row = part * d + o;
                    dbIn[row] += grads[part];
                    for (int j = 0; j < d; j++) {
                        dWin[row][j] += grads[part] * x[s][j];
                        dx[s][j] += grads[part] * wIn[row][j];
                    }
                }
            }
        }
        return dx;
    }
}
