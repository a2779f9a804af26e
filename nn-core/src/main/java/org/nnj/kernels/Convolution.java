package org.nnj.kernels;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The arithmetic of a 2-D convolution over a batch whose rows are images in channels x height x width
 * order (NCHW within a row), as im2col and matrix products.
 *
 * <p>For one example, im2col lays the {@code C·k·k} input values under each of the {@code P = Ho·Wo}
 * output positions side by side: {@code cols} is {@code (C·k·k) x P}, zero where the window hangs over
 * the padding. Then, with W the {@code F x (C·k·k)} filter matrix:
 * <ul>
 *   <li>forward: {@code Z = W · cols + b 1ᵀ} (F x P, which is the example's output row in NCHW order);</li>
 *   <li>{@code dJ/dW = Σ_examples dJ/dZ · colsᵀ}, {@code dJ/db = Σ_examples dJ/dZ · 1};</li>
 *   <li>{@code dJ/dcols = Wᵀ · dJ/dZ}, then col2im adds each entry back to the input value it was read
 *       from: {@code dJ/dx}.</li>
 * </ul>
 * The examples are taken {@value #CHUNK} at a time with their patch matrices side by side, so each
 * product is one large {@link Gemm} call ({@code W · [cols_1 ... cols_c]}); im2col and col2im go
 * through a {@link Patches} pattern computed once, and the F x (c·P) result is copied into the
 * examples' rows in blocks of P. A float32 convolution at stride 1 lays each example's positions out
 * on the padded image's grid instead ({@link WidePatches}: a few more columns, far fewer and longer
 * copies); there the bias is added, and a ReLU may be applied, in the copy into the rows, the ReLU's
 * mask is applied in the copy of the gradient, and dJ/db comes out of the weight-gradient product
 * through a row of ones under the patch matrix; a ReLU and a 2x2 stride-2 max pooling after it can run
 * in the same copies too ({@link #forwardPooled}, {@link #backwardPooled}), so that the ReLU's output
 * is never written. Such a layer with few multiply-adds per position (a first layer over one channel)
 * computes its forward pass without a patch matrix at all ({@link #DIRECT_PRODUCTS}). The weight
 * gradient of a product with few outputs runs as one product over the two halves of its positions
 * ({@link #SPLIT_OUTPUTS}), and a training pass shares its copies with a second core ({@link
 * SecondCore}). A training-mode forward pass keeps its column matrices for the backward pass (up to
 * {@value #MAX_SAVED} values; beyond that, and after an inference-mode pass or a pass without them,
 * they are computed again). Inference uses per-thread buffers, so it may run on many threads at once;
 * training, as everywhere in the library, runs on one thread at a time.
 */
public final class Convolution {
    /** Examples per product: large enough for BLAS to run at speed, small enough to keep buffers small. */
    static final int CHUNK = 32;

    private final int inSize;
    private final int filters;
    private final int patch;
    private final int positions;
    /** Outputs per example after 2x2 max pooling at stride 2: {@code F·⌊Ho/2⌋·⌊Wo/2⌋}. */
    private final int pooledSize;

    private final Patches im2col;
    /** The wide-row im2col of a float32 convolution at stride 1; null otherwise. */
    private final WidePatches wide;
    /** Whether the forward pass runs without a patch matrix ({@link #DIRECT_PRODUCTS}). */
    private final boolean direct;

    /** Columns of the patch matrix per example: the positions P, or the wide rows' L. */
    private final int span;
    /**
     * Rows of a stored patch matrix: C·k·k, plus on the wide path a row of ones under them, so that the
     * weight-gradient product {@code dZ · [cols; 1ᵀ]ᵀ = [dJ/dW | dJ/db]} gives the bias gradient too.
     */
    private final int colRows;
    /** CHUNK·span ones (wide path only), copied under each patch matrix. */
    private final float[] ones;

    private final DataType type;
    private final ThreadLocal<Buffers> buffers;

    /**
     * Most outputs ({@code F x (C·k·k + 1)}) of a wide-path weight-gradient product that is computed
     * in two halves of its positions (K of them): {@code dZ·colsᵀ = dZ_1·cols_1ᵀ + dZ_2·cols_2ᵀ}, as the
     * one product {@code [dZ_1; dZ_2]·[cols_1; cols_2]ᵀ} whose two diagonal blocks are added. Its
     * operands are the same memory read as (2F) x (K/2) and (2(C·k·k + 1)) x (K/2) matrices, row 2r +
     * h being half h of row r. Twice the multiply-adds, but OpenBLAS keeps a product with so few outputs
     * on one core and runs the 2F x 2(C·k·k + 1) one on both: the first LeNet convolution's 8 x 26 x
     * 28544 product, 1.12 ms whole, 0.72 ms split (nn-benchmarks/README.md); the second's 16 x 201 x
     * 4352 is slower split (0.69 vs 0.82 ms).
     */
    static final int SPLIT_OUTPUTS = 1024;

    /**
     * Most multiply-adds per output position ({@code F·C·k·k}) of a wide-path convolution whose forward
     * pass runs without a patch matrix ({@link WidePatches#convolve}): there W · cols costs less as
     * Java loops over runs held in L1 than as writing cols and a product that reads it back. Measured
     * on the LeNet (nn-benchmarks/README.md): its first convolution (8 filters of 1x5x5: 200) is faster
     * so, its second (16 of 8x5x5: 3200; 1.28 ms of loops on one core for 64 examples against a 0.8 ms
     * product on two) is not; the limit lies between them.
     */
    static final int DIRECT_PRODUCTS = 512;

    /** Largest number of column-matrix values a training pass keeps for its backward pass (64 MiB of float32). */
    static final long MAX_SAVED = 16L << 20;

    /** Column matrices kept by training passes, for the last two batch sizes (a fit's batch and its short last one). */
    private final Saved[] saved = new Saved[2];

    private int nextSaved;

    /** Every chunk's column matrix for one batch size, and the input they were computed from. */
    private final class Saved {
        final int rows;
        final Matrix[] chunks;
        /** The patch matrices alone: each chunk's first C·k·k rows. */
        final Matrix[] patches;
        /** Each chunk's column matrix as 2·colRows rows of halves ({@link #SPLIT_OUTPUTS}), or null. */
        final Matrix[] halves;
        /** The memory the chunk views are over; held here so that it lives as long as they do. */
        final Matrix all;

        /** The array they were computed from (the array itself, as for the routes). */
        Object input;

        Saved(int rows) {
            this.rows = rows;
            int count = (rows + CHUNK - 1) / CHUNK;
            all = Matrix.allocate(type, count, colRows * CHUNK * span);
            chunks = new Matrix[count];
            patches = new Matrix[count];
            halves = new Matrix[count];
            for (int k = 0; k < count; k++) {
                int c = Math.min(CHUNK, rows - k * CHUNK);
                chunks[k] = all.view(k * colRows * CHUNK * span, colRows, c * span);
                patches[k] = all.view(k * colRows * CHUNK * span, patch, c * span);
                if (splitsWeightGradient(c)) {
                    halves[k] = all.view(k * colRows * CHUNK * span, 2 * colRows, c * span / 2);
                }
                if (colRows > patch) { // the row of ones under the patch matrix, written once: gathers leave it
                    chunks[k].store(patch * c * span, ones, 0, c * span);
                }
            }
        }
    }

    /** The saved column matrices for a batch of {@code rows}, made on first use; null if too large to keep. */
    private Saved saved(int rows) {
        for (Saved s : saved) {
            if (s != null && s.rows == rows) {
                return s;
            }
        }
        if ((long) colRows * CHUNK * span * ((rows + CHUNK - 1) / CHUNK) > MAX_SAVED) {
            return null;
        }
        Saved s = new Saved(rows);
        saved[nextSaved] = s;
        nextSaved = (nextSaved + 1) % saved.length;
        return s;
    }

    /** One thread's column, output and ones matrices, with views for every chunk size up to CHUNK. */
    private final class Buffers {
        /** colRows x (c·span): the patch matrix, with the wide path's row of ones under it. */
        final Matrix[] colsAndOnes = new Matrix[CHUNK + 1];
        /** patch x (c·span): the patch matrix alone (the first rows of colsAndOnes). */
        final Matrix[] cols = new Matrix[CHUNK + 1];

        final Matrix[] zt = new Matrix[CHUNK + 1];
        /** CHUNK·span ones as a column, for the bias's products on the general path. */
        final Matrix[] ones = new Matrix[CHUNK + 1];
        /** The wide path's {@code [dJ/dW | dJ/db]}, F x (C·k·k + 1). */
        final Matrix weightAndBiasGrad = Matrix.allocate(type, filters, patch + 1);
        /** colsAndOnes and zt as rows of halves ({@link #SPLIT_OUTPUTS}), where the product is split. */
        final Matrix[] colsHalves = new Matrix[CHUNK + 1];

        final Matrix[] ztHalves = new Matrix[CHUNK + 1];
        /** The split product, 2F x 2(C·k·k + 1), whose diagonal blocks make {@code [dJ/dW | dJ/db]} (or null). */
        final Matrix split = splitsWeightGradient(2) ? Matrix.allocate(type, 2 * filters, 2 * colRows) : null;

        Buffers() {
            colsAndOnes[CHUNK] = Matrix.allocate(type, colRows, CHUNK * span);
            cols[CHUNK] = colsAndOnes[CHUNK].prefix(patch, CHUNK * span);
            zt[CHUNK] = Matrix.allocate(type, filters, CHUNK * span);
            ones[CHUNK] = Matrix.allocate(type, CHUNK * span, 1);
            ones[CHUNK].fill(1);
        }

        /** Makes the views for a chunk of c examples (once per size). */
        Buffers forChunk(int c) {
            if (cols[c] == null) {
                colsAndOnes[c] = colsAndOnes[CHUNK].prefix(colRows, c * span);
                cols[c] = colsAndOnes[CHUNK].prefix(patch, c * span);
                zt[c] = zt[CHUNK].prefix(filters, c * span);
                ones[c] = ones[CHUNK].prefix(c * span, 1);
            }
            if (colsHalves[c] == null && splitsWeightGradient(c)) {
                colsHalves[c] = colsAndOnes[CHUNK].prefix(2 * colRows, c * span / 2);
                ztHalves[c] = zt[CHUNK].prefix(2 * filters, c * span / 2);
            }
            return this;
        }
    }

    /**
     * @param padTop  rows of zeros above the image (the rest of the padding goes below)
     * @param padLeft columns of zeros left of the image
     */
    public Convolution(
            DataType type,
            int channels,
            int height,
            int width,
            int filters,
            int kernel,
            int stride,
            int padTop,
            int padLeft,
            int outHeight,
            int outWidth) {
        this.type = type;
        this.inSize = channels * height * width;
        this.filters = filters;
        this.patch = channels * kernel * kernel;
        this.positions = outHeight * outWidth;
        this.pooledSize = filters * (outHeight / 2) * (outWidth / 2);
        this.im2col = new Patches(channels, height, width, kernel, stride, padTop, padLeft, outHeight, outWidth);
        this.wide = stride == 1 && type == DataType.FLOAT
                ? new WidePatches(channels, height, width, kernel, padTop, padLeft, outHeight, outWidth, filters)
                : null;
        this.direct = wide != null && (long) filters * patch <= DIRECT_PRODUCTS;
        this.span = wide != null ? wide.span : positions;
        this.colRows = wide != null ? patch + 1 : patch;
        this.ones = new float[wide != null ? CHUNK * span : 0];
        java.util.Arrays.fill(ones, 1);
        this.buffers = ThreadLocal.withInitial(Buffers::new);
    }

    /**
     * Whether {@link #forward} and {@link #backward} can apply a ReLU in the same pass as their copies
     * (the wide path): the layer then needs no separate pass over its output and gradient.
     */
    public boolean fusesRelu() {
        return wide != null;
    }

    /**
     * Whether {@link #forwardPooled} and {@link #backwardPooled} can apply a ReLU and then 2x2 max
     * pooling at stride 2 in the same passes as their copies (the wide path, an output of at least
     * 2x2): the ReLU's output is then never written, and the pooling layer needs no passes of its own.
     */
    public boolean fusesReluAndPool() {
        return wide != null && pooledSize > 0;
    }

    /** For each pooled output of the last training {@link #forwardPooled}: its window's argmax, 0-3. */
    private byte[] routes = new byte[0];
    /**
     * The input that pass was for (null: none), as the array itself: the view of an array from outside
     * the library may be wrapped anew between the passes.
     */
    private Object routedInput;

    private int routedRows;

    /**
     * {@code P = maxpool2x2(max(Z, 0))} with {@code Z_n = W · cols(x_n) + b 1ᵀ}: the values of {@link
     * #forward} with its ReLU followed by {@link Pooling}'s 2x2 max pooling at stride 2, exactly, in
     * one pass over Z (A is never written). pooled is batch x (F·⌊Ho/2⌋·⌊Wo/2⌋). A training pass
     * keeps each window's argmax for {@link #backwardPooled} of the same x.
     */
    public void forwardPooled(Matrix x, Matrix w, Matrix bias, Matrix pooled, boolean training) {
        if (!fusesReluAndPool()) {
            throw new IllegalStateException("this convolution does not fuse a ReLU and pooling");
        }
        forward(x, w, bias, pooled, training, true, true);
    }

    /**
     * The backward pass of {@link #forwardPooled} from {@code dJ/dP} (gradPooled): {@code dJ/dZ =
     * route(dJ/dP) ⊙ [A > 0]} (each pooled gradient to its window's first maximum, if positive), then
     * dW, db and dX as in {@link #backward}. x must be the input of the last training {@code
     * forwardPooled} and pooled its output.
     */
    public void backwardPooled(Matrix x, Matrix gradPooled, Matrix pooled, Matrix w, Matrix dW, Matrix dB, Matrix dX) {
        if (x.array() != routedInput || x.rows() != routedRows) {
            throw new IllegalStateException("backwardPooled needs the training forwardPooled of the same x first");
        }
        backward(x, gradPooled, w, dW, dB, dX, pooled, true);
    }

    /**
     * {@code Z_n = W · cols(x_n) + b 1ᵀ} for every example n; z is batch x (F·P), or {@code max(Z, 0)}
     * with {@code relu} (only where {@link #fusesRelu}). A training pass keeps the column matrices for
     * {@link #backward}.
     */
    public void forward(Matrix x, Matrix w, Matrix bias, Matrix z, boolean training, boolean relu) {
        forward(x, w, bias, z, training, relu, false);
    }

    private void forward(Matrix x, Matrix w, Matrix bias, Matrix z, boolean training, boolean relu, boolean pool) {
        if (x.array() == routedInput) {
            routedInput = null; // kept again below if this pass keeps routes, else they are stale
        }
        byte[] route = null;
        if (pool && training) {
            if (routes.length < x.rows() * pooledSize) {
                routes = new byte[x.rows() * pooledSize];
            }
            route = routes;
        }
        if (relu && wide == null) {
            throw new IllegalStateException("this convolution does not fuse its ReLU; apply it separately");
        }
        Buffers buf = buffers.get();
        Matrix b = bias.rowView(0, filters, 1);
        Saved keep = training && !direct ? saved(x.rows()) : null; // direct: backward gathers its cols
        for (Saved s : saved) {
            if (s != null && (s != keep || keep.input != x.array())) {
                s.input = null; // another input from now on: a backward pass must not use what is kept
            }
        }
        for (int first = 0; first < x.rows(); first += CHUNK) {
            int c = Math.min(CHUNK, x.rows() - first);
            buf.forChunk(c);
            if (direct) { // Z without cols: + b (and the ReLU, or the ReLU and pooling) into the rows
                wide.convolve(x, w, b, z, first, c, pool, relu, route, training);
                continue;
            }
            Matrix cols = keep != null ? keep.patches[first / CHUNK] : buf.cols[c];
            Matrix zt = buf.zt[c];
            if (wide != null) {
                wide.gather(x, first, c, cols, training); // [cols_1 ... cols_c], wide rows
                Gemm.gemm(false, false, 1, w, cols, 0, zt); // Zᵀ = W [cols_1 ... cols_c]
                if (pool) {
                    wide.toPooledRows(zt, b, z, first, c, route); // + b, ReLU, 2x2 max pool, into the rows
                } else {
                    wide.toRows(zt, b, z, first, c, relu); // + b (and the ReLU), into the examples' rows
                }
                continue;
            }
            im2col.gather(x, first, c, cols); // [cols_1 ... cols_c]
            Gemm.gemm(false, true, 1, b, buf.ones[c], 0, zt); // Zᵀ = b 1ᵀ
            Gemm.gemm(false, false, 1, w, cols, 1, zt); // Zᵀ += W [cols_1 ... cols_c]
            for (int j = 0; j < c; j++) { // example j's F x P block into its row
                for (int f = 0; f < filters; f++) {
                    z.copyRange(
                            zt,
                            f * c * positions + j * positions,
                            (first + j) * filters * positions + f * positions,
                            positions);
                }
            }
        }
        if (keep != null) {
            keep.input = x.array(); // backward for this x may use the kept column matrices
        }
        if (route != null) {
            routedInput = x.array();
            routedRows = x.rows();
        }
    }

    /**
     * From {@code dZ} (batch x (F·P), dJ/dZ) sets {@code dW = Σ_n dZ_n cols_nᵀ}, {@code db = Σ_n dZ_n 1}
     * and, if dX is not null, {@code dX_n = col2im(Wᵀ dZ_n)}. With a ReLU's output {@code reluOut} (not
     * null only where {@link #fusesRelu}), dZ holds dJ/dA and the pass uses
     * {@code dJ/dZ = dJ/dA ⊙ [A > 0]} (dZ is left as it was).
     */
    public void backward(Matrix x, Matrix dZ, Matrix w, Matrix dW, Matrix dB, Matrix dX, Matrix reluOut) {
        backward(x, dZ, w, dW, dB, dX, reluOut, false);
    }

    /** With {@code pool}, dZ is dJ/dP and reluOut is P ({@link #backwardPooled}). */
    private void backward(
            Matrix x, Matrix dZ, Matrix w, Matrix dW, Matrix dB, Matrix dX, Matrix reluOut, boolean pool) {
        if (reluOut != null && wide == null) {
            throw new IllegalStateException("this convolution does not fuse its ReLU; apply it separately");
        }
        Buffers buf = buffers.get();
        Matrix db = dB.rowView(0, filters, 1);
        Saved kept = null;
        for (Saved s : saved) {
            if (s != null && s.input == x.array() && s.rows == x.rows()) {
                kept = s;
            }
        }
        for (int first = 0; first < x.rows(); first += CHUNK) {
            int c = Math.min(CHUNK, x.rows() - first);
            buf.forChunk(c);
            Matrix cols = buf.cols[c];
            Matrix dzt = buf.zt[c];
            if (wide != null) {
                if (pool) {
                    wide.fromPooledRows(dZ, reluOut, routes, first, c, dzt); // routed, masked, F x (c·L)
                } else {
                    wide.fromRows(dZ, reluOut, first, c, dzt); // F x (c·L), zero at the wide positions
                }
            } else {
                for (int j = 0; j < c; j++) { // the examples' dJ/dZ side by side, F x (c·P)
                    for (int f = 0; f < filters; f++) {
                        dzt.copyRange(
                                dZ,
                                (first + j) * filters * positions + f * positions,
                                f * c * positions + j * positions,
                                positions);
                    }
                }
            }
            double beta = first == 0 ? 0 : 1;
            if (kept != null) {
                cols = kept.chunks[first / CHUNK]; // as the forward pass computed them
            } else if (wide != null) {
                wide.gather(x, first, c, cols, true);
                cols = buf.colsAndOnes[c];
                // each chunk size's view puts the ones row elsewhere in the shared buffer: write it each time
                cols.store(patch * c * span, ones, 0, c * span);
            } else {
                im2col.gather(x, first, c, cols);
            }
            if (splitsWeightGradient(c)) { // [dW | db] += dZ [cols; 1ᵀ]ᵀ, in two halves of the positions
                Matrix halves = kept != null ? kept.halves[first / CHUNK] : buf.colsHalves[c];
                Gemm.gemm(false, true, 1, buf.ztHalves[c], halves, 0, buf.split);
                addDiagonalBlocks(buf.split, beta, buf.weightAndBiasGrad);
            } else if (wide != null) {
                Gemm.gemm(false, true, 1, dzt, cols, beta, buf.weightAndBiasGrad); // [dW | db] += dZ [cols; 1ᵀ]ᵀ
            } else {
                Gemm.gemm(false, true, 1, dzt, cols, beta, dW); // dW += dZ colsᵀ
                Gemm.gemm(false, false, 1, dzt, buf.ones[c], beta, db); // db += dZ 1
            }
            if (dX != null) {
                Matrix dCols = buf.cols[c];
                Gemm.gemm(true, false, 1, w, dzt, 0, dCols); // dcols = Wᵀ dZ
                if (wide != null) {
                    wide.scatterAdd(dCols, dX, first, c); // dX = col2im(dcols)
                } else {
                    im2col.scatterAdd(dCols, dX, first, c);
                }
            }
        }
        if (wide != null) { // [dW | db] into dW and db
            Matrix both = buf.weightAndBiasGrad;
            for (int f = 0; f < filters; f++) {
                dW.copyRange(both, f * (patch + 1), f * patch, patch);
                db.set(f, both.get(f * (patch + 1) + patch));
            }
        }
    }

    /** Whether a chunk of c examples computes its weight gradient in halves ({@link #SPLIT_OUTPUTS}). */
    private boolean splitsWeightGradient(int c) {
        return wide != null && filters * colRows <= SPLIT_OUTPUTS && c * span % 2 == 0;
    }

    /** {@code out[f, r] = beta·out[f, r] + split[2f, 2r] + split[2f + 1, 2r + 1]}: the two halves' products added. */
    private static void addDiagonalBlocks(Matrix split, double beta, Matrix out) {
        for (int f = 0; f < out.rows(); f++) {
            for (int r = 0; r < out.cols(); r++) {
                double v = split.get(2 * f, 2 * r) + split.get(2 * f + 1, 2 * r + 1);
                out.set(f, r, beta == 0 ? v : out.get(f, r) + v);
            }
        }
    }

    /**
     * The convolution as the explicit linear map M with {@code z = M x + b} for one example:
     * (F·P) x (C·H·W), entry ((f, p), j) the sum of the weights that multiply input j at position p.
     */
    public Matrix linearMap(Matrix w) {
        Matrix m = Matrix.allocate(type, filters * positions, inSize);
        for (int r = 0; r < patch; r++) {
            for (int p = 0; p < positions; p++) {
                int source = im2col.source(r, p);
                if (source >= 0) {
                    for (int f = 0; f < filters; f++) {
                        m.add((f * positions + p) * inSize + source, w.get(f, r));
                    }
                }
            }
        }
        return m;
    }
}
