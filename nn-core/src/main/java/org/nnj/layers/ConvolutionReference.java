package org.nnj.layers;

import org.nnj.kernels.ConvGeometry;

/**
 * {@link Conv2D}'s convolution as plain loops: the definition that the fast paths of {@code
 * kernels.Convolution} are tested against, for any kernel, stride and padding. Input (c, iy, ix) of
 * example n is {@code x[n, (c·H + iy)·W + ix]}, zero outside the image; tap {@code i = (c·k + ky)·k +
 * kx} of filter f is {@code W[f, i]}; output position (oy, ox) of filter f reads, through tap i, the
 * input at {@code iy = oy·s + ky - pt}, {@code ix = ox·s + kx - pl}. Then, with {@code G = dJ/dz}:
 * <pre>
 *   z[n, f, oy, ox] = b_f + Σ_{c, ky, kx} W[f, i] · x[n, c, iy, ix]
 *   dJ/dW[f, i]     = Σ_{n, oy, ox} G[n, f, oy, ox] · x[n, c, iy, ix]
 *   dJ/db_f         = Σ_{n, oy, ox} G[n, f, oy, ox]
 *   dJ/dx[n, c, y, x] = Σ_{f, ky, kx, oy, ox : iy = y, ix = x} W[f, i] · G[n, f, oy, ox]
 * </pre>
 * The three gradients are the three ways of summing the same terms {@code W[f, i]·x[n, c, iy,
 * ix]·G[n, f, oy, ox]}, so one loop nest visits each term once for all of them.
 */
final class ConvolutionReference {
    private final ConvGeometry g;

    ConvolutionReference(ConvGeometry g) {
        this.g = g;
    }

    /** Where tap (c, ky, kx) of output (oy, ox) reads in one image, or -1 in the padding. */
    private int input(int c, int ky, int kx, int oy, int ox) {
        int iy = oy * g.stride() + ky - g.padTop();
        int ix = ox * g.stride() + kx - g.padLeft();
        boolean inside = iy >= 0 && iy < g.height() && ix >= 0 && ix < g.width();
        return inside ? (c * g.height() + iy) * g.width() + ix : -1;
    }

    /** z for {@code rows} examples: x is rows x C·H·W, w is F x C·k·k, b has F values; z is rows x F·Ho·Wo. */
    double[] forward(double[] w, double[] b, double[] x, int rows) {
        int k = g.kernel();
        double[] z = new double[rows * g.outSize()];
        for (int n = 0, o = 0; n < rows; n++) {
            for (int f = 0; f < g.filters(); f++) {
                for (int oy = 0; oy < g.outHeight(); oy++) {
                    for (int ox = 0; ox < g.outWidth(); ox++, o++) {
                        double sum = b[f];
                        for (int c = 0; c < g.channels(); c++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int at = input(c, ky, kx, oy, ox);
                                    if (at >= 0) {
                                        sum += w[f * g.patch() + (c * k + ky) * k + kx] * x[n * g.inSize() + at];
                                    }
                                }
                            }
                        }
                        z[o] = sum;
                    }
                }
            }
        }
        return z;
    }

    /** Adds dJ/dW (F x C·k·k), dJ/db (F) and, if dx is not null, dJ/dx (rows x C·H·W) from G = dz. */
    void backward(double[] w, double[] x, double[] dz, int rows, double[] dw, double[] db, double[] dx) {
        int k = g.kernel();
        for (int n = 0, o = 0; n < rows; n++) {
            for (int f = 0; f < g.filters(); f++) {
                for (int oy = 0; oy < g.outHeight(); oy++) {
                    for (int ox = 0; ox < g.outWidth(); ox++, o++) {
                        double grad = dz[o];
                        db[f] += grad;
                        for (int c = 0; c < g.channels(); c++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int at = input(c, ky, kx, oy, ox);
                                    int i = f * g.patch() + (c * k + ky) * k + kx;
                                    if (at >= 0) {
                                        dw[i] += grad * x[n * g.inSize() + at];
                                        if (dx != null) {
                                            dx[n * g.inSize() + at] += w[i] * grad;
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The linear map M with {@code z = M x + b} for one example, (F·Ho·Wo) x (C·H·W): entry (o, j) is
     * the sum of the weights that multiply input j at output o.
     */
    double[][] linearMap(double[] w) {
        int k = g.kernel();
        double[][] m = new double[g.outSize()][g.inSize()];
        for (int f = 0, o = 0; f < g.filters(); f++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++, o++) {
                    for (int c = 0; c < g.channels(); c++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int at = input(c, ky, kx, oy, ox);
                                if (at >= 0) {
                                    m[o][at] += w[f * g.patch() + (c * k + ky) * k + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
        return m;
    }
}
