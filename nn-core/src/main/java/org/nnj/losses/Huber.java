package org.nnj.losses;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Spec;
import org.nnj.kernels.LossKernels;
import org.nnj.kernels.Matrix;

/**
 * The Huber loss, quadratic near the target and linear beyond {@code delta}, so that outliers pull
 * on the fit with a bounded force: with {@code d = ŷ - y}, averaged over all n elements,
 * {@code h(d) = d²/2} for {@code |d| <= δ} and {@code δ (|d| - δ/2)} beyond;
 * {@code dJ/dŷ = d / n} inside, {@code δ sign(d) / n} beyond (PyTorch's {@code HuberLoss}, Keras's
 * {@code Huber}).
 *
 * @param delta δ, finite and > 0 (1 is the usual default)
 */
public record Huber(double delta) implements Loss {
    public Huber {
        if (!Double.isFinite(delta) || delta <= 0) {
            throw new IllegalArgumentException("delta must be finite and > 0, got " + delta);
        }
    }

    @Override
    public String name() {
        return "huber";
    }

    @Override
    public double value(INDArray prediction, INDArray target) {
        return LossKernels.huber(Matrix.of(prediction, "prediction"), Matrix.of(target, "target"), null, delta);
    }

    @Override
    public double valueAndGradient(INDArray prediction, INDArray target, INDArray gradient) {
        return LossKernels.huber(
                Matrix.of(prediction, "prediction"),
                Matrix.of(target, "target"),
                Matrix.of(gradient, "gradient"),
                delta);
    }

    /** The kind the model file writes: {@code huber (delta)}. */
    public static final Kind<Huber> KIND =
            Kind.of("huber", s -> new Huber(s.doubleValue("delta")), Field.real("delta"));

    @Override
    public Spec spec() {
        return KIND.spec(delta);
    }

    /**
     * The reference in float64, d = ŷ - y: {@code h(d) = d²/2} if |d| <= δ else {@code δ(|d| - δ/2)},
     * {@code J = (1/n) Σ h(d)}; {@code dJ/dŷ = d / n} or {@code δ sign(d) / n}.
     */
    double reference(double[][] prediction, double[][] target, double[][] gradient) {
        int n = prediction.length * prediction[0].length;
        double j = 0;
        for (int r = 0; r < prediction.length; r++) {
            for (int c = 0; c < prediction[r].length; c++) {
                double d = prediction[r][c] - target[r][c];
                boolean quadratic = Math.abs(d) <= delta;
                j += (quadratic ? d * d / 2 : delta * (Math.abs(d) - delta / 2)) / n;
                gradient[r][c] = (quadratic ? d : delta * Math.signum(d)) / n;
            }
        }
        return j;
    }
}
