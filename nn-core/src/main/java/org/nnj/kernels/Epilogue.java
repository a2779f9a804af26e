package org.nnj.kernels;

import java.util.Arrays;

/**
 * What turns the sums of a wide-row convolution ({@link WideRowsConvolution}, {@link
 * DirectConvolution}) into the layer's output, and its transpose going back. The sums {@code S = W ·
 * cols} of one example and filter are a wide run of L values, output row oy starting at {@code oy·Wp}
 * ({@link WidePatches}); the wide positions {@code ox ≥ Wo} are dropped going forward and get a zero
 * gradient going back. With {@code z[f, oy, ox] = S[f, oy·Wp + ox] + b_f}:
 * <ul>
 *   <li>{@link Kind#BIAS}: the output is z; backward, {@code dJ/dZ} is the gradient given;</li>
 *   <li>{@link Kind#BIAS_RELU}: {@code A = max(z, 0)}; backward {@code dJ/dZ = dJ/dA ⊙ [A > 0]};</li>
 *   <li>{@link Kind#RELU_POOL}: {@code P[f, qy, qx] = max_{u, v ∈ {0, 1}} max(z[f, 2qy + u, 2qx + v], 0)},
 *       computed as {@code max(max z, 0)} (the ReLU is monotone: one ReLU per output instead of four), A
 *       never written; a training pass records the route {@code 2u + v} of each window's first maximum
 *       of z; backward {@code dJ/dZ = route(dJ/dP) ⊙ [P > 0]}: each pooled gradient goes to its route if
 *       the maximum is positive, and every other position gets 0.</li>
 * </ul>
 * These are exactly the values of the unfused layers ({@link Elementwise}'s ReLU, {@link Pooling}'s
 * 2x2 max pooling and its first-maximum routing), up to the sign of zeros. A training pass shares its
 * pieces (one example and filter each) with the second core ({@link SecondCore}).
 */
final class Epilogue {
    /** The three epilogues. */
    enum Kind {
        BIAS,
        BIAS_RELU,
        RELU_POOL
    }

    private final int filters;
    private final int outHeight;
    private final int outWidth;
    private final int positions;
    private final int pooledHeight;
    private final int pooledWidth;
    /** Wp: where each output row starts in a wide run. */
    private final int pitch;
    /** L: the length of one example's wide run. */
    private final int span;

    private final PoolJob pooling = new PoolJob();
    /** Per-thread runs for {@link #poolValues}: the window maxima and a shifted copy (inference runs on many threads). */
    private final ThreadLocal<float[][]> rowPairs;

    private final UnpoolJob unpooling = new UnpoolJob();

    Epilogue(ConvGeometry g, int pitch, int span) {
        this.filters = g.filters();
        this.outHeight = g.outHeight();
        this.outWidth = g.outWidth();
        this.positions = g.positions();
        this.pooledHeight = g.pooledHeight();
        this.pooledWidth = g.pooledWidth();
        this.pitch = pitch;
        this.span = span;
        this.rowPairs = ThreadLocal.withInitial(() -> new float[2][span]);
    }

    /** The ReLU of every epilogue: {@code max(v, 0)}, +0.0 for v ≤ 0, NaN for NaN. */
    static float relu(float v) {
        return Math.max(v, 0f) + 0f * Math.min(v, 0f);
    }

    /**
     * Rows {@code first .. first + count} of z (or A, with {@code relu}) from the product {@code zt = W
     * · cols} (F x (count·L)): {@code z[n, f, oy, ox] = zt[f, j·L + oy·Wp + ox] + b_f}.
     */
    void toRows(Matrix zt, Matrix bias, Matrix z, int first, int count, boolean relu) {
        int n = filters * count * span;
        float[] in = Scratch.floats(1, n);
        zt.load(0, in, 0, n);
        int size = filters * positions;
        float[] out = Scratch.floats(0, count * size);
        for (int f = 0; f < filters; f++) {
            float b = (float) bias.get(f);
            for (int j = 0; j < count; j++) {
                toRow(in, (f * count + j) * span, b, out, j * size + f * positions, relu);
            }
        }
        z.store(first * size, out, 0, count * size);
    }

    /** One example's outputs for one filter: the wide run at {@code in[src]} + b (and the ReLU), to {@code out[dst ..]}. */
    void toRow(float[] in, int src, float b, float[] out, int dst, boolean relu) {
        for (int oy = 0; oy < outHeight; oy++) {
            System.arraycopy(in, src + oy * pitch, out, dst + oy * outWidth, outWidth);
        }
        if (relu) {
            for (int q = dst; q < dst + positions; q++) { // one index into one array: vectorized
                out[q] = relu(out[q] + b);
            }
        } else {
            for (int q = dst; q < dst + positions; q++) {
                out[q] += b;
            }
        }
    }

    /**
     * The transpose of {@link #toRows}: rows {@code first .. first + count} of dZ into the wide layout,
     * F x (count·L), zero at the wide positions; with a ReLU's output (reluOut not null), dZ holds dJ/dA
     * and what goes in is {@code dJ/dA ⊙ [A > 0]} ({@link Elementwise#keepWherePositive}).
     */
    void fromRows(Matrix dZ, Matrix reluOut, int first, int count, Matrix dzt) {
        int size = filters * positions;
        float[] in = Scratch.floats(0, count * size);
        dZ.load(first * size, in, 0, count * size);
        if (reluOut != null) {
            float[] a = Scratch.floats(2, count * size);
            reluOut.load(first * size, a, 0, count * size);
            Elementwise.keepWherePositive(in, a, count * size);
        }
        int n = filters * count * span;
        float[] out = Scratch.floats(1, n);
        Arrays.fill(out, 0, n, 0); // the wide positions stay 0
        for (int f = 0; f < filters; f++) {
            for (int j = 0; j < count; j++) {
                int src = j * size + f * positions;
                int dst = (f * count + j) * span;
                for (int oy = 0; oy < outHeight; oy++) {
                    System.arraycopy(in, src + oy * outWidth, out, dst + oy * pitch, outWidth);
                }
            }
        }
        dzt.store(0, out, 0, n);
    }

    /**
     * Rows {@code first .. first + count} of P from the product {@code zt = W · cols}, and, if routes is
     * not null (a training pass), each output's route at its index in the batch.
     */
    void toPooledRows(Matrix zt, Matrix bias, Matrix pooled, int first, int count, byte[] routes) {
        int size = filters * pooledHeight * pooledWidth;
        float[] out = Scratch.floats(0, count * size);
        if (routes == null) { // inference, which may run on many threads at once: this thread alone
            for (int piece = 0; piece < filters * count; piece++) {
                poolPiece(zt, bias, out, first, count, null, piece);
            }
        } else { // training, one thread at a time: the pieces shared with the second core
            pooling.run(zt, bias, out, first, count, routes);
        }
        pooled.store(first * size, out, 0, count * size);
    }

    /** Piece {@code f·count + j} of {@link #toPooledRows}: example j's outputs for filter f. */
    private void poolPiece(Matrix zt, Matrix bias, float[] out, int first, int count, byte[] routes, int piece) {
        int f = piece / count;
        int j = piece % count;
        float[] in = Scratch.floats(1, span);
        zt.load((f * count + j) * span, in, 0, span); // one example's sums for filter f, in L1
        pool(in, (float) bias.get(f), out, first, j, f, routes);
    }

    /**
     * Example j's pooled outputs for filter f from its wide run of sums {@code in[0 .. L)} (without the
     * bias b), into {@code out}, and their routes (if not null) at the batch's row {@code first + j}.
     */
    void pool(float[] in, float b, float[] out, int first, int j, int f, byte[] routes) {
        if (routes == null) {
            int area = pooledHeight * pooledWidth;
            poolValues(in, b, out, j * filters * area + f * area);
            return;
        }
        int area = pooledHeight * pooledWidth;
        int size = filters * area;
        int o = j * size + f * area;
        int r = first * size + o;
        for (int qy = 0; qy < pooledHeight; qy++) {
            int a = 2 * qy * pitch;
            for (int qx = 0, c = a + pitch; qx < pooledWidth; qx++, o++, r++, a += 2, c += 2) {
                float a0 = in[a] + b;
                float a1 = in[a + 1] + b;
                float b0 = in[c] + b;
                float b1 = in[c + 1] + b;
                float top = Math.max(a0, a1);
                float bottom = Math.max(b0, b1);
                out[o] = relu(Math.max(top, bottom));
                if (routes != null) {
                    // The first maximum of z: the sign bit of (x - y) + 0 is 1 exactly when y > x
                    // (+ 0 makes ties of signed zeros +0.0). Where the maximum is positive it is
                    // the first maximum of A too; where it is not, the mask makes every
                    // gradient of the window 0, wherever the route points.
                    int right = Float.floatToRawIntBits((a0 - a1) + 0f) >>> 31;
                    int lower = Float.floatToRawIntBits((top - bottom) + 0f) >>> 31;
                    int lowerRight = Float.floatToRawIntBits((b0 - b1) + 0f) >>> 31;
                    routes[r] = (byte) (right + lower * (2 + lowerRight - right));
                }
            }
        }
    }

    /**
     * {@link #pool}'s values without routes (inference), in loops the JIT vectorizes: the window
     * maximum as {@code m[t] = max(max(in[t], in[t + Wp]), max(in[t + 1], in[t + Wp + 1]))} over the whole
     * run (each shifted operand first copied to an array of its own, since a loop that reads one array
     * at two offsets is not vectorized), then {@code P = relu(m[2qy·Wp + 2qx] + b)}. The same values as
     * the window loop: adding b is monotone in floating point, so {@code max_i(z_i + b) = max_i(z_i) +
     * b} exactly, and {@code max} is commutative and associative (NaN in, NaN out; ±0 give +0 after the
     * ReLU).
     */
    private void poolValues(float[] in, float b, float[] out, int o) {
        float[][] t = rowPairs.get();
        float[] m = t[0];
        float[] shifted = t[1];
        int n = span - pitch; // every window's top-left corner t has t + Wp + 1 < L
        System.arraycopy(in, pitch, shifted, 0, n);
        for (int i = 0; i < n; i++) { // one index into each array: vectorized
            m[i] = Math.max(in[i], shifted[i]);
        }
        System.arraycopy(m, 1, shifted, 0, n - 1);
        for (int i = 0; i < n - 1; i++) {
            m[i] = Math.max(m[i], shifted[i]);
        }
        int q = o;
        for (int qy = 0; qy < pooledHeight; qy++) {
            for (int qx = 0, a = 2 * qy * pitch; qx < pooledWidth; qx++, a += 2) {
                out[q++] = m[a];
            }
        }
        for (int i = o; i < q; i++) {
            out[i] = relu(out[i] + b);
        }
    }

    /**
     * The transpose of {@link #toPooledRows}: from dJ/dP (rows {@code first .. first + count} of
     * gradPooled), P and the routes of the training pass that made P, the wide layout of dJ/dZ, F x
     * (count·L).
     */
    void fromPooledRows(Matrix gradPooled, Matrix pooled, byte[] routes, int first, int count, Matrix dzt) {
        int size = filters * pooledHeight * pooledWidth;
        float[] g = Scratch.floats(0, count * size);
        float[] p = Scratch.floats(2, count * size);
        gradPooled.load(first * size, g, 0, count * size);
        pooled.load(first * size, p, 0, count * size);
        Elementwise.keepWherePositive(g, p, count * size); // the ReLU's mask at each window's maximum
        unpooling.run(g, routes, first, count, dzt); // training, one thread at a time: shared with the second core
    }

    /** Piece {@code f·count + j} of {@link #fromPooledRows}: example j's dJ/dZ for filter f. */
    private void unpoolPiece(float[] g, byte[] routes, int first, int count, Matrix dzt, int piece) {
        int f = piece / count;
        int j = piece % count;
        int area = pooledHeight * pooledWidth;
        int size = filters * area;
        float[] out = Scratch.floats(1, span); // built in L1
        Arrays.fill(out, 0, span, 0);
        int o = j * size + f * area;
        int r = first * size + o;
        for (int qy = 0; qy < pooledHeight; qy++) {
            int a = 2 * qy * pitch;
            for (int qx = 0; qx < pooledWidth; qx++, o++, r++, a += 2) {
                int k = routes[r];
                out[a + (k >> 1) * pitch + (k & 1)] = g[o];
            }
        }
        dzt.store((f * count + j) * span, out, 0, span);
    }

    /** A training {@link #toPooledRows}: its arguments, for the pieces on either thread. */
    private final class PoolJob extends SecondCore.Pieces {
        private Matrix zt;
        private Matrix bias;
        private float[] out;
        private byte[] routes;
        private int first;
        private int count;

        void run(Matrix zt, Matrix bias, float[] out, int first, int count, byte[] routes) {
            this.zt = zt;
            this.bias = bias;
            this.out = out;
            this.first = first;
            this.count = count;
            this.routes = routes;
            runAll(filters * count);
            this.zt = null; // nothing kept alive after the pass
            this.bias = null;
            this.out = null;
            this.routes = null;
        }

        @Override
        protected void piece(int k) {
            poolPiece(zt, bias, out, first, count, routes, k);
        }
    }

    /** A {@link #fromPooledRows}: its arguments, for the pieces on either thread. */
    private final class UnpoolJob extends SecondCore.Pieces {
        private float[] g;
        private byte[] routes;
        private int first;
        private int count;
        private Matrix dzt;

        void run(float[] g, byte[] routes, int first, int count, Matrix dzt) {
            this.g = g;
            this.routes = routes;
            this.first = first;
            this.count = count;
            this.dzt = dzt;
            runAll(filters * count);
            this.g = null;
            this.routes = null;
            this.dzt = null;
        }

        @Override
        protected void piece(int k) {
            unpoolPiece(g, routes, first, count, dzt, k);
        }
    }
}
