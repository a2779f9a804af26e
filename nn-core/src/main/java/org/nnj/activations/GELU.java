package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.kernels.Erf;
import org.nnj.kernels.GatedActivations;
import org.nnj.kernels.Matrix;

/**
 * The Gaussian error linear unit (Hendrycks and Gimpel 2016), exact: {@code f(z) = z Φ(z) = ½ z (1 +
 * erf(z / √2))}, with Φ the standard normal distribution; {@code f'(z) = Φ(z) + z φ(z)}, with
 * {@code φ(z) = e^{-z²/2} / √(2π)} its density. As PyTorch's {@code nn.GELU()} (approximate='none')
 * and Keras's {@code gelu(x, approximate=False)}; {@link GELUTanh} is the tanh approximation.
 *
 * <p>The minimum is {@code f(-0.7518) ≈ -0.1700}, where f' crosses 0: values in (-0.17, 0) come from
 * two inputs, so backward needs z ({@link #needsInput()}). Erf is W. J. Cody's ({@link Erf}).
 */
public final class GELU extends GatedActivation {
    static final GELU INSTANCE = new GELU();

    private GELU() {}

    @Override
    public String name() {
        return "gelu";
    }

    @Override
    public double value(double z) {
        return z * Erf.normalCdf(z); // z Φ(z)
    }

    @Override
    public double derivative(double z) {
        return Erf.normalCdf(z) + z * Erf.normalPdf(z); // Φ(z) + z φ(z)
    }

    @Override
    public void forward(INDArray z, INDArray a) {
        GatedActivations.gelu(Matrix.of(z, "z"), Matrix.of(a, "a"));
    }

    @Override
    public void backward(INDArray z, INDArray a, INDArray grad) {
        GatedActivations.geluBackward(Matrix.of(z, "z"), Matrix.of(grad, "grad")); // dJ/da ⊙ (Φ(z) + z φ(z))
    }

    /** The kind the model file writes: {@code gelu}, no settings. */
    public static final Kind<GELU> KIND = Kind.of("gelu", s -> INSTANCE);

    @Override
    public Spec spec() {
        return KIND.spec();
    }
}
