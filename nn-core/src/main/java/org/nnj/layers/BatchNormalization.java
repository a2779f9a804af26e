package org.nnj.layers;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Require;
import org.nnj.Spec;
import org.nnj.kernels.BatchNorms;
import org.nnj.kernels.Matrix;

/**
 * Batch normalization (Ioffe and Szegedy, 2015), per feature j, with learned scale γ and shift β.
 *
 * <p><b>Training</b> normalizes with the batch's own statistics (n examples):
 * {@code μ = (1/n) Σ x}, {@code σ² = (1/n) Σ (x - μ)²}, {@code x̂ = (x - μ) / sqrt(σ² + ε)},
 * {@code y = γ x̂ + β}; and moves the running statistics toward them,
 * {@code r_μ ← (1 - m) r_μ + m μ}, {@code r_σ² ← (1 - m) r_σ² + m σ² n / (n - 1)} (PyTorch's
 * convention: m = 0.1 by default, the unbiased variance). A training batch needs n ≥ 2: with one row
 * {@code x̂ = 0} and {@code y = β} whatever x is, and there is no unbiased variance, so a training pass
 * of one row is refused ({@link #requireTrainingBatch}, as PyTorch's "Expected more than 1 value per
 * channel when training"); inference on one row is fine.
 * <b>Inference</b> uses the running statistics: {@code y = γ (x - r_μ) / sqrt(r_σ² + ε) + β}, a fixed
 * affine map, so a prediction does not depend on the other rows of its batch.
 *
 * <p><b>Backward</b> in training mode, the chain of Jacobians through x̂, μ and σ², with
 * {@code g = dJ/dy} per feature: {@code dJ/dγ = Σ g x̂}, {@code dJ/dβ = Σ g},
 * {@code dJ/dx̂ = γ g}, and since every x̂ depends on every x of the batch through μ and σ²,
 * {@code dJ/dx = (1 / (n sqrt(σ² + ε))) (n dJ/dx̂ - Σ dJ/dx̂ - x̂ Σ (dJ/dx̂ · x̂))}. The Jacobian
 * {@link #jacobian} shows is the inference one, {@code diag(γ / sqrt(r_σ² + ε))}.
 *
 * <p>The running statistics are saved with the model ({@link #buffers()}); the optimizer never sees
 * them.
 */
public final class BatchNormalization extends BaseLayer {
    public static final double DEFAULT_MOMENTUM = 0.1;
    public static final double DEFAULT_EPSILON = 1e-5;
    private static final int CACHED_SIZES = 4;

    private final int size;
    private final double momentum;
    private final double epsilon;

    private DataType type;
    private Matrix gamma;
    private Matrix beta;
    private Matrix gammaGrad;
    private Matrix betaGrad;
    private Matrix runningMean;
    private Matrix runningVar;
    private Matrix invStd;
    /** x̂ of the last training pass, by batch size. */
    private final Matrix[] xhats = new Matrix[CACHED_SIZES];

    private int nextSlot;
    private boolean lastPassTrained;
    private List<Parameter> parameters = List.of();
    private List<Parameter> buffers = List.of();

    /** Momentum {@value #DEFAULT_MOMENTUM}, ε = {@value #DEFAULT_EPSILON} (PyTorch's defaults). */
    public BatchNormalization(int size) {
        this(size, DEFAULT_MOMENTUM, DEFAULT_EPSILON);
    }

    /**
     * @param momentum the weight m of a new batch in the running statistics, in (0, 1]
     * @param epsilon  added to the variance, > 0
     */
    public BatchNormalization(int size, double momentum, double epsilon) {
        this.size = Require.positive(size, "size");
        if (!(momentum > 0 && momentum <= 1)) {
            throw new IllegalArgumentException("momentum must be in (0, 1], got " + momentum);
        }
        if (!(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
        }
        this.momentum = momentum;
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "BatchNormalization(" + size + ")";
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    public double momentum() {
        return momentum;
    }

    public double epsilon() {
        return epsilon;
    }

    /** γ (1 x size), live. */
    public INDArray gamma() {
        requireBuilt();
        return gamma.array();
    }

    /** β (1 x size), live. */
    public INDArray beta() {
        requireBuilt();
        return beta.array();
    }

    /** The running mean r_μ (1 x size), live. */
    public INDArray runningMean() {
        requireBuilt();
        return runningMean.array();
    }

    /** The running variance r_σ² (1 x size), live. */
    public INDArray runningVariance() {
        requireBuilt();
        return runningVar.array();
    }

    /** γ = 1, β = 0, r_μ = 0, r_σ² = 1. */
    @Override
    public void build(DataType type, Random rng) {
        requireUnbuilt();
        this.type = Require.floatOrDouble(type, "type");
        gamma = Matrix.allocate(type, 1, size);
        gamma.fill(1);
        beta = Matrix.allocate(type, 1, size);
        gammaGrad = Matrix.allocate(type, 1, size);
        betaGrad = Matrix.allocate(type, 1, size);
        runningMean = Matrix.allocate(type, 1, size);
        runningVar = Matrix.allocate(type, 1, size);
        runningVar.fill(1);
        invStd = Matrix.allocate(type, 1, size);
        parameters = List.of(
                new Parameter("gamma", gamma.array(), gammaGrad.array()),
                new Parameter("beta", beta.array(), betaGrad.array()));
        buffers = List.of(
                new Parameter("running_mean", runningMean.array(), null),
                new Parameter("running_var", runningVar.array(), null));
    }

    @Override
    public boolean isBuilt() {
        return gamma != null;
    }

    @Override
    public DataType dataType() {
        return type;
    }

    /** γ and β, {@code 2 · size}. */
    @Override
    public long parameterCount() {
        return 2L * size;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The running mean and variance (gradient null). */
    @Override
    public List<Parameter> buffers() {
        return buffers;
    }

    /**
     * Refuses a training batch of fewer than 2 rows: the batch statistics need more than one value per
     * feature (n = 1 gives {@code x̂ = 0}, so {@code y = β} for every input, and no unbiased variance for
     * the running statistics). The network and the trainer call it before any layer runs.
     *
     * @param where how to name the layer in the message (such as {@code "layer 1 "}), or ""
     * @throws IllegalArgumentException naming the layer and the batch size
     */
    @Override
    public void requireTrainingBatch(int rows, String where) {
        if (rows < 2) {
            throw new IllegalArgumentException(where + name() + " needs more than 1 value per feature when training"
                    + " (PyTorch: \"Expected more than 1 value per channel when training\"), got a batch of " + rows
                    + " row" + (rows == 1 ? "" : "s") + ": train with batches of at least 2 rows (inference on one"
                    + " row, predict, is fine)");
        }
    }

    @Override
    public void forward(INDArray x, INDArray out, boolean training) {
        Matrix xm = Matrix.of(x, "x");
        Matrix y = Matrix.of(out, "out");
        if (training) {
            requireTrainingBatch(xm.rows(), "");
        }
        lastPassTrained = training;
        if (training) {
            BatchNorms.train(xm, gamma, beta, epsilon, momentum, runningMean, runningVar, xhat(xm.rows()), invStd, y);
        } else {
            BatchNorms.infer(xm, gamma, beta, epsilon, runningMean, runningVar, y);
        }
    }

    /**
     * The derivative of what the last forward pass computed: the training-mode backward of the class
     * Javadoc, or after an inference-mode pass that of the affine map {@code y = γ (x - r_μ) / sqrt(r_σ²
     * + ε) + β}: {@code dJ/dγ = Σ g (x - r_μ) / sqrt(r_σ² + ε)}, {@code dJ/dβ = Σ g},
     * {@code dJ/dx = g γ / sqrt(r_σ² + ε)}.
     */
    @Override
    public void backward(INDArray x, INDArray out, INDArray gradOut, INDArray gradIn) {
        Matrix g = Matrix.of(gradOut, "gradOut");
        Matrix dx = gradIn == null ? null : Matrix.of(gradIn, "gradIn");
        if (!lastPassTrained) {
            BatchNorms.backwardInference(
                    Matrix.of(x, "x"), g, gamma, epsilon, runningMean, runningVar, gammaGrad, betaGrad, dx);
            return;
        }
        BatchNorms.backward(g, xhat(g.rows()), invStd, gamma, gammaGrad, betaGrad, dx);
    }

    private Matrix xhat(int rows) {
        for (Matrix m : xhats) {
            if (m != null && m.rows() == rows) {
                return m;
            }
        }
        Matrix m = Matrix.allocate(type, rows, size);
        xhats[nextSlot] = m;
        nextSlot = (nextSlot + 1) % CACHED_SIZES;
        return m;
    }

    /** The inference-mode Jacobian {@code diag(γ / sqrt(r_σ² + ε))}. */
    @Override
    public INDArray jacobian(INDArray x) {
        checkedExample(x);
        Matrix j = Matrix.allocate(type, size, size);
        for (int i = 0; i < size; i++) {
            j.set(i, i, gamma.get(i) / Math.sqrt(runningVar.get(i) + epsilon));
        }
        return j.array();
    }

    /** The kind the model file writes: {@code batchnorm (size, momentum, epsilon)}. */
    public static final Kind<BatchNormalization> KIND = Kind.of(
            "batchnorm",
            s -> new BatchNormalization(s.intValue("size"), s.doubleValue("momentum"), s.doubleValue("epsilon")),
            Field.integer("size"),
            Field.real("momentum"),
            Field.real("epsilon"));

    @Override
    public Spec spec() {
        return KIND.spec(size, momentum, epsilon);
    }
}
