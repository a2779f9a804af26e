package org.nnj.losses;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.kernels.LossKernels;
import org.nnj.kernels.Matrix;

/**
 * Mean absolute error, averaged over all m x k elements: {@code J = (1 / mk) Σ |ŷ - y|},
 * {@code dJ/dŷ = sign(ŷ - y) / mk} (0 where {@code ŷ = y}, where |.| has no derivative).
 */
public record MAE() implements Loss {
    @Override
    public String name() {
        return "mae";
    }

    @Override
    public double value(INDArray prediction, INDArray target) {
        return LossKernels.meanAbsoluteError(Matrix.of(prediction, "prediction"), Matrix.of(target, "target"), null);
    }

    @Override
    public double valueAndGradient(INDArray prediction, INDArray target, INDArray gradient) {
        return LossKernels.meanAbsoluteError(
                Matrix.of(prediction, "prediction"), Matrix.of(target, "target"), Matrix.of(gradient, "gradient"));
    }

    /** The kind the model file writes: {@code mae}, no settings. */
    public static final Kind<MAE> KIND = Kind.of("mae", s -> new MAE());

    @Override
    public Spec spec() {
        return KIND.spec();
    }

    /** The reference in float64: {@code J = (1/n) Σ |ŷ - y|}, {@code dJ/dŷ = sign(ŷ - y) / n}. */
    double reference(double[][] prediction, double[][] target, double[][] gradient) {
        int n = prediction.length * prediction[0].length;
        double j = 0;
        for (int r = 0; r < prediction.length; r++) {
            for (int c = 0; c < prediction[r].length; c++) {
                double d = prediction[r][c] - target[r][c];
                j += Math.abs(d) / n;
                gradient[r][c] = Math.signum(d) / n;
            }
        }
        return j;
    }
}
