package org.nnj.losses;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.kernels.LossKernels;
import org.nnj.kernels.Matrix;

/**
 * Categorical cross-entropy on probabilities (after a softmax output), averaged over the m examples:
 * {@code J = -(1/m) Σ_r Σ_k y_rk log p_rk}, {@code dJ/dp = -y / p / m}, with p clipped below at
 * ε = 1e-7 so that the loss stays finite (the gradient is that of the clipped loss: 0 where p &lt; ε). Targets are one-hot (or probability) rows.
 *
 * <p>Prefer {@link SoftmaxCrossEntropy} on logits: it fuses softmax and this loss into the gradient
 * {@code (p - y) / m}, which is both cheaper and stable for any logits.
 */
public record CategoricalCrossEntropy() implements Loss {
    static final double EPSILON = 1e-7;

    @Override
    public String name() {
        return "categorical_crossentropy";
    }

    @Override
    public double value(INDArray prediction, INDArray target) {
        return LossKernels.categoricalCrossEntropy(
                Matrix.of(prediction, "prediction"), Matrix.of(target, "target"), null, EPSILON);
    }

    @Override
    public double valueAndGradient(INDArray prediction, INDArray target, INDArray gradient) {
        return LossKernels.categoricalCrossEntropy(
                Matrix.of(prediction, "prediction"),
                Matrix.of(target, "target"),
                Matrix.of(gradient, "gradient"),
                EPSILON);
    }

    @Override
    public void checkTargets(INDArray target, String argName) {
        TargetChecks.requireDistributionRows(Matrix.of(target, argName), argName, name());
    }

    /** The kind the model file writes: {@code categorical_crossentropy}, no settings. */
    public static final Kind<CategoricalCrossEntropy> KIND =
            Kind.of("categorical_crossentropy", s -> new CategoricalCrossEntropy());

    @Override
    public Spec spec() {
        return KIND.spec();
    }

    /**
     * The reference in float64 over m rows: {@code J = -(1/m) Σ y log max(p, ε)},
     * {@code dJ/dp = -y / p / m} (0 where clipped).
     */
    double reference(double[][] prediction, double[][] target, double[][] gradient) {
        int m = prediction.length;
        double j = 0;
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < prediction[r].length; c++) {
                double p = Math.max(prediction[r][c], EPSILON);
                j -= target[r][c] == 0 ? 0 : target[r][c] * Math.log(p) / m;
                gradient[r][c] = p == prediction[r][c] ? -target[r][c] / p / m : 0;
            }
        }
        return j;
    }
}
