package org.nnj.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.cpu.nativecpu.NDArray;

/**
 * An ordinary ND4J array (C order, zero-filled) that the library allocated, carrying the
 * {@link Matrix} view of its own buffer. {@link Matrix#of} finds that view in one field read, so the
 * library's buffers (parameters, gradients, workspaces) cross the {@code INDArray} API between
 * layers, losses and optimizers at no cost: no NIO view is built per call.
 */
final class OwnedArray extends NDArray {
    private final transient Matrix view;

    OwnedArray(DataType type, int rows, int cols) {
        super(type, new long[] {rows, cols}, new long[] {cols, 1}, 0, 'c', true);
        this.view = Matrix.wrapContiguous(this, rows, cols);
    }

    Matrix view() {
        return view;
    }
}
