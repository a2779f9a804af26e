package org.nnj.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Elementwise;

/** Plain (stochastic) gradient descent: {@code θ ← θ - η g}. */
public final class SGD extends Optimizer {
    /** @param learningRate η, finite and > 0 */
    public SGD(double learningRate) {
        this(Settings.of(learningRate));
    }

    private SGD(Settings settings) {
        super(settings);
    }

    @Override
    protected int stateSlots() {
        return 0;
    }

    @Override
    protected void update(INDArray value, INDArray grad, INDArray[] state, double lr, long t) {
        Elementwise.axpy(-lr, view(grad), view(value)); // θ ← θ - η g
    }

    @Override
    protected Optimizer with(Settings settings) {
        return new SGD(settings);
    }

    @Override
    public String toString() {
        return "SGD(lr=" + settings().learningRate() + ")";
    }
}
