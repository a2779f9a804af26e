package org.nnj.losses;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.activations.Activation;
import org.nnj.kernels.LossKernels;
import org.nnj.kernels.Matrix;

/**
 * Binary cross-entropy, averaged over all m x k elements, for targets y in [0, 1].
 *
 * <p><b>On probabilities</b> ({@link #onProbabilities()}, after a sigmoid output):
 * {@code J = -(1/mk) Σ [y log p + (1 - y) log(1 - p)]}, {@code dJ/dp = (p - y) / (p (1 - p)) / mk}, with
 * p clipped to {@code [ε, 1 - ε]}, ε = 1e-7 (as Keras), so that the loss stays finite when the sigmoid
 * saturates. The gradient is that of the clipped loss: 0 where p lies outside the clip range (as in
 * Keras/TensorFlow), so it always agrees with finite differences.
 *
 * <p><b>On logits</b> ({@link #fromLogits()}, after a linear output): with {@code p = σ(z)},
 * {@code J = (1/mk) Σ [max(z, 0) - z y + log(1 + e^{-|z|})]}, which is exact and finite for any finite
 * z, and {@code dJ/dz = (σ(z) - y) / mk}. A network trained with it predicts {@code σ(z)}.
 */
public final class BinaryCrossEntropy implements Loss {
    /** Clipping bound for probabilities. */
    public static final double EPSILON = 1e-7;

    private final boolean logits;
    /** The weights of the negatives' and the positives' terms (1 and 1 when unweighted). */
    private final double w0;

    private final double w1;

    private BinaryCrossEntropy(boolean logits) {
        this(logits, 1, 1);
    }

    private BinaryCrossEntropy(boolean logits, double w0, double w1) {
        this.logits = logits;
        this.w0 = w0;
        this.w1 = w1;
    }

    /**
     * The same loss with the negatives' terms weighted by {@code weights[0]} and the positives' by
     * {@code weights[1]} (for example {@code ClassWeights.balanced(...)}); a training setting, not
     * saved in the model file.
     */
    public BinaryCrossEntropy withClassWeights(double[] weights) {
        if (weights == null || weights.length != 2) {
            throw new IllegalArgumentException("weights must hold two weights: negatives, positives");
        }
        for (int i = 0; i < 2; i++) {
            if (!Double.isFinite(weights[i]) || weights[i] < 0) {
                throw new IllegalArgumentException(
                        "weights[" + i + "] is " + weights[i] + "; weights are finite and >= 0");
            }
        }
        return new BinaryCrossEntropy(logits, weights[0], weights[1]);
    }

    public static BinaryCrossEntropy onProbabilities() {
        return new BinaryCrossEntropy(false);
    }

    public static BinaryCrossEntropy fromLogits() {
        return new BinaryCrossEntropy(true);
    }

    public boolean isFromLogits() {
        return logits;
    }

    @Override
    public String name() {
        return logits ? "binary_crossentropy_from_logits" : "binary_crossentropy";
    }

    @Override
    public double value(INDArray prediction, INDArray target) {
        return LossKernels.binaryCrossEntropy(
                Matrix.of(prediction, "prediction"), Matrix.of(target, "target"), null, logits, EPSILON, w0, w1);
    }

    @Override
    public double valueAndGradient(INDArray prediction, INDArray target, INDArray gradient) {
        return LossKernels.binaryCrossEntropy(
                Matrix.of(prediction, "prediction"),
                Matrix.of(target, "target"),
                Matrix.of(gradient, "gradient"),
                logits,
                EPSILON,
                w0,
                w1);
    }

    @Override
    public void checkTargets(INDArray target, String argName) {
        TargetChecks.requireProbabilities(Matrix.of(target, argName), argName, name());
    }

    @Override
    public void link(INDArray output) {
        if (logits) {
            Activation.sigmoid().forward(output, output);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryCrossEntropy b && b.logits == logits && b.w0 == w0 && b.w1 == w1;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(logits, w0, w1);
    }

    @Override
    public String toString() {
        return name();
    }

    /** The kind the model file writes for {@link #onProbabilities()}: {@code binary_crossentropy}. */
    public static final Kind<BinaryCrossEntropy> KIND = Kind.of("binary_crossentropy", s -> onProbabilities());

    /** The kind the model file writes for {@link #fromLogits()}: {@code binary_crossentropy_from_logits}. */
    public static final Kind<BinaryCrossEntropy> FROM_LOGITS_KIND =
            Kind.of("binary_crossentropy_from_logits", s -> fromLogits());

    /** The kind's spec; class weights are a training setting the file does not keep. */
    @Override
    public Spec spec() {
        return (logits ? FROM_LOGITS_KIND : KIND).spec();
    }

    /**
     * The reference in float64, per element with weights w1 (positives) and w0 (negatives). On
     * probabilities, p = clip(ŷ, ε, 1 - ε): {@code -(w1 y log p + w0 (1 - y) log(1 - p)) / n}, gradient
     * {@code (w0 (1 - y) / (1 - p) - w1 y / p) / n} (0 where clipped). On logits z:
     * {@code (w1 y log(1 + e^-z) + w0 (1 - y) log(1 + e^z)) / n}, gradient
     * {@code (w1 y (σ(z) - 1) + w0 (1 - y) σ(z)) / n}.
     */
    double reference(double[][] prediction, double[][] target, double[][] gradient) {
        int n = prediction.length * prediction[0].length;
        double j = 0;
        for (int r = 0; r < prediction.length; r++) {
            for (int c = 0; c < prediction[r].length; c++) {
                double y = target[r][c];
                double v = prediction[r][c];
                if (logits) {
                    double sigma = 1 / (1 + Math.exp(-v));
                    j += (w1 * y * Math.log1p(Math.exp(-v)) + w0 * (1 - y) * Math.log1p(Math.exp(v))) / n;
                    gradient[r][c] = (w1 * y * (sigma - 1) + w0 * (1 - y) * sigma) / n;
                } else {
                    double p = Math.min(Math.max(v, EPSILON), 1 - EPSILON);
                    j -= (w1 * y * Math.log(p) + w0 * (1 - y) * Math.log(1 - p)) / n;
                    gradient[r][c] = p == v ? (w0 * (1 - y) / (1 - p) - w1 * y / p) / n : 0;
                }
            }
        }
        return j;
    }
}
