package org.nnj.layers;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Require;
import org.nnj.Spec;
import org.nnj.kernels.LayerNorms;
import org.nnj.kernels.Matrix;

/**
 * Layer normalization (Ba, Kiros and Hinton, 2016; PyTorch's {@code nn.LayerNorm(features)}): each
 * step of each example is normalized over its own {@code features} values, with a learned scale γ
 * (ones) and shift β (zeros) per feature. The input is one step ({@code [features]}) or a sequence
 * ({@code [time, features]}, time-major rows, {@link SequenceShape}); the same γ and β serve every step.
 *
 * <p><b>Forward</b>, per step x (F = features values): {@code μ = (1/F) Σ_j x_j},
 * {@code σ² = (1/F) Σ_j (x_j - μ)²} (biased, as PyTorch), {@code x̂ = (x - μ) / sqrt(σ² + ε)},
 * {@code y = γ ⊙ x̂ + β}, ε = {@value #DEFAULT_EPSILON}. Unlike batch normalization it uses no other
 * example, so training and inference compute the same function and there are no running statistics.
 *
 * <p><b>Backward</b>, per step with {@code g = dJ/dy} and {@code h = γ ⊙ g = dJ/dx̂}: the Jacobian of one
 * step is {@code dy_i/dx_j = (γ_i/σ)(δ_ij - 1/F - x̂_i x̂_j / F)} (σ = sqrt(σ² + ε)), so
 * {@code dJ/dx = Jᵀ g = (1/σ)(h - mean(h) - x̂ mean(h ⊙ x̂))}; {@code dJ/dγ = Σ g ⊙ x̂} and
 * {@code dJ/dβ = Σ g}, summed over the steps and the batch. {@link #jacobian} is block diagonal, one
 * such F x F block per step. The fast path is {@code kernels.LayerNorms}; {@link #reference} and
 * {@link #referenceBackward} are the same equations as plain loops.
 */
public final class LayerNormalization extends BaseLayer {
    public static final double DEFAULT_EPSILON = 1e-5;

    /** 0 for a flat input of {@code features} values, else the number of steps. */
    private final int time;

    private final int features;
    private final double epsilon;

    private DataType type;
    private Matrix gamma;
    private Matrix beta;
    private Matrix gammaGrad;
    private Matrix betaGrad;
    private List<Parameter> parameters = List.of();

    /** One step of {@code features} values (input {@code [features]}), ε = {@value #DEFAULT_EPSILON}. */
    public LayerNormalization(int features) {
        this(0, features, DEFAULT_EPSILON);
    }

    /** A sequence (input {@code [time, features]}), each step normalized, ε = {@value #DEFAULT_EPSILON}. */
    public LayerNormalization(SequenceShape shape) {
        this(Require.notNull(shape, "shape").time(), shape.features(), DEFAULT_EPSILON);
    }

    /**
     * @param time     the number of steps, or 0 for a flat input of {@code features} values
     * @param features the values each step is normalized over
     * @param epsilon  added to the variance, finite and {@code > 0}
     */
    public LayerNormalization(int time, int features, double epsilon) {
        if (time < 0) {
            throw new IllegalArgumentException("time must be >= 0 (0 for a flat input), got " + time);
        }
        this.features = Require.positive(features, "features");
        if (time > 0) {
            new SequenceShape(time, features); // checks that a row can hold time x features values
        }
        if (!(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
        }
        this.time = time;
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "LayerNormalization(" + (time == 0 ? "" : time + "x") + features + ")";
    }

    private int steps() {
        return Math.max(time, 1);
    }

    @Override
    public int inputSize() {
        return steps() * features;
    }

    @Override
    public int outputSize() {
        return inputSize();
    }

    @Override
    public int[] inputShape() {
        return time == 0 ? new int[] {features} : new int[] {time, features};
    }

    @Override
    public int[] outputShape() {
        return inputShape();
    }

    /** The number of steps, 0 for a flat input. */
    public int time() {
        return time;
    }

    public int features() {
        return features;
    }

    public double epsilon() {
        return epsilon;
    }

    /** γ (1 x features), live. */
    public INDArray gamma() {
        requireBuilt();
        return gamma.array();
    }

    /** β (1 x features), live. */
    public INDArray beta() {
        requireBuilt();
        return beta.array();
    }

    /** γ = 1, β = 0 (PyTorch's initialization). */
    @Override
    public void build(DataType type, Random rng) {
        requireUnbuilt();
        this.type = Require.floatOrDouble(type, "type");
        gamma = Matrix.allocate(type, 1, features);
        gamma.fill(1);
        beta = Matrix.allocate(type, 1, features);
        gammaGrad = Matrix.allocate(type, 1, features);
        betaGrad = Matrix.allocate(type, 1, features);
        parameters = List.of(
                new Parameter("gamma", gamma.array(), gammaGrad.array()),
                new Parameter("beta", beta.array(), betaGrad.array()));
    }

    @Override
    public boolean isBuilt() {
        return gamma != null;
    }

    @Override
    public DataType dataType() {
        return type;
    }

    /** γ and β, {@code 2 · features}. */
    @Override
    public long parameterCount() {
        return 2L * features;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The same in both modes; writes nothing but {@code out}. */
    @Override
    public void forward(INDArray x, INDArray out, boolean training) {
        LayerNorms.forward(Matrix.of(x, "x"), features, gamma, beta, epsilon, Matrix.of(out, "out"));
    }

    /** The backward of the class Javadoc (x̂ and σ recomputed from x). */
    @Override
    public void backward(INDArray x, INDArray out, INDArray gradOut, INDArray gradIn) {
        LayerNorms.backward(
                Matrix.of(x, "x"),
                features,
                gamma,
                epsilon,
                Matrix.of(gradOut, "gradOut"),
                gammaGrad,
                betaGrad,
                gradIn == null ? null : Matrix.of(gradIn, "gradIn"));
    }

    /** Block diagonal: per step {@code dy_i/dx_j = (γ_i/σ)(δ_ij - 1/F - x̂_i x̂_j / F)}. */
    @Override
    public INDArray jacobian(INDArray x) {
        Matrix row = Matrix.of(checkedExample(x), "x");
        int n = inputSize();
        Matrix j = Matrix.allocate(type, n, n);
        double[] v = new double[features];
        for (int s = 0; s < steps(); s++) {
            int o = s * features;
            double mean = 0;
            for (int k = 0; k < features; k++) {
                v[k] = row.get(o + k);
                mean += v[k] / features;
            }
            double var = 0;
            for (int k = 0; k < features; k++) {
                var += (v[k] - mean) * (v[k] - mean) / features;
            }
            double inv = 1 / Math.sqrt(var + epsilon);
            for (int a = 0; a < features; a++) {
                for (int b = 0; b < features; b++) {
                    double ha = (v[a] - mean) * inv;
                    double hb = (v[b] - mean) * inv;
                    j.set(o + a, o + b, gamma.get(a) * inv * ((a == b ? 1 : 0) - 1.0 / features - ha * hb / features));
                }
            }
        }
        return j.array();
    }

    /**
     * The forward pass as plain loops: {@code x} holds steps as rows (steps x features), the result
     * likewise.
     */
    static double[][] reference(double[][] x, double[] gamma, double[] beta, double epsilon) {
        double[][] y = new double[x.length][];
        for (int s = 0; s < x.length; s++) {
            int f = x[s].length;
            double mean = 0;
            for (double v : x[s]) {
                mean += v;
            }
            mean /= f;
            double var = 0;
            for (double v : x[s]) {
                var += (v - mean) * (v - mean);
            }
            var /= f;
            double sigma = Math.sqrt(var + epsilon);
            y[s] = new double[f];
            for (int j = 0; j < f; j++) {
                y[s][j] = gamma[j] * (x[s][j] - mean) / sigma + beta[j];
            }
        }
        return y;
    }

    /**
     * The backward pass as plain loops: returns dJ/dx (steps x features) for upstream {@code g} and
     * adds dJ/dγ and dJ/dβ into {@code dGamma} and {@code dBeta}.
     */
    static double[][] referenceBackward(
            double[][] x, double[][] g, double[] gamma, double epsilon, double[] dGamma, double[] dBeta) {
        double[][] dx = new double[x.length][];
        for (int s = 0; s < x.length; s++) {
            int f = x[s].length;
            double mean = 0;
            for (double v : x[s]) {
                mean += v;
            }
            mean /= f;
            double var = 0;
            for (double v : x[s]) {
                var += (v - mean) * (v - mean);
            }
            var /= f;
            double sigma = Math.sqrt(var + epsilon);
            double[] xhat = new double[f];
            double[] h = new double[f];
            double meanH = 0;
            double meanHX = 0;
            for (int j = 0; j < f; j++) {
                xhat[j] = (x[s][j] - mean) / sigma;
                dGamma[j] += g[s][j] * xhat[j];
                dBeta[j] += g[s][j];
                h[j] = gamma[j] * g[s][j];
                meanH += h[j] / f;
                meanHX += h[j] * xhat[j] / f;
            }
            dx[s] = new double[f];
            for (int j = 0; j < f; j++) {
                dx[s][j] = (h[j] - meanH - xhat[j] * meanHX) / sigma;
            }
        }
        return dx;
    }

    /** The kind the model file writes: {@code layernorm (time, features, epsilon)}, time 0 for a flat input. */
    public static final Kind<LayerNormalization> KIND = Kind.of(
            "layernorm",
            s -> new LayerNormalization(s.intValue("time"), s.intValue("features"), s.doubleValue("epsilon")),
            Field.integer("time"),
            Field.integer("features"),
            Field.real("epsilon"));

    @Override
    public Spec spec() {
        return KIND.spec(time, features, epsilon);
    }
}
