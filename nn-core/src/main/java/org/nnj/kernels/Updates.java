package org.nnj.kernels;

/**
 * The optimizers' update rules over whole parameters, with their state tensors. Float32 parameters
 * are updated in heap copies (one bulk copy in and out per tensor) in double-precision arithmetic
 * rounded once per element, exactly as an element-by-element loop would; the equations are in the
 * optimizer classes of {@code org.nnj.optim}.
 */
public final class Updates {
    private Updates() {}

    /** SGD with momentum μ: {@code v ← μ v + g}, {@code θ ← θ - η v}; Nesterov: {@code θ ← θ - η (g + μ v)}. */
    public static void momentum(Matrix value, Matrix grad, Matrix velocity, double lr, double mu, boolean nesterov) {
        int n = value.size();
        if (value.isDouble() || n < Elementwise.SCRATCH_THRESHOLD) {
            for (int i = 0; i < n; i++) {
                double g = grad.get(i);
                double v = mu * velocity.get(i) + g;
                velocity.set(i, v);
                value.set(i, value.get(i) - lr * (nesterov ? g + mu * v : v));
            }
            return;
        }
        float[] p = value.scratch(0);
        float[] gs = grad.scratch(1);
        float[] vs = velocity.scratch(2);
        for (int i = 0; i < n; i++) {
            double g = gs[i];
            double v = mu * vs[i] + g;
            vs[i] = (float) v;
            p[i] = (float) (p[i] - lr * (nesterov ? g + mu * v : v));
        }
        velocity.store(vs);
        value.store(p);
    }

    /**
     * AdaGrad ({@code decay} = 1, {@code s ← s + g²}) and RMSProp ({@code decay} = ρ,
     * {@code s ← ρ s + (1 - ρ) g²}), then {@code θ ← θ - η g / (sqrt(s) + ε)}.
     */
    public static void adaptive(Matrix value, Matrix grad, Matrix squares, double lr, double decay, double epsilon) {
        int n = value.size();
        double keep = decay;
        double add = decay == 1 ? 1 : 1 - decay;
        if (value.isDouble() || n < Elementwise.SCRATCH_THRESHOLD) {
            for (int i = 0; i < n; i++) {
                double g = grad.get(i);
                double s = keep * squares.get(i) + add * g * g;
                squares.set(i, s);
                value.set(i, value.get(i) - lr * g / (Math.sqrt(s) + epsilon));
            }
            return;
        }
        float[] p = value.scratch(0);
        float[] gs = grad.scratch(1);
        float[] ss = squares.scratch(2);
        for (int i = 0; i < n; i++) {
            double g = gs[i];
            double s = keep * ss[i] + add * g * g;
            ss[i] = (float) s;
            p[i] = (float) (p[i] - lr * g / (Math.sqrt(s) + epsilon));
        }
        squares.store(ss);
        value.store(p);
    }

    /**
     * Adam at step t: {@code m ← β1 m + (1 - β1) g}, {@code v ← β2 v + (1 - β2) g²},
     * {@code θ ← θ - η (m / c1) / (sqrt(v / c2) + ε)} with {@code c1 = 1 - β1^t}, {@code c2 = 1 - β2^t}.
     */
    public static void adam(
            Matrix value,
            Matrix grad,
            Matrix m,
            Matrix v,
            double lr,
            double beta1,
            double beta2,
            double epsilon,
            long t) {
        int n = value.size();
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        if (value.isDouble() || n < Elementwise.SCRATCH_THRESHOLD) {
            for (int i = 0; i < n; i++) {
                double g = grad.get(i);
                double mi = beta1 * m.get(i) + (1 - beta1) * g;
                double vi = beta2 * v.get(i) + (1 - beta2) * g * g;
                m.set(i, mi);
                v.set(i, vi);
                value.set(i, value.get(i) - lr * (mi / c1) / (Math.sqrt(vi / c2) + epsilon));
            }
            return;
        }
        float[] p = value.scratch(0);
        float[] gs = grad.scratch(1);
        float[] ms = m.scratch(2);
        float[] vs = v.scratch(3);
        for (int i = 0; i < n; i++) {
            double g = gs[i];
            double mi = beta1 * ms[i] + (1 - beta1) * g;
            double vi = beta2 * vs[i] + (1 - beta2) * g * g;
            ms[i] = (float) mi;
            vs[i] = (float) vi;
            p[i] = (float) (p[i] - lr * (mi / c1) / (Math.sqrt(vi / c2) + epsilon));
        }
        m.store(ms);
        v.store(vs);
        value.store(p);
    }
}
