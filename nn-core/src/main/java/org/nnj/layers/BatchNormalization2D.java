package org.nnj.layers;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Require;
import org.nnj.Spec;
import org.nnj.kernels.ChannelBatchNorms;
import org.nnj.kernels.Matrix;

/**
 * Batch normalization of images per channel (PyTorch's {@code nn.BatchNorm2d(channels)}): each channel
 * c has one scale γ_c and shift β_c, and its statistics run over the batch and every position, the
 * {@code m = n · height · width} values of that channel in a batch of n images (rows hold images
 * channel-major, as {@link Conv2D} writes them). {@link BatchNormalization} is the per-feature form.
 *
 * <p><b>Training</b>: per channel {@code μ = (1/m) Σ x}, {@code σ² = (1/m) Σ (x - μ)²},
 * {@code x̂ = (x - μ) / sqrt(σ² + ε)}, {@code y = γ_c x̂ + β_c}, and the running statistics move as
 * {@link BatchNormalization}'s do, {@code r_μ ← (1 - m') r_μ + m' μ},
 * {@code r_σ² ← (1 - m') r_σ² + m' σ² m / (m - 1)} (momentum m' = 0.1, the unbiased variance, ε =
 * 1e-5 by default, PyTorch's convention). A training batch needs {@code m ≥ 2}: a single image of a
 * single position gives {@code x̂ = 0} whatever x is and no unbiased variance, so it is refused
 * ({@link #requireTrainingBatch}); one image of several positions is fine, as in PyTorch.
 * <b>Inference</b> uses the running statistics, {@code y = γ_c (x - r_μ) / sqrt(r_σ² + ε) + β_c}, and
 * writes nothing but its output.
 *
 * <p><b>Backward</b> in training mode, {@code g = dJ/dy}, sums over the channel's m values:
 * {@code dJ/dγ_c = Σ g x̂}, {@code dJ/dβ_c = Σ g},
 * {@code dJ/dx = (γ_c / (m sqrt(σ² + ε))) (m g - Σ g - x̂ Σ g x̂)} (every x̂ of the channel depends on
 * every x through μ and σ²). After the inference pass of {@link #forward(INDArray)} it is that of the
 * affine map: {@code dJ/dx = g γ_c / sqrt(r_σ² + ε)}. {@link #jacobian} is the inference one,
 * {@code diag(γ_c / sqrt(r_σ² + ε))} over the image's values. The fast path is
 * {@code kernels.ChannelBatchNorms}; {@link #reference} and {@link #referenceBackward} are the same
 * training-mode equations as plain loops. The running statistics are {@link #buffers()}.
 */
public final class BatchNormalization2D extends BaseLayer {
    private static final int CACHED_SIZES = 4;

    private final ImageShape shape;
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
    /** Written by a training pass (true) and by {@link #forward(INDArray)} (false), never by an inference engine pass. */
    private boolean lastPassTrained;

    private List<Parameter> parameters = List.of();
    private List<Parameter> buffers = List.of();

    /** Momentum 0.1, ε = 1e-5 (PyTorch's defaults). */
    public BatchNormalization2D(ImageShape shape) {
        this(shape, BatchNormalization.DEFAULT_MOMENTUM, BatchNormalization.DEFAULT_EPSILON);
    }

    /**
     * @param momentum the weight of a new batch in the running statistics, in (0, 1]
     * @param epsilon  added to the variance, finite and {@code > 0}
     */
    public BatchNormalization2D(ImageShape shape, double momentum, double epsilon) {
        this.shape = Require.notNull(shape, "shape");
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
        return "BatchNormalization2D(" + shape + ")";
    }

    @Override
    public int inputSize() {
        return shape.size();
    }

    @Override
    public int outputSize() {
        return shape.size();
    }

    @Override
    public int[] inputShape() {
        return shape.toArray();
    }

    @Override
    public int[] outputShape() {
        return shape.toArray();
    }

    public ImageShape shape() {
        return shape;
    }

    public int channels() {
        return shape.channels();
    }

    private int positions() {
        return shape.height() * shape.width();
    }

    public double momentum() {
        return momentum;
    }

    public double epsilon() {
        return epsilon;
    }

    /** γ (1 x channels), live. */
    public INDArray gamma() {
        requireBuilt();
        return gamma.array();
    }

    /** β (1 x channels), live. */
    public INDArray beta() {
        requireBuilt();
        return beta.array();
    }

    /** r_μ (1 x channels), live. */
    public INDArray runningMean() {
        requireBuilt();
        return runningMean.array();
    }

    /** r_σ² (1 x channels), live. */
    public INDArray runningVariance() {
        requireBuilt();
        return runningVar.array();
    }

    /** γ = 1, β = 0, r_μ = 0, r_σ² = 1. */
    @Override
    public void build(DataType type, Random rng) {
        requireUnbuilt();
        this.type = Require.floatOrDouble(type, "type");
        int c = shape.channels();
        gamma = Matrix.allocate(type, 1, c);
        gamma.fill(1);
        beta = Matrix.allocate(type, 1, c);
        gammaGrad = Matrix.allocate(type, 1, c);
        betaGrad = Matrix.allocate(type, 1, c);
        runningMean = Matrix.allocate(type, 1, c);
        runningVar = Matrix.allocate(type, 1, c);
        runningVar.fill(1);
        invStd = Matrix.allocate(type, 1, c);
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

    /** γ and β, {@code 2 · channels}. */
    @Override
    public long parameterCount() {
        return 2L * shape.channels();
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
     * Refuses a training batch whose channels have fewer than 2 values ({@code rows · height · width <
     * 2}): the statistics are undefined there (PyTorch: "Expected more than 1 value per channel when
     * training").
     *
     * @param where how to name the layer in the message (such as {@code "layer 1 "}), or ""
     */
    public void requireTrainingBatch(int rows, String where) {
        if ((long) rows * positions() < 2) {
            throw new IllegalArgumentException(where + name() + " needs more than 1 value per channel when training"
                    + " (PyTorch: \"Expected more than 1 value per channel when training\"), got a batch of " + rows
                    + " image" + (rows == 1 ? "" : "s") + " of 1 x 1: train with batches of at least 2 images"
                    + " (inference on one image, predict, is fine)");
        }
    }

    /** Inference (one example at a time, as the tutorials do); its backward is then the inference one. */
    @Override
    public INDArray forward(INDArray x) {
        lastPassTrained = false;
        return super.forward(x);
    }

    @Override
    public void forward(INDArray x, INDArray out, boolean training) {
        Matrix xm = Matrix.of(x, "x");
        Matrix y = Matrix.of(out, "out");
        if (!training) {
            ChannelBatchNorms.infer(
                    xm, shape.channels(), positions(), gamma, beta, epsilon, runningMean, runningVar, y);
            return;
        }
        requireTrainingBatch(xm.rows(), "");
        lastPassTrained = true;
        ChannelBatchNorms.train(
                xm,
                shape.channels(),
                positions(),
                gamma,
                beta,
                epsilon,
                momentum,
                runningMean,
                runningVar,
                xhat(xm.rows()),
                invStd,
                y);
    }

    /**
     * The derivative of the last training pass (class Javadoc), or after {@link #forward(INDArray)}
     * that of the inference map: {@code dJ/dγ_c = Σ g (x - r_μ) / sqrt(r_σ² + ε)}, {@code dJ/dβ_c = Σ g},
     * {@code dJ/dx = g γ_c / sqrt(r_σ² + ε)}.
     */
    @Override
    public void backward(INDArray x, INDArray out, INDArray gradOut, INDArray gradIn) {
        Matrix g = Matrix.of(gradOut, "gradOut");
        Matrix dx = gradIn == null ? null : Matrix.of(gradIn, "gradIn");
        if (!lastPassTrained) {
            ChannelBatchNorms.backwardInference(
                    Matrix.of(x, "x"),
                    g,
                    shape.channels(),
                    positions(),
                    gamma,
                    epsilon,
                    runningMean,
                    runningVar,
                    gammaGrad,
                    betaGrad,
                    dx);
            return;
        }
        ChannelBatchNorms.backward(
                g, xhat(g.rows()), invStd, shape.channels(), positions(), gamma, gammaGrad, betaGrad, dx);
    }

    private Matrix xhat(int rows) {
        for (Matrix m : xhats) {
            if (m != null && m.rows() == rows) {
                return m;
            }
        }
        Matrix m = Matrix.allocate(type, rows, shape.size());
        xhats[nextSlot] = m;
        nextSlot = (nextSlot + 1) % CACHED_SIZES;
        return m;
    }

    /** The inference-mode Jacobian {@code diag(γ_c / sqrt(r_σ² + ε))}, c the channel of each value. */
    @Override
    public INDArray jacobian(INDArray x) {
        checkedExample(x);
        int n = shape.size();
        Matrix j = Matrix.allocate(type, n, n);
        for (int i = 0; i < n; i++) {
            int c = i / positions();
            j.set(i, i, gamma.get(c) / Math.sqrt(runningVar.get(c) + epsilon));
        }
        return j.array();
    }

    /**
     * Training-mode forward as plain loops: x is batch x (channels · positions), channel-major; returns
     * y and writes each channel's mean and biased variance into {@code mean} and {@code var}.
     */
    static double[][] reference(
            double[][] x, int channels, double[] gamma, double[] beta, double epsilon, double[] mean, double[] var) {
        int positions = x[0].length / channels;
        double[][] y = new double[x.length][x[0].length];
        for (int c = 0; c < channels; c++) {
            double m = (double) x.length * positions;
            double sum = 0;
            for (double[] row : x) {
                for (int p = 0; p < positions; p++) {
                    sum += row[c * positions + p];
                }
            }
            mean[c] = sum / m;
            double sq = 0;
            for (double[] row : x) {
                for (int p = 0; p < positions; p++) {
                    double d = row[c * positions + p] - mean[c];
                    sq += d * d;
                }
            }
            var[c] = sq / m;
            for (int n = 0; n < x.length; n++) {
                for (int p = 0; p < positions; p++) {
                    int i = c * positions + p;
                    y[n][i] = gamma[c] * (x[n][i] - mean[c]) / Math.sqrt(var[c] + epsilon) + beta[c];
                }
            }
        }
        return y;
    }

    /**
     * Training-mode backward as plain loops: returns dJ/dx for upstream g and writes dJ/dγ and dJ/dβ
     * into {@code dGamma} and {@code dBeta}.
     */
    static double[][] referenceBackward(
            double[][] x, double[][] g, int channels, double[] gamma, double epsilon, double[] dGamma, double[] dBeta) {
        double[] mean = new double[channels];
        double[] var = new double[channels];
        reference(x, channels, gamma, new double[channels], epsilon, mean, var);
        int positions = x[0].length / channels;
        double[][] dx = new double[x.length][x[0].length];
        for (int c = 0; c < channels; c++) {
            double m = (double) x.length * positions;
            double sigma = Math.sqrt(var[c] + epsilon);
            double sumG = 0;
            double sumGH = 0;
            for (int n = 0; n < x.length; n++) {
                for (int p = 0; p < positions; p++) {
                    int i = c * positions + p;
                    sumG += g[n][i];
                    sumGH += g[n][i] * (x[n][i] - mean[c]) / sigma;
                }
            }
            dGamma[c] = sumGH;
            dBeta[c] = sumG;
            for (int n = 0; n < x.length; n++) {
                for (int p = 0; p < positions; p++) {
                    int i = c * positions + p;
                    double xhat = (x[n][i] - mean[c]) / sigma;
                    dx[n][i] = gamma[c] / (m * sigma) * (m * g[n][i] - sumG - xhat * sumGH);
                }
            }
        }
        return dx;
    }

    /** The kind the model file writes: {@code batchnorm2d (channels, height, width, momentum, epsilon)}. */
    public static final Kind<BatchNormalization2D> KIND = Kind.of(
            "batchnorm2d",
            s -> new BatchNormalization2D(
                    new ImageShape(s.intValue("channels"), s.intValue("height"), s.intValue("width")),
                    s.doubleValue("momentum"),
                    s.doubleValue("epsilon")),
            Field.integer("channels"),
            Field.integer("height"),
            Field.integer("width"),
            Field.real("momentum"),
            Field.real("epsilon"));

    @Override
    public Spec spec() {
        return KIND.spec(shape.channels(), shape.height(), shape.width(), momentum, epsilon);
    }
}
