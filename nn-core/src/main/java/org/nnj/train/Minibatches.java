package org.nnj.train;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.Rows;

/**
 * One epoch's minibatches of (x, y): the rows in a seeded shuffled order, {@code batchSize} at a time
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
    private final int[] order;
    private final Matrix[] full = new Matrix[2];
    private final Matrix[] last = new Matrix[2];

    Minibatches(INDArray x, INDArray y, int batchSize) {
        this.x = Matrix.of(x, "x");
        this.y = Matrix.of(y, "y");
        this.batch = Math.min(batchSize, this.x.rows());
        this.order = new int[this.x.rows()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
    }

    /** A new order for the next epoch: a Fisher-Yates shuffle driven by {@code rng} (none for full batches). */
    void shuffle(Random rng) {
        if (batch == order.length) {
            return;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Calls {@code step} for each minibatch of the current order. */
    void forEach(Step step) {
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
