package org.nnj.kernels;

import java.util.Arrays;

/**
 * im2col and col2im for a float32 convolution at stride 1, with <em>wide rows</em>: the positions of
 * one example are laid out on the padded image's grid, {@code t = oy·Wp + ox}, with Wp = Wo + k - 1
 * the padded width. Row {@code i = (c·k + ky)·k + kx} of the patch matrix then reads the padded image
 * at {@code ky·Wp + kx + t}: a single contiguous run of {@code L = (Ho - 1)·Wp + Wo} values per row
 * and example, instead of Ho runs of Wo (runs of 10 for a 5x5 kernel on a 14x14 image, which cost
 * more in loop overhead than in copying).
 *
 * <p>The price is {@code k - 1} extra positions per output row ({@code ox ≥ Wo}) whose values mean
 * nothing: the forward pass drops them when it copies Z into the examples' rows ({@link #toRows}),
 * and the backward pass gives them a zero gradient ({@link #fromRows}), so they add nothing to
 * {@code dJ/dW = dZ · colsᵀ} or {@code dJ/db}, and {@code dJ/dcols = Wᵀ · dZ} is zero there, which
 * makes col2im ({@link #scatterAdd}) the same contiguous run, added back into a padded gradient image
 * that is then cropped. The products grow by Wp / Wo (1.4x for 14 → 10, 1.14x for 28 + 4 → 28); the
 * copies shrink more.
 */
final class WidePatches {
    private final int channels;
    private final int height;
    private final int width;
    private final int kernel;
    private final int padTop;
    private final int padLeft;
    private final int outHeight;
    private final int outWidth;
    private final int paddedHeight;
    private final int paddedWidth;
    private final int rowSize;
    private final int paddedSize;
    private final int rows;
    private final int positions;
    private final int filters;
    private final boolean padded;

    /** Values per example and patch row: {@code (Ho - 1)·Wp + Wo}. */
    final int span;

    /** The output's size after 2x2 max pooling at stride 2 ({@link #toPooledRows}). */
    private final int pooledHeight;

    private final int pooledWidth;

    WidePatches(
            int channels,
            int height,
            int width,
            int kernel,
            int padTop,
            int padLeft,
            int outHeight,
            int outWidth,
            int filters) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.kernel = kernel;
        this.padTop = padTop;
        this.padLeft = padLeft;
        this.outHeight = outHeight;
        this.outWidth = outWidth;
        this.filters = filters;
        this.paddedHeight = outHeight + kernel - 1;
        this.paddedWidth = outWidth + kernel - 1;
        if (padTop < 0 || padLeft < 0 || paddedHeight < padTop + height || paddedWidth < padLeft + width) {
            throw new IllegalArgumentException("a " + height + "x" + width + " image padded " + padTop + "/" + padLeft
                    + " does not fit a " + outHeight + "x" + outWidth + " output of a " + kernel + "x" + kernel
                    + " kernel at stride 1");
        }
        this.rowSize = channels * height * width;
        this.paddedSize = channels * paddedHeight * paddedWidth;
        this.rows = channels * kernel * kernel;
        this.positions = outHeight * outWidth;
        this.span = (outHeight - 1) * paddedWidth + outWidth;
        this.pooledHeight = outHeight / 2;
        this.pooledWidth = outWidth / 2;
        this.padded = paddedHeight != height || paddedWidth != width;
    }

    /**
     * The arguments of the shared training pass in progress, which its pieces read ({@link #pass}):
     * training runs on one thread at a time, so one set serves every pass. {@code passMatrix} is the
     * product's buffer the pass reads or writes (Z, dJ/dZ or the patch gradients), {@code passCols}
     * the patch matrix, {@code passValues} the heap array of values (the pooled output, dJ/dP, or the
     * images), {@code passStaged} a second one (col2im's staging array, or the outputs of {@link
     * #convolve}).
     */
    private Matrix passMatrix;

    private Matrix passCols;
    private Matrix passBias;
    private float[] passValues;
    private float[] passStaged;
    private byte[] passRoutes;
    private int passFirst;
    private int passCount;

    /** Sets the shared pass's arguments (all null and 0 after it, so that nothing is kept alive). */
    private void pass(
            Matrix matrix,
            Matrix cols,
            Matrix bias,
            float[] values,
            float[] staged,
            byte[] routes,
            int first,
            int count) {
        passMatrix = matrix;
        passCols = cols;
        passBias = bias;
        passValues = values;
        passStaged = staged;
        passRoutes = routes;
        passFirst = first;
        passCount = count;
    }

    /** The shared passes, each piece claimed by whichever thread is free ({@link SecondCore}). */
    private final SecondCore.Pieces gathering =
            SecondCore.Pieces.of(i -> gatherRow(passValues, passCount, passCols, i));

    private final SecondCore.Pieces pooling =
            SecondCore.Pieces.of(k -> poolPiece(passMatrix, passBias, passValues, passFirst, passCount, passRoutes, k));
    private final SecondCore.Pieces unpooling = SecondCore.Pieces.of(this::unpoolPiece);
    private final SecondCore.Pieces scattering = SecondCore.Pieces.of(this::scatterPiece);

    /**
     * The patch matrices of rows {@code first .. first + count} of x, side by side: (C·k·k) x (count·L);
     * with {@code shared} (a training pass: one thread at a time), the rows are shared with the second
     * core.
     */
    void gather(Matrix x, int first, int count, Matrix cols, boolean shared) {
        float[] image = paddedImages(x, first, count);
        if (shared) {
            pass(null, cols, null, image, null, null, 0, count);
            gathering.runAll(rows);
            pass(null, null, null, null, null, null, 0, 0);
            return;
        }
        for (int i = 0; i < rows; i++) {
            gatherRow(image, count, cols, i);
        }
    }

    /** Patch row i of every example. */
    private void gatherRow(float[] image, int count, Matrix cols, int i) {
        int shift = shift(i);
        for (int j = 0; j < count; j++) {
            cols.store((i * count + j) * span, image, j * paddedSize + shift, span);
        }
    }

    /** Rows {@code first .. first + count} of x as padded images in a scratch array (x itself if unpadded). */
    private float[] paddedImages(Matrix x, int first, int count) {
        float[] in = Scratch.floats(0, count * rowSize);
        x.load(first * rowSize, in, 0, count * rowSize);
        if (!padded) {
            return in;
        }
        float[] image = Scratch.floats(2, count * paddedSize);
        Arrays.fill(image, 0, count * paddedSize, 0);
        copyInterior(in, image, count, true);
        return image;
    }

    /** Where patch row {@code i = (c·k + ky)·k + kx} starts reading in one padded image. */
    private int shift(int i) {
        return i / (kernel * kernel) * paddedHeight * paddedWidth + (i / kernel % kernel) * paddedWidth + i % kernel;
    }

    /**
     * Copies count images between their rows' layout and the padded grid: into the padded images'
     * interiors ({@code toPadded}), or back out of them (the crop).
     */
    private void copyInterior(float[] from, float[] to, int count, boolean toPadded) {
        for (int j = 0; j < count; j++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    int plain = j * rowSize + (c * height + y) * width;
                    int inside = j * paddedSize + (c * paddedHeight + y + padTop) * paddedWidth + padLeft;
                    if (toPadded) {
                        System.arraycopy(from, plain, to, inside, width);
                    } else {
                        System.arraycopy(from, inside, to, plain, width);
                    }
                }
            }
        }
    }

    /** The weights (F x C·k·k, row-major) and the kind of output of the direct pass in progress. */
    private float[] passWeights;

    private boolean passPool;
    private boolean passRelu;

    private final SecondCore.Pieces convolving = SecondCore.Pieces.of(this::convolvePiece);

    /** One thread's sums for one example (one wide run per filter), four patch rows' runs, and W. */
    private final class Direct {
        final float[][] sums = new float[filters][span];
        final float[][] runs = new float[4][span];
        final float[] weights = new float[filters * rows];
    }

    private final ThreadLocal<Direct> direct = ThreadLocal.withInitial(Direct::new);

    /**
     * The forward pass without a patch matrix or a product, for layers with few patch rows and filters
     * (a first convolution over one channel): for each example n, filter f and wide position t,
     * <pre>
     *   Z[f, t] = Σ_i W[f, i] · image_n[shift(i) + t]      (i = (c·k + ky)·k + kx)
     * </pre>
     * the sums of {@code W · cols} without writing cols. The runs of four patch rows at a time are
     * copied into L1 and their products added to F runs of sums that stay in cache, in a fixed order
     * ({@code Z + (((w_i r_i + w_(i+1) r_(i+1)) + w_(i+2) r_(i+2)) + w_(i+3) r_(i+3))}, then the rows
     * left one by one); the outputs are made from them as by {@link #toPooledRows} (with {@code pool}:
     * + b, ReLU, 2x2 max pooling, and the routes if not null) or {@link #toRows} (+ b, and the ReLU with
     * {@code relu}), into rows {@code first .. first + count} of out. With {@code shared} (a training
     * pass, one thread at a time) the examples are shared with the second core; each is summed the same
     * way whichever thread does it.
     */
    void convolve(
            Matrix x,
            Matrix w,
            Matrix bias,
            Matrix out,
            int first,
            int count,
            boolean pool,
            boolean relu,
            byte[] routes,
            boolean shared) {
        float[] image = paddedImages(x, first, count);
        float[] weights = direct.get().weights;
        w.load(0, weights, 0, filters * rows);
        int size = pool ? filters * pooledHeight * pooledWidth : filters * positions;
        float[] values = Scratch.floats(4, count * size);
        if (shared) { // a training pass, one thread at a time: the examples shared with the second core
            pass(null, null, bias, image, values, routes, first, count);
            passWeights = weights;
            passPool = pool;
            passRelu = relu;
            convolving.runAll(count);
            pass(null, null, null, null, null, null, 0, 0);
            passWeights = null;
        } else { // inference, which may run on many threads at once: this thread alone
            for (int j = 0; j < count; j++) {
                convolveExample(image, weights, bias, values, first, j, pool, relu, routes);
            }
        }
        out.store(first * size, values, 0, count * size);
    }

    /** Piece j of a training {@link #convolve}. */
    private void convolvePiece(int j) {
        convolveExample(passValues, passWeights, passBias, passStaged, passFirst, j, passPool, passRelu, passRoutes);
    }

    /** Example j of {@link #convolve}: its sums, then its outputs for every filter. */
    private void convolveExample(
            float[] image,
            float[] weights,
            Matrix bias,
            float[] values,
            int first,
            int j,
            boolean pool,
            boolean relu,
            byte[] routes) {
        Direct d = direct.get();
        float[][] sums = d.sums;
        float[][] runs = d.runs;
        for (float[] z : sums) {
            Arrays.fill(z, 0);
        }
        int base = j * paddedSize;
        int i = 0;
        for (; i + 4 <= rows; i += 4) { // four patch rows at a time: a quarter of the loads and stores of the sums
            for (int g = 0; g < 4; g++) {
                System.arraycopy(image, base + shift(i + g), runs[g], 0, span);
            }
            float[] r0 = runs[0];
            float[] r1 = runs[1];
            float[] r2 = runs[2];
            float[] r3 = runs[3];
            for (int f = 0; f < filters; f++) {
                int at = f * rows + i;
                float w0 = weights[at];
                float w1 = weights[at + 1];
                float w2 = weights[at + 2];
                float w3 = weights[at + 3];
                float[] z = sums[f];
                for (int t = 0; t < span; t++) { // one index into each array: vectorized
                    z[t] += w0 * r0[t] + w1 * r1[t] + w2 * r2[t] + w3 * r3[t];
                }
            }
        }
        for (; i < rows; i++) {
            float[] r = runs[0];
            System.arraycopy(image, base + shift(i), r, 0, span);
            for (int f = 0; f < filters; f++) {
                float wi = weights[f * rows + i];
                float[] z = sums[f];
                for (int t = 0; t < span; t++) {
                    z[t] += wi * r[t];
                }
            }
        }
        for (int f = 0; f < filters; f++) {
            float b = (float) bias.get(f);
            if (pool) {
                pool(sums[f], b, values, first, j, f, routes);
            } else {
                toRow(sums[f], 0, b, values, j * filters * positions + f * positions, relu);
            }
        }
    }

    /**
     * Rows {@code first .. first + count} of z from the product {@code zt = W · cols} (F x (count·L)):
     * {@code z[n, f, oy, ox] = zt[f, j·L + oy·Wp + ox] + b_f}, dropping the wide positions; with
     * {@code relu}, {@code max(·, 0)} of that ({@link Elementwise#leakyRelu}'s float arithmetic).
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

    /**
     * One example's outputs for one filter: the wide run at {@code in[src]} without its wide positions,
     * plus b (and the ReLU), to {@code out[dst ..]} in NCHW order.
     */
    private void toRow(float[] in, int src, float b, float[] out, int dst, boolean relu) {
        for (int oy = 0; oy < outHeight; oy++) {
            System.arraycopy(in, src + oy * paddedWidth, out, dst + oy * outWidth, outWidth);
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
     * The transpose of {@link #toRows}'s copy: rows {@code first .. first + count} of dZ into the wide
     * layout, F x (count·L), zero at the wide positions. With a ReLU's output a (not null), dZ holds
     * dJ/dA and what goes into the layout is {@code dJ/dA ⊙ [a > 0]} ({@link
     * Elementwise#keepWherePositive}, as the ReLU's own backward pass).
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
                    System.arraycopy(in, src + oy * outWidth, out, dst + oy * paddedWidth, outWidth);
                }
            }
        }
        dzt.store(0, out, 0, n);
    }

    /**
     * {@link #toRows} with a ReLU, followed by 2x2 max pooling at stride 2, in one pass: rows {@code
     * first .. first + count} of the pooled output {@code P[n, f, qy, qx] = max A[n, f, 2qy + u, 2qx + v]}
     * (u, v ∈ {0, 1}) with {@code A = max(zt + b, 0)}, without writing A, computed as {@code max(max Z,
     * 0)}: exactly the values of {@link #toRows} then {@link Pooling#forward}. {@code routes}, when
     * not null, gets for each output which of its window's four inputs is the first maximum of Z,
     * {@code 2u + v}: where that maximum is positive, the input {@link Pooling}'s backward pass
     * chooses.
     */
    void toPooledRows(Matrix zt, Matrix bias, Matrix pooled, int first, int count, byte[] routes) {
        int size = filters * pooledHeight * pooledWidth;
        float[] out = Scratch.floats(0, count * size);
        if (routes == null) { // inference, which may run on many threads at once: this thread alone
            for (int piece = 0; piece < filters * count; piece++) {
                poolPiece(zt, bias, out, first, count, null, piece);
            }
        } else { // training, one thread at a time: the pieces shared with the second core
            pass(zt, null, bias, out, null, routes, first, count);
            pooling.runAll(filters * count);
            pass(null, null, null, null, null, null, 0, 0);
        }
        pooled.store(first * size, out, 0, count * size);
    }

    /** Piece {@code f·count + j} of {@link #toPooledRows}: example j's outputs for filter f. */
    private void poolPiece(Matrix zt, Matrix bias, float[] out, int first, int count, byte[] routes, int piece) {
        int f = piece / count;
        int j = piece % count;
        float[] in = Scratch.floats(1, span);
        zt.load((f * count + j) * span, in, 0, span); // one example's Z for filter f, in L1
        pool(in, (float) bias.get(f), out, first, j, f, routes);
    }

    /**
     * Example j's pooled outputs for filter f from its wide run of sums {@code in[0 .. L)} (without the
     * bias b), into {@code out}, and their routes (if not null) at the batch's row {@code first + j}.
     */
    private void pool(float[] in, float b, float[] out, int first, int j, int f, byte[] routes) {
        int area = pooledHeight * pooledWidth;
        int size = filters * area;
        int o = j * size + f * area;
        int r = first * size + o;
        for (int qy = 0; qy < pooledHeight; qy++) {
            int a = 2 * qy * paddedWidth;
            for (int qx = 0, c = a + paddedWidth; qx < pooledWidth; qx++, o++, r++, a += 2, c += 2) {
                // max(Z) then the ReLU: the same value as the max of max(Z, 0), as the ReLU is
                // monotone, for one ReLU per output instead of four.
                float a0 = in[a] + b;
                float a1 = in[a + 1] + b;
                float b0 = in[c] + b;
                float b1 = in[c + 1] + b;
                float top = Math.max(a0, a1);
                float bottom = Math.max(b0, b1);
                out[o] = relu(Math.max(top, bottom));
                if (routes != null) {
                    // The first maximum of Z: the sign bit of (x - y) + 0 is 1 exactly when y > x
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

    /** The ReLU of {@link #toRows} and {@link #toPooledRows}: {@code max(v, 0)}, +0.0 for v ≤ 0, NaN for NaN. */
    private static float relu(float v) {
        return Math.max(v, 0f) + 0f * Math.min(v, 0f);
    }

    /**
     * The transpose of {@link #toPooledRows}: from dJ/dP (rows {@code first .. first + count} of
     * {@code gradPooled}) the wide layout of {@code dJ/dZ}, F x (count·L): each pooled output's gradient
     * goes to its window's first maximum if that maximum is positive ({@code dJ/dZ = route(dJ/dP) ⊙
     * [A > 0]}, A being P there), and every other position is 0. Equal to {@link Pooling}'s backward
     * pass then {@link #fromRows} with the ReLU's mask, up to the sign of zeros.
     */
    void fromPooledRows(Matrix gradPooled, Matrix pooled, byte[] routes, int first, int count, Matrix dzt) {
        int area = pooledHeight * pooledWidth;
        int size = filters * area;
        float[] g = Scratch.floats(0, count * size);
        float[] p = Scratch.floats(2, count * size);
        gradPooled.load(first * size, g, 0, count * size);
        pooled.load(first * size, p, 0, count * size);
        Elementwise.keepWherePositive(g, p, count * size); // the ReLU's mask at each window's maximum
        pass(dzt, null, null, g, null, routes, first, count);
        unpooling.runAll(filters * count); // training, one thread at a time: shared with the second core
        pass(null, null, null, null, null, null, 0, 0);
    }

    /** Piece {@code f·count + j} of a training {@link #fromPooledRows}: example j's dJ/dZ for filter f. */
    private void unpoolPiece(int piece) {
        int first = passFirst;
        int count = passCount;
        byte[] routes = passRoutes;
        float[] g = passValues;
        int f = piece / count;
        int j = piece % count;
        int area = pooledHeight * pooledWidth;
        int size = filters * area;
        float[] out = Scratch.floats(1, span); // built in L1
        Arrays.fill(out, 0, span, 0);
        int o = j * size + f * area;
        int r = first * size + o;
        for (int qy = 0; qy < pooledHeight; qy++) {
            int a = 2 * qy * paddedWidth;
            for (int qx = 0; qx < pooledWidth; qx++, o++, r++, a += 2) {
                int k = routes[r];
                out[a + (k >> 1) * paddedWidth + (k & 1)] = g[o];
            }
        }
        passMatrix.store((f * count + j) * span, out, 0, span);
    }

    /** Piece j of {@link #scatterAdd}: every patch row's run added into example j's image. */
    private void scatterPiece(int j) {
        int count = passCount;
        float[] staged = passStaged;
        float[] image = passValues;
        for (int i = 0; i < rows; i++) {
            int d = j * paddedSize + shift(i);
            // Staged at the image's own index first, straight from the product's buffer: a loop
            // whose two arrays share one index is vectorized by the JIT, one with two different
            // offsets is not (4-5x slower, measured).
            passMatrix.load((i * count + j) * span, staged, d, span);
            for (int t = d; t < d + span; t++) {
                image[t] += staged[t];
            }
        }
    }

    /** The transpose of {@link #gather}: rows {@code first .. first + count} of dx from the patch gradients. */
    void scatterAdd(Matrix dCols, Matrix dx, int first, int count) {
        float[] image = Scratch.floats(padded ? 2 : 0, count * paddedSize);
        float[] staged = Scratch.floats(4, count * paddedSize);
        Arrays.fill(image, 0, count * paddedSize, 0);
        pass(dCols, null, null, image, staged, null, 0, count);
        scattering.runAll(count); // a backward pass, one thread at a time: shared with the second core
        pass(null, null, null, null, null, null, 0, 0);
        if (!padded) {
            dx.store(first * rowSize, image, 0, count * rowSize);
            return;
        }
        float[] out = Scratch.floats(0, count * rowSize);
        copyInterior(image, out, count, false);
        dx.store(first * rowSize, out, 0, count * rowSize);
    }
}
