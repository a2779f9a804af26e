package org.nnj.kernels;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The column matrices a training forward pass keeps for the backward pass of the same input, so that
 * backward need not gather them again: for each chunk of up to {@link ConvolutionPath#CHUNK} examples,
 * its patch matrices side by side, {@code rows x (c·span)} (with the wide rows' row of ones under
 * them, written once). Memory for the last two batch sizes is kept and reused (a fit's batch and its
 * short last one), so a step at a batch size already seen allocates nothing; a batch whose matrices
 * would exceed {@link #MAX_SAVED} values keeps none (backward then gathers them again).
 */
final class KeptColumns {
    /** Largest number of column-matrix values kept for one batch (64 MiB of float32). */
    static final long MAX_SAVED = 16L << 20;

    private static final int CHUNK = ConvolutionPath.CHUNK;

    private final DataType type;
    /** Rows of a kept matrix: the patch rows, and a row of ones under them if {@code ones} is not null. */
    private final int rows;

    private final int patch;
    private final int span;
    /** CHUNK·span ones (the wide rows' bias row), or null. */
    private final float[] ones;
    /** Whether chunks are also viewed as rows of halves ({@link WideRowsConvolution#SPLIT_OUTPUTS}). */
    private final boolean halves;

    private final Batch[] batches = new Batch[2];
    private int next;

    KeptColumns(DataType type, int patch, int span, float[] ones, boolean halves) {
        this.type = type;
        this.patch = patch;
        this.rows = ones != null ? patch + 1 : patch;
        this.span = span;
        this.ones = ones;
        this.halves = halves;
    }

    /** Whether a chunk of c examples is viewed in halves of its positions. */
    boolean splits(int c) {
        return halves && c * span % 2 == 0;
    }

    /** The matrices for a batch of {@code rows} examples, made on first use; null if too large to keep. */
    Batch forRows(int batchRows) {
        for (Batch b : batches) {
            if (b != null && b.rows == batchRows) {
                return b;
            }
        }
        if ((long) rows * CHUNK * span * ((batchRows + CHUNK - 1) / CHUNK) > MAX_SAVED) {
            return null;
        }
        Batch b = new Batch(batchRows);
        batches[next] = b;
        next = (next + 1) % batches.length;
        return b;
    }

    /** Every chunk's column matrix for one batch size. */
    final class Batch {
        final int rows;
        /** Each chunk's whole matrix (with the ones row, if any). */
        final Matrix[] chunks;
        /** The patch matrices alone: each chunk's first C·k·k rows. */
        final Matrix[] patches;
        /** Each chunk's matrix as 2·rows rows of halves, or null. */
        final Matrix[] halves;
        /** The memory the chunk views are over; held here so that it lives as long as they do. */
        private final Matrix all;

        private Batch(int batchRows) {
            int colRows = KeptColumns.this.rows;
            this.rows = batchRows;
            int count = (batchRows + CHUNK - 1) / CHUNK;
            all = Matrix.allocate(type, count, colRows * CHUNK * span);
            chunks = new Matrix[count];
            patches = new Matrix[count];
            halves = new Matrix[count];
            for (int k = 0; k < count; k++) {
                int c = Math.min(CHUNK, batchRows - k * CHUNK);
                int at = k * colRows * CHUNK * span;
                chunks[k] = all.view(at, colRows, c * span);
                patches[k] = all.view(at, patch, c * span);
                if (splits(c)) {
                    halves[k] = all.view(at, 2 * colRows, c * span / 2);
                }
                if (ones != null) { // the row of ones under the patch matrix, written once: gathers leave it
                    chunks[k].store(patch * c * span, ones, 0, c * span);
                }
            }
        }
    }
}
