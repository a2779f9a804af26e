package org.nnj.spark;

import java.io.Serializable;

/**
 * What one partition sends back for one step, and what the driver adds up: the sum over
 * its examples of the loss and of each parameter's gradient (the network's mean gradient times the
 * number of examples), in float64, and the number of examples. In local-steps mode the arrays hold
 * the partition's parameters after its local steps, times its number of examples.
 */
final class GradientSum implements Serializable {
    double loss;
    long count;
    /** One array per parameter tensor, in {@code Network.parameters()} order; null while empty. */
    double[][] gradients;

    /** Adds {@code other} into this sum and returns this. */
    GradientSum add(GradientSum other) {
        if (other.count == 0) {
            return this;
        }
        if (gradients == null) {
            gradients = new double[other.gradients.length][];
            for (int p = 0; p < gradients.length; p++) {
                gradients[p] = other.gradients[p].clone();
            }
        } else {
            for (int p = 0; p < gradients.length; p++) {
                double[] g = gradients[p];
                double[] o = other.gradients[p];
                for (int i = 0; i < g.length; i++) {
                    g[i] += o[i];
                }
            }
        }
        loss += other.loss;
        count += other.count;
        return this;
    }
}
