package org.nnj.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Require;
import org.nnj.kernels.Matrix;
import org.nnj.layers.Parameter;
import org.nnj.models.Network;

/**
 * Compares backpropagation with central finite differences for every parameter and every input
 * value, using the fourth-order central stencil
 * {@code ∂J/∂θ_i ≈ [8 (J(θ + ε e_i) - J(θ - ε e_i)) - (J(θ + 2ε e_i) - J(θ - 2ε e_i))] / 12ε}, whose
 * truncation error is O(ε⁴) rather than the O(ε²) of {@code (J(θ + ε) - J(θ - ε)) / 2ε}, so that
 * curvature (e.g. of {@code -log p} at small p) does not pass for a backprop error.
 *
 * <p>The error of one element is {@code |analytic - numeric| / max(|analytic|, |numeric|)}; pairs that
 * agree to within {@value #ABSOLUTE_TOLERANCE} absolutely count as 0 (that is the size of the
 * rounding noise in the difference quotient, so a relative error there means nothing). Each tensor's
 * result is the maximum over its elements. Backprop is right when every result is tiny (below 1e-6
 * with float64 and the default ε = 1e-4; the fourth-order stencil lets ε be that large, which keeps
 * rounding noise in the differences small even when the loss itself is large).
 *
 * <p>The network must be float64 (float32 differences are too coarse to check anything), and its
 * layers must compute the same function in training and inference mode (no active dropout).
 * Parameters are restored bit for bit afterwards.
 */
public final class GradientCheck {
    public static final double DEFAULT_EPSILON = 1e-4;
    public static final double ABSOLUTE_TOLERANCE = 1e-9;

    private GradientCheck() {}

    /** {@link #check(Network, INDArray, INDArray, double)} with ε = {@value #DEFAULT_EPSILON}. */
    public static Map<String, Double> check(Network network, INDArray x, INDArray y) {
        return check(network, x, y, DEFAULT_EPSILON);
    }

    /**
     * @return the maximum relative error per parameter tensor (keyed by parameter name, e.g.
     *     {@code layer0.weight}) and for the input ({@code "input"}), in that order
     */
    public static Map<String, Double> check(Network network, INDArray x, INDArray y, double epsilon) {
        return check(network, x, y, epsilon, true);
    }

    /**
     * The check of the parameter gradients only, x held fixed: for networks whose inputs are not
     * differentiable (token ids into an {@code Embedding}, a padding mask), which the input check would
     * perturb off their integer values.
     *
     * @return the maximum relative error per parameter tensor, keyed by parameter name
     */
    public static Map<String, Double> checkParameters(Network network, INDArray x, INDArray y) {
        return check(network, x, y, DEFAULT_EPSILON, false);
    }

    private static Map<String, Double> check(
            Network network, INDArray x, INDArray y, double epsilon, boolean withInput) {
        Require.notNull(network, "network");
        if (network.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException(
                    "gradient checks need a DOUBLE network (Network.builder().dataType(DataType.DOUBLE)), got "
                            + network.dataType());
        }
        if (!Double.isFinite(epsilon) || epsilon <= 0) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
        }
        INDArray analyticInput = withInput ? network.gradients(x, y) : null;
        if (!withInput) {
            network.lossAndGradients(x, y);
        }
        Map<String, Double> result = new LinkedHashMap<>();
        for (Parameter p : network.parameters()) {
            Matrix analytic = Matrix.of(p.gradient(), p.name()).copy();
            result.put(p.name(), maxError(analytic, Matrix.of(p.value(), p.name()), () -> network.loss(x, y), epsilon));
        }
        if (!withInput) {
            return result;
        }
        Matrix xm = Matrix.of(x, "x").copy();
        INDArray xCopy = xm.array();
        result.put(
                "input",
                maxError(Matrix.of(analyticInput, "input gradient"), xm, () -> network.loss(xCopy, y), epsilon));
        return result;
    }

    /** The largest value in a check result. */
    public static double worst(Map<String, Double> result) {
        double w = 0;
        for (double v : result.values()) {
            w = Math.max(w, v);
        }
        return w;
    }

    private interface LossFunction {
        double value();
    }

    private static double maxError(Matrix analytic, Matrix values, LossFunction loss, double eps) {
        double worst = 0;
        for (int i = 0; i < values.size(); i++) {
            double original = values.get(i);
            values.set(i, original + 2 * eps);
            double plus2 = loss.value();
            values.set(i, original + eps);
            double plus = loss.value();
            values.set(i, original - eps);
            double minus = loss.value();
            values.set(i, original - 2 * eps);
            double minus2 = loss.value();
            values.set(i, original);
            double numeric = (8 * (plus - minus) - (plus2 - minus2)) / (12 * eps);
            worst = Math.max(worst, relativeError(analytic.get(i), numeric));
        }
        return worst;
    }

    static double relativeError(double analytic, double numeric) {
        double diff = Math.abs(analytic - numeric);
        if (diff <= ABSOLUTE_TOLERANCE) {
            return 0;
        }
        return diff / Math.max(Math.abs(analytic), Math.abs(numeric));
    }
}
