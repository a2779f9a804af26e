package org.nnj.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.Rows;

/**
 * One epoch's minibatches of (x, y): the rows in an epoch's order ({@link EpochOrder}), {@code batchSize} at a time
 * (the last batch may be shorter), gathered into buffers allocated once per batch size. A batch that
 * is the whole data set in its own order is passed as it is, without copying.
 */
final class Minibatches {
    /** Receives one minibatch. */
    @FunctionalInterface
    interface Step {
        void accept(INDArray x, INDArray y, int rows);
    }

    private final Matrix x;
    private final Matrix y;
    private final int batch;
    private final Matrix[] full = new Matrix[2];
    private final Matrix[] last = new Matrix[2];

    Minibatches(INDArray x, INDArray y, int batchSize) {
        this.x = Matrix.of(x, "x");
        this.y = Matrix.of(y, "y");
        this.batch = Math.min(batchSize, this.x.rows());
    }

    /** Calls {@code step} for each minibatch of the rows in {@code order} ({@link EpochOrder}). */
    void forEach(int[] order, Step step) {
        int n = order.length;
        if (batch == n) {
            step.accept(x.array(), y.array(), n);
            return;
        }
        for (int start = 0; start < n; start += batch) {
            int count = Math.min(batch, n - start);
            Matrix[] buffers = count == batch ? full : last;
            if (buffers[0] == null) {
                buffers[0] = Matrix.allocate(x.type(), count, x.cols());
                buffers[1] = Matrix.allocate(y.type(), count, y.cols());
            }
            Rows.gather(x, order, start, count, buffers[0]);
            Rows.gather(y, order, start, count, buffers[1]);
            step.accept(buffers[0].array(), buffers[1].array(), count);
        }
    }
}
