package org.nnj.kernels;

/**
 * 2-D max or average pooling over a batch whose rows are images in channels x height x width order:
 * each channel is cut into {@code pool x pool} windows, {@code stride} apart, and each window gives
 * one output, its maximum or its mean. Windows that would hang over the edge are dropped (Keras's
 * {@code padding="valid"}).
 *
 * <p>The Jacobian routes the gradient: for max pooling {@code ∂out_o/∂x_j = 1} if x_j is the window's
 * (first) maximum, else 0, so {@code dJ/dx_j = Σ_{o: argmax(o) = j} dJ/dout_o}; for average pooling
 * {@code ∂out_o/∂x_j = 1/pool²} for every x_j in the window. The argmax is found again from x in the
 * backward pass, so the kernel keeps no state between passes.
 */
public final class Pooling {
    private final boolean max;
    private final int channels;
    private final int height;
    private final int width;
    private final int pool;
    private final int stride;
    private final int outHeight;
    private final int outWidth;
    private final int inSize;
    private final int outSize;

    public Pooling(boolean max, int channels, int height, int width, int pool, int stride) {
        this.max = max;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pool = pool;
        this.stride = stride;
        this.outHeight = (height - pool) / stride + 1;
        this.outWidth = (width - pool) / stride + 1;
        this.inSize = channels * height * width;
        this.outSize = channels * outHeight * outWidth;
    }

    /** The input position of the top-left corner of output o's window. */
    private int corner(int o) {
        int c = o / (outHeight * outWidth);
        int rest = o % (outHeight * outWidth);
        return (c * height + rest / outWidth * stride) * width + rest % outWidth * stride;
    }

    /** {@code out_o = max_{j ∈ window(o)} x_j} or {@code (1/pool²) Σ_{j ∈ window(o)} x_j}, for every row. */
    public void forward(Matrix x, Matrix out) {
        int rows = x.rows();
        if (max && pool == 2 && !x.isDouble()) {
            maxPool2(x, out, rows);
            return;
        }
        double[] in = Scratch.doubles(2, rows * inSize);
        double[] res = Scratch.doubles(3, rows * outSize);
        x.loadDoubles(0, in, rows * inSize);
        double scale = 1.0 / (pool * pool);
        int o = 0;
        for (int n = 0; n < rows; n++) {
            for (int c = 0; c < channels; c++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    int rowStart = n * inSize + (c * height + oy * stride) * width;
                    if (max && pool == 2) { // the usual case, unrolled (nn-benchmarks/README.md)
                        for (int ox = 0, a = rowStart, b = rowStart + width;
                                ox < outWidth;
                                ox++, a += stride, b += stride) {
                            res[o++] = Math.max(Math.max(in[a], in[a + 1]), Math.max(in[b], in[b + 1]));
                        }
                        continue;
                    }
                    for (int ox = 0; ox < outWidth; ox++, o++) {
                        int corner = rowStart + ox * stride;
                        double acc = max ? in[corner] : 0;
                        for (int py = 0; py < pool; py++) {
                            for (int px = 0, at = corner + py * width; px < pool; px++, at++) {
                                acc = max ? Math.max(acc, in[at]) : acc + in[at];
                            }
                        }
                        res[o] = max ? acc : acc * scale;
                    }
                }
            }
        }
        out.storeDoubles(0, res, rows * outSize);
    }

    /** dJ/dx from dJ/d(out): routed to each window's argmax, or spread evenly over the window. */
    public void backward(Matrix x, Matrix gradOut, Matrix gradIn) {
        int rows = x.rows();
        if (max && pool == 2 && !x.isDouble()) {
            routePool2(x, gradOut, gradIn, rows);
            return;
        }
        double[] in = Scratch.doubles(2, max ? rows * inSize : 0);
        double[] g = Scratch.doubles(3, rows * outSize);
        double[] gx = Scratch.doubles(0, rows * inSize);
        gradOut.loadDoubles(0, g, rows * outSize);
        if (max) {
            x.loadDoubles(0, in, rows * inSize);
        }
        java.util.Arrays.fill(gx, 0, rows * inSize, 0);
        if (max && pool == 2) {
            routePool2(in, g, gx, rows);
            gradIn.storeDoubles(0, gx, rows * inSize);
            return;
        }
        double scale = 1.0 / (pool * pool);
        for (int n = 0; n < rows; n++) {
            for (int o = 0; o < outSize; o++) {
                int corner = n * inSize + corner(o);
                double grad = g[n * outSize + o];
                if (max) {
                    gx[argmax(in, corner)] += grad;
                } else {
                    for (int py = 0; py < pool; py++) {
                        for (int px = 0, at = corner + py * width; px < pool; px++, at++) {
                            gx[at] += grad * scale;
                        }
                    }
                }
            }
        }
        gradIn.storeDoubles(0, gx, rows * inSize);
    }

    /**
     * Max pooling's backward for 2x2 windows without unpredictable branches: each window's maximum m
     * is found again with {@code Math.max}, and the gradient goes to the first of the four inputs that
     * equals it (weights 0 or 1 computed arithmetically).
     */
    private void routePool2(double[] in, double[] g, double[] gx, int rows) {
        int o = 0;
        for (int n = 0; n < rows; n++) {
            for (int c = 0; c < channels; c++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    int a = n * inSize + (c * height + oy * stride) * width;
                    for (int ox = 0; ox < outWidth; ox++, o++, a += stride) {
                        int b = a + width;
                        double m = Math.max(Math.max(in[a], in[a + 1]), Math.max(in[b], in[b + 1]));
                        double e0 = in[a] == m ? 1 : 0;
                        double e1 = (in[a + 1] == m ? 1 : 0) * (1 - e0);
                        double e2 = (in[b] == m ? 1 : 0) * (1 - e0 - e1);
                        double e3 = 1 - e0 - e1 - e2;
                        double grad = g[o];
                        gx[a] += e0 * grad;
                        gx[a + 1] += e1 * grad;
                        gx[b] += e2 * grad;
                        gx[b + 1] += e3 * grad;
                    }
                }
            }
        }
    }

    /**
     * 2x2 max pooling of a float32 batch on float heap copies (the common case; no round trip
     * through doubles: the maximum of floats is one of them, exactly).
     */
    private void maxPool2(Matrix x, Matrix out, int rows) {
        float[] in = Scratch.floats(0, rows * inSize);
        float[] res = Scratch.floats(1, rows * outSize);
        x.load(0, in, 0, rows * inSize);
        for (int n = 0, o = 0; n < rows; n++) {
            for (int c = 0; c < channels; c++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    int a = n * inSize + (c * height + oy * stride) * width;
                    for (int ox = 0, b = a + width; ox < outWidth; ox++, a += stride, b += stride) {
                        res[o++] = Math.max(Math.max(in[a], in[a + 1]), Math.max(in[b], in[b + 1]));
                    }
                }
            }
        }
        out.store(0, res, 0, rows * outSize);
    }

    /** {@link #routePool2(double[], double[], double[], int)} for a float32 batch, on float heap copies. */
    private void routePool2(Matrix x, Matrix gradOut, Matrix gradIn, int rows) {
        float[] in = Scratch.floats(0, rows * inSize);
        float[] g = Scratch.floats(1, rows * outSize);
        float[] gx = Scratch.floats(2, rows * inSize);
        x.load(0, in, 0, rows * inSize);
        gradOut.load(0, g, 0, rows * outSize);
        java.util.Arrays.fill(gx, 0, rows * inSize, 0);
        for (int n = 0, o = 0; n < rows; n++) {
            for (int c = 0; c < channels; c++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    int a = n * inSize + (c * height + oy * stride) * width;
                    for (int ox = 0; ox < outWidth; ox++, o++, a += stride) {
                        int b = a + width;
                        float a0 = in[a] + 0f; // + 0: -0.0 becomes +0.0, so signed zeros tie as they do
                        float a1 = in[a + 1] + 0f; // under == in the general path
                        float b0 = in[b] + 0f;
                        float b1 = in[b + 1] + 0f;
                        // The first maximum, without branches (which values win is unpredictable): the sign
                        // bit of x - y is 1 exactly when y > x (ties give +0, so the first one wins).
                        int top = a + (Float.floatToRawIntBits(a0 - a1) >>> 31);
                        int bottom = b + (Float.floatToRawIntBits(b0 - b1) >>> 31);
                        int lower = Float.floatToRawIntBits(Math.max(a0, a1) - Math.max(b0, b1)) >>> 31;
                        gx[top + lower * (bottom - top)] += g[o];
                    }
                }
            }
        }
        gradIn.store(0, gx, 0, rows * inSize);
    }

    /** The Jacobian d out / dx (outSize x inSize) at one example x (a 1-row matrix). */
    public Matrix jacobian(Matrix x) {
        double[] in = new double[inSize];
        x.loadDoubles(0, in, inSize);
        Matrix j = Matrix.allocate(x.type(), outSize, inSize);
        for (int o = 0; o < outSize; o++) {
            int corner = corner(o);
            if (max) {
                j.set(o, argmax(in, corner), 1);
            } else {
                for (int py = 0; py < pool; py++) {
                    for (int px = 0; px < pool; px++) {
                        j.set(o, corner + py * width + px, 1.0 / (pool * pool));
                    }
                }
            }
        }
        return j;
    }

    /** The position of the window's first maximum, the window's top-left corner being at {@code corner}. */
    private int argmax(double[] in, int corner) {
        int best = corner;
        for (int py = 0; py < pool; py++) {
            for (int px = 0, at = corner + py * width; px < pool; px++, at++) {
                if (in[at] > in[best]) {
                    best = at;
                }
            }
        }
        return best;
    }
}
