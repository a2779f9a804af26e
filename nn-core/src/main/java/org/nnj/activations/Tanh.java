package org.nnj.activations;

import org.nnj.kernels.Matrix;

/** {@code f(z) = tanh(z)}, with {@code f'(z) = 1 - tanh(z)^2 = 1 - a^2}. */
public final class Tanh extends ElementwiseActivation {
    static final Tanh INSTANCE = new Tanh();

    private Tanh() {
    }

    @Override
    public String name() {
        return "tanh";
    }

    @Override
    public double value(double z) {
        return Math.tanh(z);
    }

    @Override
    public double derivative(double z) {
        double a = Math.tanh(z);
        return 1 - a * a;
    }

    @Override
    public void forward(Matrix z, Matrix a) {
        int n = z.size();
        for (int i = 0; i < n; i++) {
            a.set(i, Math.tanh(z.get(i)));
        }
    }

    @Override
    public void backward(Matrix a, Matrix grad) {
        int n = a.size();
        for (int i = 0; i < n; i++) {
            double ai = a.get(i);
            grad.set(i, grad.get(i) * (1 - ai * ai));
        }
    }
}
