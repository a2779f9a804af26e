package org.nnj.kernels;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The float32 path at stride 1: the patch matrices in {@link WidePatches}' wide rows (L columns per
 * example instead of P: a few more columns, far fewer and longer copies), with a row of ones under
 * them, c examples side by side, one product per chunk each way:
 * <ul>
 *   <li>{@code S = W · [cols_1 ... cols_c]}, then the {@link Epilogue} (+ b, and the ReLU, or the ReLU
 *       and 2x2 max pooling) into the rows;</li>
 *   <li>{@code [dW | db] = Σ_chunks dZ · [cols; 1ᵀ]ᵀ}, with dZ from the epilogue's backward (zero at the
 *       wide positions), so the bias gradient comes out of the weight gradient's product; computed in
 *       two halves of the positions when it has few outputs ({@link #SPLIT_OUTPUTS});</li>
 *   <li>{@code dcols = Wᵀ · dZ}, then col2im into dJ/dx.</li>
 * </ul>
 */
class WideRowsConvolution extends ConvolutionPath {
    /**
     * Most outputs ({@code F x (C·k·k + 1)}) of a weight-gradient product that is computed in two halves
     * of its positions (K of them): {@code dZ·colsᵀ = dZ_1·cols_1ᵀ + dZ_2·cols_2ᵀ}, as the one product
     * {@code [dZ_1; dZ_2]·[cols_1; cols_2]ᵀ} whose two diagonal blocks are added. Its operands are the
     * same memory read as (2F) x (K/2) and (2(C·k·k + 1)) x (K/2) matrices, row 2r + h being half h of
     * row r. Twice the multiply-adds, but OpenBLAS keeps a product with so few outputs on one core and
     * runs the 2F x 2(C·k·k + 1) one on both; the limit lies between the LeNet's two convolutions (8 x
     * 26 faster split, 16 x 201 slower: nn-benchmarks/README.md).
     */
    static final int SPLIT_OUTPUTS = 1024;

    final int filters;
    final int patch;
    final DataType type = DataType.FLOAT;
    final WidePatches patches;
    final Epilogue epilogue;
    /** L, the columns per example. */
    final int span;
    /** Rows of a patch matrix with its row of ones: C·k·k + 1. */
    private final int colRows;
    /** CHUNK·L ones, copied under a patch matrix that backward gathers. */
    private final float[] ones;

    private final KeptColumns kept;
    /** Per-thread buffers, so that inference may run on many threads at once. */
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    WideRowsConvolution(ConvGeometry g) {
        this.filters = g.filters();
        this.patch = g.patch();
        this.patches = new WidePatches(g);
        this.span = patches.span;
        this.epilogue = new Epilogue(g, patches.pitch(), span);
        this.colRows = patch + 1;
        this.ones = new float[CHUNK * span];
        Arrays.fill(ones, 1);
        this.kept = new KeptColumns(type, patch, span, ones, filters * colRows <= SPLIT_OUTPUTS);
    }

    @Override
    boolean runs(Epilogue.Kind kind) {
        return true;
    }

    /** One thread's column and output matrices, with views for every chunk size up to CHUNK. */
    private final class Buffers {
        /** colRows x (c·L): the patch matrix with the row of ones under it. */
        final Matrix[] colsAndOnes = new Matrix[CHUNK + 1];
        /** patch x (c·L): the patch matrix alone (the first rows of colsAndOnes). */
        final Matrix[] cols = new Matrix[CHUNK + 1];

        final Matrix[] zt = new Matrix[CHUNK + 1];
        /** {@code [dW | db]}, F x (C·k·k + 1). */
        final Matrix weightAndBiasGrad = Matrix.allocate(type, filters, patch + 1);
        /** colsAndOnes and zt as rows of halves ({@link #SPLIT_OUTPUTS}), where the product is split. */
        final Matrix[] colsHalves = new Matrix[CHUNK + 1];

        final Matrix[] ztHalves = new Matrix[CHUNK + 1];
        /** The split product, 2F x 2(C·k·k + 1), whose diagonal blocks make {@code [dW | db]} (or null). */
        final Matrix split = kept.splits(2) ? Matrix.allocate(type, 2 * filters, 2 * colRows) : null;

        Buffers() {
            colsAndOnes[CHUNK] = Matrix.allocate(type, colRows, CHUNK * span);
            cols[CHUNK] = colsAndOnes[CHUNK].prefix(patch, CHUNK * span);
            zt[CHUNK] = Matrix.allocate(type, filters, CHUNK * span);
        }

        /** Makes the views for a chunk of c examples (once per size). */
        Buffers forChunk(int c) {
            if (cols[c] == null) {
                colsAndOnes[c] = colsAndOnes[CHUNK].prefix(colRows, c * span);
                cols[c] = colsAndOnes[CHUNK].prefix(patch, c * span);
                zt[c] = zt[CHUNK].prefix(filters, c * span);
            }
            if (colsHalves[c] == null && kept.splits(c)) {
                colsHalves[c] = colsAndOnes[CHUNK].prefix(2 * colRows, c * span / 2);
                ztHalves[c] = zt[CHUNK].prefix(2 * filters, c * span / 2);
            }
            return this;
        }
    }

    @Override
    KeptColumns.Batch forward(
            Matrix x, Matrix w, Matrix b, Matrix out, Epilogue.Kind kind, byte[] routes, boolean training) {
        Buffers buf = buffers.get();
        KeptColumns.Batch keep = training ? kept.forRows(x.rows()) : null;
        for (int first = 0; first < x.rows(); first += CHUNK) {
            int c = Math.min(CHUNK, x.rows() - first);
            buf.forChunk(c);
            Matrix cols = keep != null ? keep.patches[first / CHUNK] : buf.cols[c];
            Matrix zt = buf.zt[c];
            patches.gather(x, first, c, cols, training); // [cols_1 ... cols_c], wide rows
            Gemm.gemm(false, false, 1, w, cols, 0, zt); // S = W [cols_1 ... cols_c]
            if (kind == Epilogue.Kind.RELU_POOL) {
                epilogue.toPooledRows(zt, b, out, first, c, routes); // + b, ReLU, 2x2 max pool, into the rows
            } else {
                epilogue.toRows(zt, b, out, first, c, kind == Epilogue.Kind.BIAS_RELU); // + b (and the ReLU)
            }
        }
        return keep;
    }

    @Override
    final void backward(
            Matrix x,
            Matrix grad,
            Matrix out,
            Epilogue.Kind kind,
            byte[] routes,
            KeptColumns.Batch kept,
            Matrix w,
            Matrix dW,
            Matrix db,
            Matrix dX) {
        Buffers buf = buffers.get();
        for (int first = 0; first < x.rows(); first += CHUNK) {
            int c = Math.min(CHUNK, x.rows() - first);
            buf.forChunk(c);
            Matrix dzt = buf.zt[c];
            switch (kind) { // dJ/dZ, F x (c·L), zero at the wide positions
                case RELU_POOL -> epilogue.fromPooledRows(grad, out, routes, first, c, dzt); // routed, masked
                case BIAS_RELU -> epilogue.fromRows(grad, out, first, c, dzt); // masked
                case BIAS -> epilogue.fromRows(grad, null, first, c, dzt);
            }
            Matrix cols;
            if (kept != null) {
                cols = kept.chunks[first / CHUNK]; // as the forward pass computed them
            } else {
                patches.gather(x, first, c, buf.cols[c], true);
                cols = buf.colsAndOnes[c];
                // each chunk size's view puts the ones row elsewhere in the shared buffer: write it each time
                cols.store(patch * c * span, ones, 0, c * span);
            }
            double beta = first == 0 ? 0 : 1;
            if (this.kept.splits(c)) { // [dW | db] += dZ [cols; 1ᵀ]ᵀ, in two halves of the positions
                Matrix halves = kept != null ? kept.halves[first / CHUNK] : buf.colsHalves[c];
                Gemm.gemm(false, true, 1, buf.ztHalves[c], halves, 0, buf.split);
                addDiagonalBlocks(buf.split, beta, buf.weightAndBiasGrad);
            } else {
                Gemm.gemm(false, true, 1, dzt, cols, beta, buf.weightAndBiasGrad); // [dW | db] += dZ [cols; 1ᵀ]ᵀ
            }
            if (dX != null) {
                Matrix dCols = buf.cols[c];
                Gemm.gemm(true, false, 1, w, dzt, 0, dCols); // dcols = Wᵀ dZ
                patches.scatterAdd(dCols, dX, first, c); // dX = col2im(dcols)
            }
        }
        Matrix both = buf.weightAndBiasGrad; // [dW | db] into dW and db
        for (int f = 0; f < filters; f++) {
            dW.copyRange(both, f * (patch + 1), f * patch, patch);
            db.set(f, both.get(f * (patch + 1) + patch));
        }
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
}
