package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.kernels.Elementwise;
import org.nnj.kernels.GatedActivations;
import org.nnj.kernels.Matrix;

/**
 * GELU's tanh approximation (Hendrycks and Gimpel 2016; PyTorch's {@code nn.GELU(approximate='tanh')},
 * Keras's {@code gelu(x, approximate=True)}, GPT-2's): {@code f(z) = ½ z (1 + tanh u)}, {@code u =
 * √(2/π) (z + 0.044715 z³)}. Since {@code ½ (1 + tanh u) = σ(2u)}, this is {@code f(z) = z s} with
 * {@code s = σ(2u)}, computed so (no cancellation for negative z), and
 * <pre>
 * f'(z) = ½ (1 + tanh u) + ½ z (1 - tanh² u) √(2/π) (1 + 3 · 0.044715 z²)
 *       = s + 2 z s (1 - s) √(2/π) (1 + 0.134145 z²)
 * </pre>
 * (with {@code 1 - tanh² u = 4 s (1 - s)}). Within 5e-4 of the exact {@link GELU}. Not monotonic:
 * backward needs z ({@link #needsInput()}).
 */
public final class GELUTanh extends GatedActivation {
    static final GELUTanh INSTANCE = new GELUTanh();

    private static final double C = GatedActivations.TANH_C;
    private static final double K = GatedActivations.TANH_K;

    private GELUTanh() {}

    @Override
    public String name() {
        return "gelu_tanh";
    }

    @Override
    public double value(double z) {
        double u = C * (z + K * z * z * z);
        return z * Elementwise.sigmoid(2 * u); // ½ z (1 + tanh u)
    }

    @Override
    public double derivative(double z) {
        double u = C * (z + K * z * z * z);
        double s = Elementwise.sigmoid(2 * u);
        double oneMinusS = Elementwise.sigmoid(-2 * u);
        return s + 2 * z * s * oneMinusS * C * (1 + 3 * K * z * z);
    }

    @Override
    public void forward(INDArray z, INDArray a) {
        GatedActivations.geluTanh(Matrix.of(z, "z"), Matrix.of(a, "a"));
    }

    @Override
    public void backward(INDArray z, INDArray a, INDArray grad) {
        GatedActivations.geluTanhBackward(Matrix.of(z, "z"), Matrix.of(grad, "grad")); // dJ/da ⊙ f'(z)
    }

    /** The kind the model file writes: {@code gelu_tanh}, no settings. */
    public static final Kind<GELUTanh> KIND = Kind.of("gelu_tanh", s -> INSTANCE);

    @Override
    public Spec spec() {
        return KIND.spec();
    }
}
