package org.nnj.losses;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.kernels.LossKernels;
import org.nnj.kernels.Matrix;

/**
 * Mean squared error, averaged over all m x k elements (the convention of Keras, PyTorch and DL4J):
 * {@code J = (1 / mk) Σ (ŷ - y)^2}, {@code dJ/dŷ = 2 (ŷ - y) / mk}.
 *
 * <p>The tutorials sometimes write {@code ½ Σ (y - a)^2}; that differs from this by a constant factor
 * only, which a learning rate twice as large (for one output, mk/2 as large) absorbs.
 */
public record MSE() implements Loss {
    @Override
    public String name() {
        return "mse";
    }

    @Override
    public double value(INDArray prediction, INDArray target) {
        return LossKernels.meanSquaredError(Matrix.of(prediction, "prediction"), Matrix.of(target, "target"), null);
    }

    @Override
    public double valueAndGradient(INDArray prediction, INDArray target, INDArray gradient) {
        return LossKernels.meanSquaredError(
                Matrix.of(prediction, "prediction"), Matrix.of(target, "target"), Matrix.of(gradient, "gradient"));
    }

    /** The kind the model file writes: {@code mse}, no settings. */
    public static final Kind<MSE> KIND = Kind.of("mse", s -> new MSE());

    @Override
    public Spec spec() {
        return KIND.spec();
    }

    /**
     * The reference, element by element in float64: {@code J = (1/n) Σ (ŷ - y)²} over the n = mk
     * elements, {@code dJ/dŷ = 2 (ŷ - y) / n} into {@code gradient}. The kernel must agree with it.
     */
    double reference(double[][] prediction, double[][] target, double[][] gradient) {
        int n = prediction.length * prediction[0].length;
        double j = 0;
        for (int r = 0; r < prediction.length; r++) {
            for (int c = 0; c < prediction[r].length; c++) {
                double d = prediction[r][c] - target[r][c];
                j += d * d / n;
                gradient[r][c] = 2 * d / n;
            }
        }
        return j;
    }
}
