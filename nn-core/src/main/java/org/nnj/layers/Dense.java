package org.nnj.layers;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Require;
import org.nnj.Spec;
import org.nnj.activations.Activation;
import org.nnj.init.Initializer;
import org.nnj.kernels.Gemm;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.Rows;

/**
 * A fully connected layer with an optional activation: {@code a = f(z)}, {@code z = x W^T + b}.
 *
 * <p><b>Rows, not columns.</b> The tutorials stack examples as columns and write {@code z = W x + b}
 * with {@code W} of shape out x in. This library takes examples as rows (batch x in, like CSV files,
 * DL4J and PyTorch), so the same layer reads {@code Z = X W^T + b}: W keeps its out x in shape (as in
 * PyTorch's {@code nn.Linear}), row r of Z is {@code W x_r + b}.
 *
 * <p><b>Backward</b>, with {@code G = dJ/da} (batch x out):
 * <ul>
 *   <li>{@code dJ/dZ = G ⊙ f'(Z)} for an elementwise f (its Jacobian is diagonal), or the full
 *       Jacobian-vector product for softmax;</li>
 *   <li>{@code dJ/dW = (dJ/dZ)^T X} (out x in), the tutorials' {@code dJ/dz · x^T} summed over the batch;</li>
 *   <li>{@code dJ/db = Σ_rows dJ/dZ}, the sum over the batch;</li>
 *   <li>{@code dJ/dX = dJ/dZ · W} (batch x in), the tutorials' {@code W^T dJ/dz} per example.</li>
 * </ul>
 * The loss already averages over the batch, so these sums are the gradient of the mean loss.
 *
 * <p><b>Activations that need z.</b> The layer applies f in place and keeps only A, from which
 * {@code f'(Z)} follows for most activations. For one whose derivative needs Z itself
 * ({@link Activation#needsInput()}: GELU, SiLU), a training pass writes Z into a buffer of the
 * layer's own (one per batch size, reused) and then {@code A = f(Z)}; its backward pass reads that Z,
 * or recomputes {@code Z = X W^T + b} from x if the last pass was not a training pass on the same x.
 * Inference passes stay in place and write nothing to the layer.
 */
public final class Dense extends BaseLayer {
    private final int in;
    private final int out;
    private final Activation activation;
    private final Initializer weightInit;
    private final Initializer biasInit;

    private DataType type;
    private WeightAndBias wb;
    private List<Parameter> parameters = List.of();
    /** Z of the training passes, for an activation that needs it. */
    private final PreActivations preActivations;

    /** A linear layer ({@code a = z}), Xavier-uniform weights, zero bias. */
    public Dense(int in, int out) {
        this(in, out, Activation.identity());
    }

    /** Xavier-uniform weights (Keras's default), zero bias. */
    public Dense(int in, int out, Activation activation) {
        this(in, out, activation, Initializer.xavierUniform(), Initializer.zeros());
    }

    public Dense(int in, int out, Activation activation, Initializer weightInit) {
        this(in, out, activation, weightInit, Initializer.zeros());
    }

    public Dense(int in, int out, Activation activation, Initializer weightInit, Initializer biasInit) {
        this.in = Require.positive(in, "in");
        this.out = Require.positive(out, "out");
        this.activation = Require.notNull(activation, "activation");
        this.weightInit = Require.notNull(weightInit, "weightInit");
        this.biasInit = Require.notNull(biasInit, "biasInit");
        this.preActivations = new PreActivations(out);
    }

    @Override
    public String name() {
        return "Dense(" + in + "→" + out + (activation == Activation.identity() ? "" : ", " + activation.name()) + ")";
    }

    @Override
    public int inputSize() {
        return in;
    }

    @Override
    public int outputSize() {
        return out;
    }

    public Activation activation() {
        return activation;
    }

    /** The weights W (out x in), live: assigning to this array changes the layer. */
    public INDArray weight() {
        requireBuilt();
        return wb.weight().array();
    }

    /** The bias b (1 x out), live. */
    public INDArray bias() {
        requireBuilt();
        return wb.bias().array();
    }

    /** dJ/dW from the last backward pass. */
    public INDArray weightGradient() {
        requireBuilt();
        return wb.weightGrad().array();
    }

    /** dJ/db from the last backward pass. */
    public INDArray biasGradient() {
        requireBuilt();
        return wb.biasGrad().array();
    }

    @Override
    public void requireRepresentable(DataType type, String where) {
        weightInit.requireRepresentable(type, where + " weightInit");
        biasInit.requireRepresentable(type, where + " biasInit");
        activation.requireRepresentable(type, where);
        org.nnj.kernels.Memory.requireAddressable(type, out, in); // the weight matrix must fit one array
    }

    @Override
    public void build(DataType type, Random rng) {
        requireUnbuilt();
        Require.floatOrDouble(type, "type");
        requireRepresentable(type, name());
        this.type = type;
        wb = WeightAndBias.allocate(type, out, in);
        weightInit.fill(wb.weight().array(), in, out, rng);
        biasInit.fill(wb.bias().array(), in, out, rng);
        parameters = wb.parameters();
    }

    @Override
    public boolean isBuilt() {
        return wb != null;
    }

    @Override
    public DataType dataType() {
        return type;
    }

    /** {@code out * in} weights and {@code out} biases. */
    @Override
    public long parameterCount() {
        return (long) out * in + out;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public void forward(INDArray x, INDArray a, boolean training) {
        if (training && activation.needsInput()) { // Z kept for backward, then A = f(Z)
            preActivations.forward(activation, x, a, this::linear);
            return;
        }
        linear(Matrix.of(x, "x"), Matrix.of(a, "a"));
        activation.forward(a, a); // A = f(Z), in place
    }

    /** {@code Z = X Wᵀ + b}. */
    private void linear(Matrix x, Matrix z) {
        Rows.broadcast(wb.bias(), z); // Z = b in every row
        Gemm.multAddTransB(x, wb.weight(), z); // Z += X Wᵀ
    }

    /** {@code gradA} holds dJ/dA on entry and is overwritten with dJ/dZ. */
    @Override
    public void backward(INDArray x, INDArray a, INDArray gradA, INDArray gradX) {
        if (activation.needsInput()) { // dJ/dZ = dJ/dA ⊙ f'(Z) at the kept Z, or at Z computed again
            preActivations.backward(activation, x, a, gradA, this::linear);
        } else {
            activation.backward(a, gradA);
        }
        Matrix dZ = Matrix.of(gradA, "gradA"); // dJ/dZ = dJ/dA ⊙ f'(Z)
        Gemm.multTransA(dZ, Matrix.of(x, "x"), wb.weightGrad()); // dJ/dW = dZᵀ X
        Rows.columnSums(dZ, wb.biasGrad()); // dJ/db = Σ_rows dZ
        if (gradX != null) {
            Gemm.mult(dZ, wb.weight(), Matrix.of(gradX, "gradX")); // dJ/dX = dZ W
        }
    }

    /**
     * Its backward pass reads only its arguments, so it may be applied at several nodes of a graph, unless
     * its activation needs z ({@link Activation#needsInput()}), which it keeps from the forward pass.
     */
    @Override
    public boolean sharable() {
        return !activation.needsInput();
    }

    /**
     * The kind the model file writes: {@code dense (in, out, activation)}. It is rebuilt with zero
     * initializers; the saved values are loaded after.
     */
    public static final Kind<Dense> KIND = Kind.of(
            "dense",
            s -> new Dense(
                    s.intValue("in"),
                    s.intValue("out"),
                    Activation.fromSpec(s.spec("activation")),
                    Initializer.zeros(),
                    Initializer.zeros()),
            Field.integer("in"),
            Field.integer("out"),
            Field.activation("activation"));

    @Override
    public Spec spec() {
        return KIND.spec(in, out, activation.spec());
    }

    /** {@code d a / d x = (d a / d z) W}: the activation's Jacobian at z times the weights (out x in). */
    @Override
    public INDArray jacobian(INDArray x) {
        Matrix row = Matrix.of(checkedExample(x), "x");
        Matrix z = wb.bias().copy();
        Gemm.multAddTransB(row, wb.weight(), z); // z = W x + b
        Matrix dadz = Matrix.of(activation.jacobian(z.array()), "activation Jacobian");
        Matrix j = Matrix.allocate(type, out, in);
        Gemm.mult(dadz, wb.weight(), j); // (da/dz) W
        return j.array();
    }
}
