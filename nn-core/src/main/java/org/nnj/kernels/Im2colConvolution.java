package org.nnj.kernels;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The general path, for any type, stride and padding: {@link Patches} lays the {@code C·k·k} input
 * values under each of the P output positions, {@code cols(x_n)} being {@code (C·k·k) x P}, and the
 * patch matrices of a chunk of c examples sit side by side, so each product is one {@link Gemm} call:
 * <ul>
 *   <li>{@code Zᵀ = b 1ᵀ + W · [cols_1 ... cols_c]} (F x c·P), copied into the examples' rows in blocks
 *       of P;</li>
 *   <li>{@code dW = Σ_chunks dZᵀ · [cols_1 ... cols_c]ᵀ}, {@code db = Σ_chunks dZᵀ · 1};</li>
 *   <li>{@code dcols = Wᵀ · dZᵀ}, then col2im adds each entry back to the input it was read from.</li>
 * </ul>
 * Its epilogue is the bias alone; the layer applies its activation in a pass of its own.
 */
final class Im2colConvolution extends ConvolutionPath {
    private final int filters;
    private final int positions;
    private final int patch;
    private final Patches im2col;
    private final DataType type;
    private final KeptColumns kept;
    /** Per-thread buffers, so that inference may run on many threads at once. */
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    Im2colConvolution(DataType type, ConvGeometry g) {
        this.type = type;
        this.filters = g.filters();
        this.positions = g.positions();
        this.patch = g.patch();
        this.im2col = new Patches(
                g.channels(),
                g.height(),
                g.width(),
                g.kernel(),
                g.stride(),
                g.padTop(),
                g.padLeft(),
                g.outHeight(),
                g.outWidth());
        this.kept = new KeptColumns(type, patch, positions, null, false);
    }

    @Override
    boolean runs(Epilogue.Kind kind) {
        return kind == Epilogue.Kind.BIAS;
    }

    /** One thread's patch, output and ones matrices, with views for every chunk size up to CHUNK. */
    private final class Buffers {
        final Matrix[] cols = new Matrix[CHUNK + 1];
        final Matrix[] zt = new Matrix[CHUNK + 1];
        /** CHUNK·P ones as a column, for the bias's products. */
        final Matrix[] ones = new Matrix[CHUNK + 1];

        Buffers() {
            cols[CHUNK] = Matrix.allocate(type, patch, CHUNK * positions);
            zt[CHUNK] = Matrix.allocate(type, filters, CHUNK * positions);
            ones[CHUNK] = Matrix.allocate(type, CHUNK * positions, 1);
            ones[CHUNK].fill(1);
        }

        /** Makes the views for a chunk of c examples (once per size). */
        Buffers forChunk(int c) {
            if (cols[c] == null) {
                cols[c] = cols[CHUNK].prefix(patch, c * positions);
                zt[c] = zt[CHUNK].prefix(filters, c * positions);
                ones[c] = ones[CHUNK].prefix(c * positions, 1);
            }
            return this;
        }
    }

    @Override
    KeptColumns.Batch forward(
            Matrix x, Matrix w, Matrix b, Matrix z, Epilogue.Kind kind, byte[] routes, boolean training) {
        Buffers buf = buffers.get();
        KeptColumns.Batch keep = training ? kept.forRows(x.rows()) : null;
        for (int first = 0; first < x.rows(); first += CHUNK) {
            int c = Math.min(CHUNK, x.rows() - first);
            buf.forChunk(c);
            Matrix cols = keep != null ? keep.patches[first / CHUNK] : buf.cols[c];
            Matrix zt = buf.zt[c];
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
        return keep;
    }

    @Override
    void backward(
            Matrix x,
            Matrix dZ,
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
            for (int j = 0; j < c; j++) { // the examples' dJ/dZ side by side, F x (c·P)
                for (int f = 0; f < filters; f++) {
                    dzt.copyRange(
                            dZ,
                            (first + j) * filters * positions + f * positions,
                            f * c * positions + j * positions,
                            positions);
                }
            }
            Matrix cols = buf.cols[c];
            if (kept != null) {
                cols = kept.patches[first / CHUNK]; // as the forward pass computed them
            } else {
                im2col.gather(x, first, c, cols);
            }
            double beta = first == 0 ? 0 : 1;
            Gemm.gemm(false, true, 1, dzt, cols, beta, dW); // dW += dZ colsᵀ
            Gemm.gemm(false, false, 1, dzt, buf.ones[c], beta, db); // db += dZ 1
            if (dX != null) {
                Matrix dCols = buf.cols[c];
                Gemm.gemm(true, false, 1, w, dzt, 0, dCols); // dcols = Wᵀ dZ
                im2col.scatterAdd(dCols, dX, first, c); // dX = col2im(dcols)
            }
        }
    }
}
