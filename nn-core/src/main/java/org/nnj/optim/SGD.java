package org.nnj.optim;

import java.util.List;
import org.nnj.kernels.Kernels;
import org.nnj.layers.Parameter;

/** Plain gradient descent: {@code θ ← θ - η ∂J/∂θ}. */
public final class SGD implements Optimizer {
    private final double learningRate;

    /** @param learningRate η, finite and {@code > 0} */
    public SGD(double learningRate) {
        this.learningRate = Checks.learningRate(learningRate);
    }

    public double learningRate() {
        return learningRate;
    }

    @Override
    public void step(List<Parameter> parameters) {
        for (int i = 0, n = parameters.size(); i < n; i++) {
            Parameter p = parameters.get(i);
            Kernels.axpy(-learningRate, p.gradient(), p.value());
        }
    }

    @Override
    public String toString() {
        return "SGD(lr=" + learningRate + ")";
    }
}
