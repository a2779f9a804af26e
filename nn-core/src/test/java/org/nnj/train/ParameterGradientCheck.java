package org.nnj.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;
import org.nnj.layers.Parameter;
import org.nnj.models.Network;

/**
 * {@link GradientCheck}'s fourth-order stencil on the parameters only, for networks whose input is
 * token ids (an Embedding refuses the perturbed, non-integer ids, and ids are not differentiable).
 */
public final class ParameterGradientCheck {
    private ParameterGradientCheck() {}

    /** The maximum relative error per parameter tensor, as {@link GradientCheck#check} reports it. */
    public static Map<String, Double> check(Network network, INDArray x, INDArray y) {
        double eps = GradientCheck.DEFAULT_EPSILON;
        network.lossAndGradients(x, y);
        Map<String, Double> result = new LinkedHashMap<>();
        for (Parameter p : network.parameters()) {
            Matrix analytic = Matrix.of(p.gradient(), p.name()).copy();
            Matrix values = Matrix.of(p.value(), p.name());
            double worst = 0;
            for (int i = 0; i < values.size(); i++) {
                double original = values.get(i);
                values.set(i, original + 2 * eps);
                double plus2 = network.loss(x, y);
                values.set(i, original + eps);
                double plus = network.loss(x, y);
                values.set(i, original - eps);
                double minus = network.loss(x, y);
                values.set(i, original - 2 * eps);
                double minus2 = network.loss(x, y);
                values.set(i, original);
                double numeric = (8 * (plus - minus) - (plus2 - minus2)) / (12 * eps);
                worst = Math.max(worst, GradientCheck.relativeError(analytic.get(i), numeric));
            }
            result.put(p.name(), worst);
        }
        return result;
    }
}
