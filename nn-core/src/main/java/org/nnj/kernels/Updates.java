package org.nnj.kernels;

/**
 * The optimizers' update rules on heap arrays, in float32 and float64 variants (as BLAS has s and d
 * routines): for i in {@code [0, n)}, {@code out[i]} gets the new value of the parameter element
 * {@code p[i]} with gradient {@code g[i]}, the parameter first multiplied by {@code shrink}
 * (decoupled weight decay, {@code 1 - η λ}; exactly 1 without it), and each state value is read from {@code s[i]} and its
 * next value written to {@code s2[i]} (the caller keeps both, so that a step it abandons leaves the
 * state as it was). Every array is indexed from 0 (a loop that mixes {@code i} and {@code at + i}
 * does not vectorize). The float32
 * variants compute in float32, so the JIT turns each loop into SIMD instructions (division and square
 * root included); the equations are in the optimizer classes of {@code org.nnj.optim}. The caller
 * ({@code Optimizer}) streams each parameter through these loops a cache-sized chunk at a time.
 */
public final class Updates {
    private Updates() {}

    /** SGD: {@code θ' = θ - η g}. */
    public static void sgd(float[] p, float[] g, float[] out, int n, double lr, double shrink) {
        float d = (float) shrink;
        float eta = (float) lr;
        for (int i = 0; i < n; i++) {
            out[i] = d * p[i] - eta * g[i];
        }
    }

    public static void sgd(double[] p, double[] g, double[] out, int n, double lr, double shrink) {
        for (int i = 0; i < n; i++) {
            out[i] = shrink * p[i] - lr * g[i];
        }
    }

    /** Momentum: {@code v ← μ v + g}, {@code θ' = θ - η v}; Nesterov: {@code θ' = θ - η (g + μ v)}. */
    public static void momentum(
            float[] p,
            float[] g,
            float[] out,
            int n,
            float[] v,
            float[] v2,
            double lr,
            double shrink,
            double mu,
            boolean nesterov) {
        float d = (float) shrink;
        float eta = (float) lr;
        float m = (float) mu;
        if (nesterov) {
            for (int i = 0; i < n; i++) {
                float vi = m * v[i] + g[i];
                v2[i] = vi;
                out[i] = d * p[i] - eta * (g[i] + m * vi);
            }
        } else {
            for (int i = 0; i < n; i++) {
                float vi = m * v[i] + g[i];
                v2[i] = vi;
                out[i] = d * p[i] - eta * vi;
            }
        }
    }

    public static void momentum(
            double[] p,
            double[] g,
            double[] out,
            int n,
            double[] v,
            double[] v2,
            double lr,
            double shrink,
            double mu,
            boolean nesterov) {
        for (int i = 0; i < n; i++) {
            double vi = mu * v[i] + g[i];
            v2[i] = vi;
            out[i] = shrink * p[i] - lr * (nesterov ? g[i] + mu * vi : vi);
        }
    }

    /**
     * AdaGrad ({@code decay} = 1: {@code s ← s + g²}) and RMSProp ({@code decay} = ρ:
     * {@code s ← ρ s + (1 - ρ) g²}), then {@code θ' = θ - η g / (sqrt(s) + ε)}.
     */
    public static void adaptive(
            float[] p,
            float[] g,
            float[] out,
            int n,
            float[] s,
            float[] s2,
            double lr,
            double shrink,
            double decay,
            double epsilon) {
        float d = (float) shrink;
        float keep = (float) decay;
        float add = decay == 1 ? 1f : (float) (1 - decay);
        float eta = (float) lr;
        float eps = (float) epsilon;
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float si = keep * s[i] + add * gi * gi;
            s2[i] = si;
            out[i] = d * p[i] - eta * gi / ((float) Math.sqrt(si) + eps);
        }
    }

    public static void adaptive(
            double[] p,
            double[] g,
            double[] out,
            int n,
            double[] s,
            double[] s2,
            double lr,
            double shrink,
            double decay,
            double epsilon) {
        double add = decay == 1 ? 1 : 1 - decay;
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            double si = decay * s[i] + add * gi * gi;
            s2[i] = si;
            out[i] = shrink * p[i] - lr * gi / (Math.sqrt(si) + epsilon);
        }
    }

    /**
     * Adam at step t: {@code m ← β1 m + (1 - β1) g}, {@code v ← β2 v + (1 - β2) g²},
     * {@code θ' = θ - η (m / c1) / (sqrt(v / c2) + ε)} with {@code c1 = 1 - β1^t}, {@code c2 = 1 - β2^t}.
     * The float32 loop uses the same expression with the corrections folded into two scalars,
     * {@code θ' = θ - η_t m / (sqrt(v) + ε_t)}, {@code η_t = η sqrt(c2) / c1}, {@code ε_t = ε sqrt(c2)},
     * which saves a division per element.
     */
    public static void adam(
            float[] p,
            float[] g,
            float[] out,
            int n,
            float[] m,
            float[] v,
            float[] m2,
            float[] v2,
            double lr,
            double shrink,
            double beta1,
            double beta2,
            double epsilon,
            long t) {
        float d = (float) shrink;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float a1 = (float) (1 - beta1);
        float a2 = (float) (1 - beta2);
        float eta = (float) (lr * Math.sqrt(c2) / c1);
        float eps = (float) (epsilon * Math.sqrt(c2));
        // Two loops: each vectorizes, the single loop over seven arrays does not (measured on JDK 17).
        for (int i = 0; i < n; i++) {
            m2[i] = b1 * m[i] + a1 * g[i];
        }
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float vi = b2 * v[i] + a2 * gi * gi;
            v2[i] = vi;
            out[i] = d * p[i] - eta * m2[i] / ((float) Math.sqrt(vi) + eps);
        }
    }

    public static void adam(
            double[] p,
            double[] g,
            double[] out,
            int n,
            double[] m,
            double[] v,
            double[] m2,
            double[] v2,
            double lr,
            double shrink,
            double beta1,
            double beta2,
            double epsilon,
            long t) {
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            double mi = beta1 * m[i] + (1 - beta1) * gi;
            double vi = beta2 * v[i] + (1 - beta2) * gi * gi;
            m2[i] = mi;
            v2[i] = vi;
            out[i] = shrink * p[i] - lr * (mi / c1) / (Math.sqrt(vi / c2) + epsilon);
        }
    }
}
