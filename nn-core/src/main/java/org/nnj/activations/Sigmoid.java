package org.nnj.activations;

import org.nnj.kernels.Matrix;

/**
 * The logistic sigmoid {@code σ(z) = 1 / (1 + e^-z)}, with {@code σ'(z) = σ(z)(1 - σ(z))}: the
 * diagonal of its Jacobian is {@code a(1 - a)}.
 *
 * <p>Computed without overflow for any finite z: for {@code z < 0} it uses {@code e^z / (1 + e^z)}.
 */
public final class Sigmoid extends ElementwiseActivation {
    static final Sigmoid INSTANCE = new Sigmoid();

    private Sigmoid() {
    }

    @Override
    public String name() {
        return "sigmoid";
    }

    /** Numerically stable σ(z). */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    @Override
    public double value(double z) {
        return sigmoid(z);
    }

    @Override
    public double derivative(double z) {
        double a = sigmoid(z);
        return a * (1 - a);
    }

    @Override
    public void forward(Matrix z, Matrix a) {
        int n = z.size();
        for (int i = 0; i < n; i++) {
            a.set(i, sigmoid(z.get(i)));
        }
    }

    @Override
    public void backward(Matrix a, Matrix grad) {
        int n = a.size();
        for (int i = 0; i < n; i++) {
            double ai = a.get(i);
            grad.set(i, grad.get(i) * ai * (1 - ai));
        }
    }
}
