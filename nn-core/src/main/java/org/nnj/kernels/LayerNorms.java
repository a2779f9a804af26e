package org.nnj.kernels;

/**
 * The loops of layer normalization: a matrix seen as consecutive steps of {@code features} values
 * (one row of a sequence batch holds {@code time} of them, time-major), each step normalized on its
 * own; the equations are in {@code org.nnj.layers.LayerNormalization}. Each step is copied once into a
 * float64 scratch array, computed there and stored back, so float32 values are computed in double.
 * Nothing is cached between the passes: backward recomputes each step's mean and {@code 1/σ} from x,
 * which costs one more read of x and keeps the layer free of state (inference and training compute
 * the same function).
 */
public final class LayerNorms {
    private LayerNorms() {}

    /**
     * {@code y = γ ⊙ x̂ + β}, {@code x̂ = (x - μ) / sqrt(σ² + ε)} per step, with μ and the biased σ² over
     * the step's {@code features} values. x and y have the same shape; γ and β hold {@code features}
     * values.
     */
    public static void forward(Matrix x, int features, Matrix gamma, Matrix beta, double epsilon, Matrix y) {
        int steps = x.size() / features;
        double[] v = Scratch.doubles(0, features);
        double[] gm = Scratch.doubles(1, features);
        double[] bt = Scratch.doubles(2, features);
        gamma.loadDoubles(0, gm, features);
        beta.loadDoubles(0, bt, features);
        for (int s = 0; s < steps; s++) {
            int from = s * features;
            x.loadDoubles(from, v, features);
            double inv = normalize(v, features, epsilon);
            for (int j = 0; j < features; j++) {
                v[j] = gm[j] * (v[j] * inv) + bt[j];
            }
            y.storeDoubles(from, v, features);
        }
    }

    /** Centers v in place (v - μ) and returns {@code 1 / sqrt(σ² + ε)}. */
    private static double normalize(double[] v, int n, double epsilon) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += v[j];
        }
        double mean = sum / n;
        double sq = 0;
        for (int j = 0; j < n; j++) {
            v[j] -= mean;
            sq += v[j] * v[j];
        }
        return 1 / Math.sqrt(sq / n + epsilon);
    }

    /**
     * Backward of {@link #forward} with {@code g = dJ/dy}: {@code dγ = Σ_steps g ⊙ x̂},
     * {@code dβ = Σ_steps g} (overwritten), and if dx is not null, per step with {@code h = γ ⊙ g},
     * {@code dx = (1/σ)(h - mean(h) - x̂ mean(h ⊙ x̂))}.
     */
    public static void backward(
            Matrix x, int features, Matrix gamma, double epsilon, Matrix g, Matrix dGamma, Matrix dBeta, Matrix dx) {
        int steps = x.size() / features;
        double[] v = Scratch.doubles(0, features);
        double[] gm = Scratch.doubles(1, features);
        double[] gr = Scratch.doubles(2, features);
        double[] dg = Scratch.doubles(3, features);
        double[] db = Scratch.doubles(4, features);
        gamma.loadDoubles(0, gm, features);
        java.util.Arrays.fill(dg, 0, features, 0);
        java.util.Arrays.fill(db, 0, features, 0);
        for (int s = 0; s < steps; s++) {
            int from = s * features;
            x.loadDoubles(from, v, features);
            g.loadDoubles(from, gr, features);
            double inv = normalize(v, features, epsilon);
            double m1 = 0;
            double m2 = 0;
            for (int j = 0; j < features; j++) {
                double h = v[j] * inv; // x̂
                v[j] = h;
                dg[j] += gr[j] * h;
                db[j] += gr[j];
                double hg = gm[j] * gr[j];
                gr[j] = hg;
                m1 += hg;
                m2 += hg * h;
            }
            if (dx != null) {
                m1 /= features;
                m2 /= features;
                for (int j = 0; j < features; j++) {
                    gr[j] = inv * (gr[j] - m1 - v[j] * m2);
                }
                dx.storeDoubles(from, gr, features);
            }
        }
        dGamma.storeDoubles(0, dg, features);
        dBeta.storeDoubles(0, db, features);
    }
}
