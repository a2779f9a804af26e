package org.nnj.kernels;

/**
 * Copies between column blocks of row-major matrices: the packing of a graph network's several inputs
 * (or outputs) into one batch matrix and back, and the concatenation of branches along features.
 * A block of {@code width} columns is copied row by row with bulk buffer copies.
 */
public final class Columns {
    private Columns() {}

    /**
     * {@code dst[r, dstCol + j] = src[r, srcCol + j]} for every row r and {@code 0 <= j < width}, with
     * both matrices viewed as {@code rows} rows (a batch of sequences viewed as {@code batch * time}
     * rows copies per step).
     */
    public static void copy(Matrix src, int srcCol, Matrix dst, int dstCol, int width, int rows) {
        int srcCols = src.size() / rows;
        int dstCols = dst.size() / rows;
        if (width == srcCols && width == dstCols) {
            dst.copyRange(src, 0, 0, rows * width);
            return;
        }
        for (int r = 0; r < rows; r++) {
            dst.copyRange(src, r * srcCols + srcCol, r * dstCols + dstCol, width);
        }
    }

    /**
     * {@code dst[r, dstCol + j] = src[firstRow + r, srcCol + j]} for {@code 0 <= r < rows} and
     * {@code 0 <= j < width}: a block of rows and columns of src into dst.
     */
    public static void copyRows(Matrix src, int firstRow, int srcCol, Matrix dst, int dstCol, int width, int rows) {
        int srcCols = src.cols();
        int dstCols = dst.cols();
        if (width == srcCols && width == dstCols) {
            dst.copyRange(src, firstRow * srcCols, 0, rows * width);
            return;
        }
        for (int r = 0; r < rows; r++) {
            dst.copyRange(src, (firstRow + r) * srcCols + srcCol, r * dstCols + dstCol, width);
        }
    }
}
