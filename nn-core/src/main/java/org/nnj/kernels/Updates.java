package org.nnj.kernels;

/**
 * An optimizer's update rule as fast loops over heap arrays, one in float32 and one in float64 (as
 * BLAS has s and d routines): the only place where the rules are written for speed. Each rule's
 * equation and its plain per-element float64 reference are in its optimizer class in {@code
 * org.nnj.optim}; {@code FastMatchesReferenceTest} there proves every loop equal to the reference
 * (float64 within 1e-14, float32 within a few ulps).
 *
 * <p>{@code apply(p, g, o, n, s, s2, lr, d, t)} does one chunk at step t (from 1) with rate {@code lr}
 * (η_t): for i in {@code [0, n)}, {@code o[i]} gets the new value of the parameter element {@code
 * p[i]} with gradient {@code g[i]}, the parameter first multiplied by {@code d} (decoupled weight
 * decay, {@code 1 - η_t λ}; exactly 1 without it); slot k of the state is read from {@code s[k][i]}
 * (zero before the first step) and its next value written to {@code s2[k][i]} (the caller keeps both, so that a step it abandons leaves the state as it was). Every
 * array is indexed from 0 (a loop that mixes {@code i} and {@code at + i} does not vectorize); each
 * loop is a plain counted loop over primitive arrays with its scalars in locals, so the JIT turns it
 * into SIMD instructions (division and square root included). The float32 loops compute in float32.
 * One call per chunk of a few thousand elements: nothing is called per element.
 */
public abstract class Updates {
    private final int slots;

    private Updates(int slots) {
        this.slots = slots;
    }

    /** State values the rule keeps per parameter element (0 for SGD, 1 for momentum, 2 for Adam). */
    public final int slots() {
        return slots;
    }

    /** One float32 chunk (see the class comment for the arguments). */
    public abstract void apply(
            float[] p, float[] g, float[] o, int n, float[][] s, float[][] s2, double lr, double d, long t);

    /** One float64 chunk. */
    public abstract void apply(
            double[] p, double[] g, double[] o, int n, double[][] s, double[][] s2, double lr, double d, long t);

    /** SGD: {@code θ' = θ - η g}. */
    public static Updates sgd() {
        return Sgd.INSTANCE;
    }

    /** Momentum: {@code v ← μ v + g}, {@code θ' = θ - η v}. */
    public static Updates momentum(double mu) {
        return new Momentum(mu, false);
    }

    /** Nesterov: {@code v ← μ v + g}, {@code θ' = θ - η (g + μ v)}. */
    public static Updates nesterov(double mu) {
        return new Momentum(mu, true);
    }

    /** AdaGrad: {@code s ← s + g²}, {@code θ' = θ - η g / (sqrt(s) + ε)}. */
    public static Updates adaGrad(double epsilon) {
        return new Adaptive(1, epsilon);
    }

    /** RMSProp: {@code s ← ρ s + (1 - ρ) g²}, {@code θ' = θ - η g / (sqrt(s) + ε)}. */
    public static Updates rmsProp(double rho, double epsilon) {
        return new Adaptive(rho, epsilon);
    }

    /**
     * Adam at step t: {@code m ← β1 m + (1 - β1) g}, {@code v ← β2 v + (1 - β2) g²}, {@code θ' = θ - η
     * (m / c1) / (sqrt(v / c2) + ε)} with {@code c1 = 1 - β1^t}, {@code c2 = 1 - β2^t}.
     */
    public static Updates adam(double beta1, double beta2, double epsilon) {
        return new Adam(beta1, beta2, epsilon);
    }

    private static final class Sgd extends Updates {
        static final Sgd INSTANCE = new Sgd();

        Sgd() {
            super(0);
        }

        @Override
        public void apply(
                float[] p, float[] g, float[] o, int n, float[][] s, float[][] s2, double lr, double d, long t) {
            float shrink = (float) d;
            float eta = (float) lr;
            for (int i = 0; i < n; i++) {
                o[i] = shrink * p[i] - eta * g[i];
            }
        }

        @Override
        public void apply(
                double[] p, double[] g, double[] o, int n, double[][] s, double[][] s2, double lr, double d, long t) {
            for (int i = 0; i < n; i++) {
                o[i] = d * p[i] - lr * g[i];
            }
        }
    }

    /** Heavy-ball momentum, or Nesterov's look-ahead along the new velocity. */
    private static final class Momentum extends Updates {
        private final double mu;
        private final boolean nesterov;

        Momentum(double mu, boolean nesterov) {
            super(1);
            this.mu = mu;
            this.nesterov = nesterov;
        }

        @Override
        public void apply(
                float[] p, float[] g, float[] o, int n, float[][] s, float[][] s2, double lr, double d, long t) {
            float shrink = (float) d;
            float eta = (float) lr;
            float m = (float) mu;
            float[] v = s[0];
            float[] v2 = s2[0];
            if (nesterov) {
                for (int i = 0; i < n; i++) {
                    float vi = m * v[i] + g[i];
                    v2[i] = vi;
                    o[i] = shrink * p[i] - eta * (g[i] + m * vi);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    float vi = m * v[i] + g[i];
                    v2[i] = vi;
                    o[i] = shrink * p[i] - eta * vi;
                }
            }
        }

        @Override
        public void apply(
                double[] p, double[] g, double[] o, int n, double[][] s, double[][] s2, double lr, double d, long t) {
            double m = mu;
            boolean ahead = nesterov; // a local: the JIT takes the test out of the loop
            double[] v = s[0];
            double[] v2 = s2[0];
            for (int i = 0; i < n; i++) {
                double vi = m * v[i] + g[i];
                v2[i] = vi;
                o[i] = d * p[i] - lr * (ahead ? g[i] + m * vi : vi);
            }
        }
    }

    /** AdaGrad ({@code decay} = 1, the sum of squares) and RMSProp ({@code decay} = ρ, their average). */
    private static final class Adaptive extends Updates {
        private final double decay;
        private final double epsilon;

        Adaptive(double decay, double epsilon) {
            super(1);
            this.decay = decay;
            this.epsilon = epsilon;
        }

        @Override
        public void apply(
                float[] p, float[] g, float[] o, int n, float[][] s, float[][] s2, double lr, double d, long t) {
            float shrink = (float) d;
            float keep = (float) decay;
            float add = decay == 1 ? 1f : (float) (1 - decay);
            float eta = (float) lr;
            float eps = (float) epsilon;
            float[] r = s[0];
            float[] r2 = s2[0];
            for (int i = 0; i < n; i++) {
                float gi = g[i];
                float si = keep * r[i] + add * gi * gi;
                r2[i] = si;
                o[i] = shrink * p[i] - eta * gi / ((float) Math.sqrt(si) + eps);
            }
        }

        @Override
        public void apply(
                double[] p, double[] g, double[] o, int n, double[][] s, double[][] s2, double lr, double d, long t) {
            double keep = decay;
            double add = decay == 1 ? 1 : 1 - decay;
            double eps = epsilon;
            double[] r = s[0];
            double[] r2 = s2[0];
            for (int i = 0; i < n; i++) {
                double gi = g[i];
                double si = keep * r[i] + add * gi * gi;
                r2[i] = si;
                o[i] = d * p[i] - lr * gi / (Math.sqrt(si) + eps);
            }
        }
    }

    /**
     * Adam. The float32 loop folds the bias corrections into two scalars, {@code θ' = θ - η_t m /
     * (sqrt(v) + ε_t)} with {@code η_t = η sqrt(c2) / c1} and {@code ε_t = ε sqrt(c2)}: the same value
     * (multiply the reference's numerator and denominator by {@code sqrt(c2)}) for one division per
     * element instead of three; the test bounds its rounding. The float64 loop is the reference's
     * expression.
     */
    private static final class Adam extends Updates {
        private final double beta1;
        private final double beta2;
        private final double epsilon;

        Adam(double beta1, double beta2, double epsilon) {
            super(2);
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
        }

        @Override
        public void apply(
                float[] p, float[] g, float[] o, int n, float[][] s, float[][] s2, double lr, double d, long t) {
            float shrink = (float) d;
            double c1 = 1 - Math.pow(beta1, t);
            double c2 = 1 - Math.pow(beta2, t);
            float b1 = (float) beta1;
            float b2 = (float) beta2;
            float a1 = (float) (1 - beta1);
            float a2 = (float) (1 - beta2);
            float eta = (float) (lr * Math.sqrt(c2) / c1);
            float eps = (float) (epsilon * Math.sqrt(c2));
            float[] m = s[0];
            float[] v = s[1];
            float[] m2 = s2[0];
            float[] v2 = s2[1];
            // Two loops: each vectorizes, the single loop over seven arrays does not (measured on JDK 17).
            for (int i = 0; i < n; i++) {
                m2[i] = b1 * m[i] + a1 * g[i];
            }
            for (int i = 0; i < n; i++) {
                float gi = g[i];
                float vi = b2 * v[i] + a2 * gi * gi;
                v2[i] = vi;
                o[i] = shrink * p[i] - eta * m2[i] / ((float) Math.sqrt(vi) + eps);
            }
        }

        @Override
        public void apply(
                double[] p, double[] g, double[] o, int n, double[][] s, double[][] s2, double lr, double d, long t) {
            double b1 = beta1;
            double b2 = beta2;
            double eps = epsilon;
            double c1 = 1 - Math.pow(b1, t);
            double c2 = 1 - Math.pow(b2, t);
            double[] m = s[0];
            double[] v = s[1];
            double[] m2 = s2[0];
            double[] v2 = s2[1];
            for (int i = 0; i < n; i++) {
                double gi = g[i];
                double mi = b1 * m[i] + (1 - b1) * gi;
                double vi = b2 * v[i] + (1 - b2) * gi * gi;
                m2[i] = mi;
                v2[i] = vi;
                o[i] = d * p[i] - lr * (mi / c1) / (Math.sqrt(vi / c2) + eps);
            }
        }
    }
}
