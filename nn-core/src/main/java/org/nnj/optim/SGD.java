package org.nnj.optim;

import org.nnj.kernels.Kernels;
import org.nnj.kernels.Matrix;

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
    protected void update(Matrix value, Matrix grad, Matrix[] state, double lr, long t) {
        Kernels.axpy(-lr, grad, value);
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
