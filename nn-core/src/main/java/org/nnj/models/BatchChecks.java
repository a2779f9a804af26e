package org.nnj.models;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.Reductions;

/**
 * The checks every {@link Network} entry point makes on a batch before touching anything: rank,
 * width against the first and last layer, type, finiteness, row counts and the loss's target
 * domain. Each failure names the argument, its shape and the layer it does not fit.
 */
final class BatchChecks {
    private BatchChecks() {}

    /** x (batch x inputSize) of the network's type with finite values, as the kernels' view. */
    static Matrix features(Network net, INDArray x, String name) {
        Matrix m = Matrix.of(x, name);
        if (m.cols() != net.inputSize()) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(x.shape()) + " but layer 0 "
                    + net.layer(0).name() + " expects [batch, " + net.inputSize() + "]");
        }
        requireType(net, m, name);
        Reductions.requireFinite(m, name);
        return m;
    }

    /** y (one row per row of x, outputSize wide) of the network's type, finite, in the loss's domain. */
    static Matrix targets(Network net, INDArray y, Matrix x) {
        Matrix m = Matrix.of(y, "y");
        if (m.rows() != x.rows()) {
            throw new IllegalArgumentException(
                    "y has " + m.rows() + " rows but x has " + x.rows() + " (one target row per example)");
        }
        int width = net.lossFunction().targetWidth(net.outputSize());
        if (m.cols() != width) {
            throw new IllegalArgumentException("y has shape " + Arrays.toString(y.shape()) + " but the last layer "
                    + net.layer(net.layers().size() - 1).name() + " outputs [batch, " + net.outputSize() + "]"
                    + (width != net.outputSize()
                            ? " and loss " + net.lossFunction().name() + " takes targets of [batch, " + width + "]"
                            : net.outputSize() > 1 ? "; class labels must be one-hot encoded" : ""));
        }
        requireType(net, m, "y");
        Reductions.requireFinite(m, "y");
        net.lossFunction().checkTargets(y, "y");
        return m;
    }

    private static void requireType(Network net, Matrix m, String name) {
        if (m.type() != net.dataType()) {
            throw new IllegalArgumentException(name + " is " + m.type() + " but the network is " + net.dataType()
                    + "; convert it with " + name + ".castTo(DataType." + net.dataType() + ")");
        }
    }

    /** Refuses a training batch a layer cannot learn from: batch normalization needs at least 2 rows. */
    static void trainingBatch(org.nnj.layers.Layer[] layers, int rows) {
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] instanceof org.nnj.layers.BatchNormalization bn) {
                bn.requireTrainingBatch(rows, "layer " + i + " ");
            }
        }
    }
}
