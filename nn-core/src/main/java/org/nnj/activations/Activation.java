package org.nnj.activations;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.kernels.Matrix;

/**
 * An activation function {@code a = f(z)} applied to each row (example) of a batch.
 *
 * <p>Backpropagation through an activation multiplies the upstream gradient by the transposed
 * Jacobian of {@code f}: {@code dJ/dz = (da/dz)^T dJ/da}. For an elementwise function the Jacobian is
 * diagonal, {@code da/dz = diag(f'(z))}, so this is the elementwise product {@code dJ/da ⊙ f'(z)}; for
 * softmax it is a full matrix and {@link #backward} computes the whole Jacobian-vector product.
 *
 * <p>Most activations here express their derivative through the output {@code a} alone (e.g.
 * sigmoid: {@code f'(z) = a(1 - a)}), so layers keep only {@code a} and apply the activation in
 * place. GELU and SiLU cannot: they are not monotonic, so one output comes from two inputs and
 * {@code f'(z)} is not a function of a. Such an activation says so with {@link #needsInput()}, and its
 * backward pass is {@link #backward(INDArray, INDArray, INDArray)}, given z as well; a layer with one
 * keeps z of each training pass in a buffer of its own ({@code Dense}, {@code Conv2D}; an
 * {@code ActivationLayer}'s input is z). The tutorials write examples as columns; here each example
 * is a row.
 */
public interface Activation {
    /** Short lower-case name, as in {@code "sigmoid"}. */
    String name();

    /**
     * {@code a = f(z)} row by row, into {@code a} (same shape; it may be {@code z} itself, in place).
     * Shapes are the caller's responsibility: this is the engine method layers call every step.
     */
    void forward(INDArray z, INDArray a);

    /**
     * Replaces {@code grad}, holding {@code dJ/da}, with {@code dJ/dz = J^T dJ/da} for each row, where
     * {@code J = da/dz} is evaluated at the output {@code a} that {@link #forward} produced.
     */
    void backward(INDArray a, INDArray grad);

    /**
     * Whether {@code f'(z)} needs the input z ({@link #backward(INDArray, INDArray, INDArray)}) rather
     * than the output alone ({@link #backward(INDArray, INDArray)}, which such an activation refuses).
     * False by default; true for GELU, its tanh form and SiLU.
     */
    default boolean needsInput() {
        return false;
    }

    /**
     * Replaces {@code grad}, holding {@code dJ/da}, with {@code dJ/dz = J^T dJ/da} for each row, where
     * {@code J = da/dz} is evaluated at the input {@code z} whose output {@link #forward} wrote into
     * {@code a} (z and a distinct, same shape as grad). The default reads only a: {@code backward(a,
     * grad)}; an activation that {@link #needsInput() needs the input} reads z.
     */
    default void backward(INDArray z, INDArray a, INDArray grad) {
        backward(a, grad);
    }

    /**
     * The explicit Jacobian {@code da/dz} (n x n, entry (i, j) = da_i / dz_j) at the point {@code z}, a
     * 1 x n row for one example, computed from its closed form rather than through {@link #backward}.
     */
    INDArray jacobian(INDArray z);

    /**
     * What this activation is, as a spec it can be rebuilt from ({@link #fromSpec}): its name and, for
     * LeakyReLU, {@code alpha}. A built-in activation returns its static {@link org.nnj.Kind}'s
     * {@code KIND.spec(...)}.
     */
    default Spec spec() {
        return Spec.of(name());
    }

    /**
     * Checks this activation's settings against the tensor type, once the network's type is known (at
     * build): a setting valid as a double must not exceed the type's largest finite value
     * ({@link org.nnj.Require#representable}). Nothing to check for most activations.
     *
     * @param where the layer, for the message
     */
    default void requireRepresentable(org.nd4j.linalg.api.buffer.DataType type, String where) {}

    /** The 1 x n example {@code z} of a Jacobian, checked. */
    static INDArray example(INDArray z) {
        Matrix row = Matrix.of(z, "z");
        if (row.rows() != 1) {
            throw new IllegalArgumentException("z must be one example (1 x n), got " + row.describe());
        }
        return z;
    }

    static Activation identity() {
        return Identity.INSTANCE;
    }

    static Activation step() {
        return Step.INSTANCE;
    }

    static Activation sigmoid() {
        return Sigmoid.INSTANCE;
    }

    static Activation tanh() {
        return Tanh.INSTANCE;
    }

    static Activation relu() {
        return ReLU.INSTANCE;
    }

    static Activation leakyRelu(double alpha) {
        return new LeakyReLU(alpha);
    }

    /** ELU with α: {@code z} for z > 0, else {@code α (e^z - 1)}. */
    static Activation elu(double alpha) {
        return new ELU(alpha);
    }

    /** SELU: {@code λ z} for z > 0, else {@code λ α (e^z - 1)}, λ ≈ 1.0507, α ≈ 1.6733. */
    static Activation selu() {
        return SELU.INSTANCE;
    }

    /** Softplus: {@code log(1 + e^z)}. */
    static Activation softplus() {
        return Softplus.INSTANCE;
    }

    /** Softsign: {@code z / (1 + |z|)}. */
    static Activation softsign() {
        return Softsign.INSTANCE;
    }

    /** Hard sigmoid: {@code relu6(z + 3) / 6}. */
    static Activation hardSigmoid() {
        return HardSigmoid.INSTANCE;
    }

    /**
     * GELU, exact: {@code z Φ(z) = ½ z (1 + erf(z / √2))} (PyTorch's {@code nn.GELU()}, Keras's
     * {@code gelu}); its backward needs z.
     */
    static Activation gelu() {
        return GELU.INSTANCE;
    }

    /**
     * GELU's tanh approximation: {@code ½ z (1 + tanh(√(2/π)(z + 0.044715 z³)))} (PyTorch's
     * {@code nn.GELU(approximate='tanh')}, Keras's {@code gelu(x, approximate=True)}); backward needs z.
     */
    static Activation geluTanh() {
        return GELUTanh.INSTANCE;
    }

    /** SiLU (swish): {@code z σ(z)}; its backward needs z. */
    static Activation silu() {
        return SiLU.INSTANCE;
    }

    /** Swish, the same function as {@link #silu()} (Keras's name for it): {@code z σ(z)}. */
    static Activation swish() {
        return SiLU.INSTANCE;
    }

    static Activation softmax() {
        return Softmax.INSTANCE;
    }

    /**
     * The built-in activation kinds, each declared by its class ({@code ReLU.KIND}, ...): those a
     * layer's spec can name, and so those the model file can hold.
     */
    static List<Kind<? extends Activation>> kinds() {
        return ActivationKinds.ALL;
    }

    /**
     * The activation {@code spec} describes, rebuilt by its kind (one of {@link #kinds()}), as a layer's
     * kind rebuilds the activation its spec nests.
     *
     * @throws IllegalArgumentException if no built-in activation has the spec's kind
     */
    static Activation fromSpec(Spec spec) {
        return ActivationKinds.named(spec.kind()).create(spec);
    }
}
