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
import org.nnj.activations.ElementwiseActivation;
import org.nnj.init.Initializer;
import org.nnj.kernels.ConvGeometry;
import org.nnj.kernels.Convolution;
import org.nnj.kernels.Matrix;

/**
 * A 2-D convolution with {@code F} filters of size {@code k x k} over images of shape C x H x W (one
 * image per row, channel-major: see {@link ImageShape}), then an elementwise activation:
 * {@code a = f(z)}, {@code z[f, y, x] = b_f + Σ_{c, i, j} W[f, c, i, j] · x[c, y·s + i - pt, x·s + j - pl]}
 * (zero outside the image). W has PyTorch's layout, F x (C·k·k), entry (f, (c·k + i)·k + j).
 *
 * <p><b>As matrix products</b> (im2col): for one example, {@code cols} puts the C·k·k input values each
 * output position p sees in column p, so {@code Z = W · cols + b 1ᵀ} (F x Ho·Wo, the output row).
 *
 * <p><b>Backward</b>, with {@code G = dJ/da} for one example (F x Ho·Wo), the tutorials' chain of
 * Jacobians once more:
 * <ul>
 *   <li>{@code dJ/dZ = G ⊙ f'(Z)} (the activation's Jacobian is diagonal);</li>
 *   <li>{@code dJ/dW = dJ/dZ · colsᵀ} and {@code dJ/db = dJ/dZ · 1}, summed over the batch: a dense
 *       layer's {@code dZᵀ X} with the positions playing the batch;</li>
 *   <li>{@code dJ/dcols = Wᵀ · dJ/dZ}, then col2im: each entry of cols was read from one input value,
 *       so its gradient is added back there, giving {@code dJ/dx}.</li>
 * </ul>
 * The whole layer is linear before f, {@code z = M x + b}, so its Jacobian is {@code diag(f'(z)) M}
 * ({@link #jacobian}).
 *
 * <p>The layer holds these equations as plain loops ({@link ConvolutionReference}: forward and the
 * three gradients, for any kernel, stride and padding); its passes run the fast paths of {@link
 * Convolution}, which the tests hold to the reference.
 */
public final class Conv2D extends BaseLayer {
    private final ImageShape input;
    private final ImageShape output;
    private final int filters;
    private final int kernel;
    private final int stride;
    private final Padding padding;
    private final ElementwiseActivation activation;
    private final Initializer weightInit;
    private final ConvGeometry geometry;
    private final ConvolutionReference reference;

    private DataType type;
    private Convolution conv;
    private WeightAndBias wb;
    private List<Parameter> parameters = List.of();
    /** Z of the training passes, if f' needs it ({@link Activation#needsInput()}: GELU, SiLU), as in Dense. */
    private final PreActivations pre;

    /** Stride 1, no padding, no activation. */
    public Conv2D(ImageShape input, int filters, int kernel) {
        this(input, filters, kernel, 1, Padding.VALID, Activation.identity());
    }

    /** Xavier-uniform weights with fan-in C·k·k and fan-out F·k·k (Keras's default), zero bias. */
    public Conv2D(ImageShape input, int filters, int kernel, int stride, Padding padding, Activation activation) {
        this(input, filters, kernel, stride, padding, activation, Initializer.xavierUniform());
    }

    /**
     * @param input      the shape of one input image
     * @param filters    output channels F
     * @param kernel     the side k of the square filters
     * @param stride     the step s between positions, in both directions
     * @param activation an elementwise activation (softmax belongs in a dense head)
     */
    public Conv2D(
            ImageShape input,
            int filters,
            int kernel,
            int stride,
            Padding padding,
            Activation activation,
            Initializer weightInit) {
        this.input = Require.notNull(input, "input");
        this.filters = Require.positive(filters, "filters");
        this.kernel = Require.positive(kernel, "kernel");
        this.stride = Require.positive(stride, "stride");
        this.padding = Require.notNull(padding, "padding");
        if (!(Require.notNull(activation, "activation") instanceof ElementwiseActivation elementwise)) {
            throw new IllegalArgumentException("Conv2D takes an elementwise activation, got " + activation.name()
                    + "; put softmax on a Dense layer after the convolutions");
        }
        this.activation = elementwise;
        this.weightInit = Require.notNull(weightInit, "weightInit");
        int oh = padding.outputLength(input.height(), kernel, stride);
        int ow = padding.outputLength(input.width(), kernel, stride);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException("Conv2D: a " + kernel + "x" + kernel + " kernel does not fit a " + input
                    + " input with " + padding + " padding; use a smaller kernel or Padding.SAME");
        }
        this.output = new ImageShape(filters, oh, ow);
        this.pre = new PreActivations(output.size());
        this.geometry = new ConvGeometry(
                input.channels(),
                input.height(),
                input.width(),
                filters,
                kernel,
                stride,
                padding.before(input.height(), kernel, stride),
                padding.before(input.width(), kernel, stride),
                oh,
                ow);
        this.reference = new ConvolutionReference(geometry);
        if ((long) filters * input.channels() * kernel * kernel > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Conv2D: " + filters + " filters of " + input.channels() + "x" + kernel
                    + "x" + kernel + " are too many weights for one array");
        }
    }

    @Override
    public String name() {
        return "Conv2D(" + input + "→" + output + ", " + kernel + "x" + kernel
                + (stride == 1 ? "" : " stride " + stride) + (padding == Padding.SAME ? " same" : "")
                + (activation == Activation.identity() ? "" : ", " + activation.name()) + ")";
    }

    public ImageShape input() {
        return input;
    }

    public ImageShape output() {
        return output;
    }

    public Activation activation() {
        return activation;
    }

    /** The side k of the square filters. */
    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    public Padding padding() {
        return padding;
    }

    /**
     * The zeros added on each side, {@code [top, left, bottom, right]} (all 0 for VALID), as ONNX's
     * {@code pads} attribute lists them.
     */
    public int[] pads() {
        int top = padding.before(input.height(), kernel, stride);
        int left = padding.before(input.width(), kernel, stride);
        int bottom = padding == Padding.SAME
                ? Math.max((output.height() - 1) * stride + kernel - input.height(), 0) - top
                : 0;
        int right = padding == Padding.SAME
                ? Math.max((output.width() - 1) * stride + kernel - input.width(), 0) - left
                : 0;
        return new int[] {top, left, bottom, right};
    }

    @Override
    public int inputSize() {
        return input.size();
    }

    @Override
    public int outputSize() {
        return output.size();
    }

    @Override
    public int[] inputShape() {
        return input.toArray();
    }

    @Override
    public int[] outputShape() {
        return output.toArray();
    }

    /** The filters W, F x (C·k·k), live. */
    public INDArray weight() {
        requireBuilt();
        return wb.weight().array();
    }

    /** The bias b (1 x F), live. */
    public INDArray bias() {
        requireBuilt();
        return wb.bias().array();
    }

    @Override
    public void requireRepresentable(DataType type, String where) {
        weightInit.requireRepresentable(type, where + " weightInit");
        activation.requireRepresentable(type, where);
    }

    @Override
    public void build(DataType type, Random rng) {
        requireUnbuilt();
        Require.floatOrDouble(type, "type");
        requireRepresentable(type, name());
        this.type = type;
        int patch = input.channels() * kernel * kernel;
        wb = WeightAndBias.allocate(type, filters, patch);
        weightInit.fill(wb.weight().array(), patch, filters * kernel * kernel, rng);
        conv = new Convolution(type, geometry); // the path Convolution.plan picks for this type and shape
        parameters = wb.parameters();
    }

    /** The convolution's shape, padding and stride. */
    ConvGeometry geometry() {
        return geometry;
    }

    /** The plain-loop definition of this layer's convolution. */
    ConvolutionReference reference() {
        return reference;
    }

    @Override
    public boolean isBuilt() {
        return wb != null;
    }

    @Override
    public DataType dataType() {
        return type;
    }

    /** {@code F·C·k·k} weights and F biases. */
    @Override
    public long parameterCount() {
        return (long) filters * input.channels() * kernel * kernel + filters;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    /** Whether the kernel applies this layer's ReLU in its own passes (float32, stride 1). */
    private boolean fusedRelu() {
        return activation == Activation.relu() && conv.fusesRelu();
    }

    @Override
    public void forward(INDArray x, INDArray a, boolean training) {
        if (training && activation.needsInput()) { // Z kept for backward, then A = f(Z)
            pre.forward(activation, x, a, (v, z) -> conv.forward(v, wb.weight(), wb.bias(), z, true, false));
            return;
        }
        boolean fused = fusedRelu();
        conv.forward(
                Matrix.of(x, "x"),
                wb.weight(),
                wb.bias(),
                Matrix.of(a, "a"),
                training,
                fused); // Z = W cols + b 1ᵀ per example (and A = max(Z, 0) if fused)
        if (!fused) {
            activation.forward(a, a); // A = f(Z), in place
        }
    }

    /** {@code gradA} holds dJ/dA on entry; it may be overwritten with dJ/dZ. */
    @Override
    public void backward(INDArray x, INDArray a, INDArray gradA, INDArray gradX) {
        boolean fused = fusedRelu();
        if (activation.needsInput()) { // dJ/dZ = dJ/dA ⊙ f'(Z) at the kept Z, or at Z again (kept columns go too)
            pre.backward(activation, x, a, gradA, (v, z) -> conv.forward(v, wb.weight(), wb.bias(), z, false, false));
        } else if (!fused) {
            activation.backward(a, gradA); // dJ/dZ = dJ/dA ⊙ f'(Z)
        }
        conv.backward(
                Matrix.of(x, "x"),
                Matrix.of(gradA, "gradA"),
                wb.weight(),
                wb.weightGrad(),
                wb.biasGrad(),
                gradX == null ? null : Matrix.of(gradX, "gradX"),
                fused ? Matrix.of(a, "a") : null); // if fused, dJ/dZ = dJ/dA ⊙ [A > 0] in the kernel
    }

    /**
     * Whether this layer and {@code next} can run as one pass ({@link #forwardPooled}, {@link
     * #backwardPooled}): this layer is built, has a ReLU and takes the kernel's float32 stride-1 path,
     * and next is a {@link MaxPool2D} with 2x2 windows at stride 2 over this layer's output. A network
     * trains such a pair this way; the two layers stay what they are for everything else.
     */
    public boolean fusesWith(Layer next) {
        return isBuilt()
                && fusedRelu()
                && conv.fusesReluAndPool()
                && next instanceof MaxPool2D pool
                && pool.pool() == 2
                && pool.stride() == 2
                && pool.input().equals(output);
    }

    /**
     * This layer then the max pooling {@code next} of {@link #fusesWith}, in one pass: {@code P =
     * maxpool(max(Z, 0))}, written into pooled (batch x next's output size) exactly as the two
     * layers' own forward passes compute it; this layer's own output A is not written. A training
     * pass keeps each window's argmax for {@link #backwardPooled}.
     */
    public void forwardPooled(INDArray x, INDArray pooled, boolean training) {
        conv.forwardPooled(Matrix.of(x, "x"), wb.weight(), wb.bias(), Matrix.of(pooled, "pooled"), training);
    }

    /**
     * The backward pass of {@link #forwardPooled} for the x and pooled of the last training pass:
     * {@code dJ/dZ = route(dJ/dP) ⊙ [P > 0]} (the pooling's Jacobian, each gradient to its window's
     * first maximum, then the ReLU's), then this layer's parameter gradients and, if gradX is not
     * null, dJ/dx, as {@link #backward} computes them.
     */
    public void backwardPooled(INDArray x, INDArray pooled, INDArray gradPooled, INDArray gradX) {
        conv.backwardPooled(
                Matrix.of(x, "x"),
                Matrix.of(gradPooled, "gradPooled"),
                Matrix.of(pooled, "pooled"),
                wb.weight(),
                wb.weightGrad(),
                wb.biasGrad(),
                gradX == null ? null : Matrix.of(gradX, "gradX"));
    }

    /**
     * The kind the model file writes:
     * {@code conv2d (channels, height, width, filters, kernel, stride, padding, activation)}, the padding
     * by its {@link Padding#code() code}. It is rebuilt with zero weights; the saved values are loaded
     * after.
     */
    public static final Kind<Conv2D> KIND = Kind.of(
            "conv2d",
            s -> new Conv2D(
                    new ImageShape(s.intValue("channels"), s.intValue("height"), s.intValue("width")),
                    s.intValue("filters"),
                    s.intValue("kernel"),
                    s.intValue("stride"),
                    Padding.ofCode(s.intValue("padding")),
                    Activation.fromSpec(s.spec("activation")),
                    Initializer.zeros()),
            Field.integer("channels"),
            Field.integer("height"),
            Field.integer("width"),
            Field.integer("filters"),
            Field.integer("kernel"),
            Field.integer("stride"),
            Field.integer("padding"),
            Field.activation("activation"));

    @Override
    public Spec spec() {
        return KIND.spec(
                input.channels(),
                input.height(),
                input.width(),
                filters,
                kernel,
                stride,
                padding.code(),
                activation.spec());
    }

    /** {@code d a / d x = diag(f'(z)) M}, with M the convolution's linear map ((F·Ho·Wo) x (C·H·W)). */
    @Override
    public INDArray jacobian(INDArray x) {
        Matrix row = Matrix.of(checkedExample(x), "x");
        Matrix z = Matrix.allocate(type, 1, outputSize());
        conv.forward(row, wb.weight(), wb.bias(), z, false, false); // z = M x + b
        double[] w = new double[wb.weight().size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = wb.weight().get(i);
        }
        Matrix m = Matrix.fromRows(reference.linearMap(w), type);
        for (int o = 0; o < m.rows(); o++) {
            double slope = activation.derivative(z.get(o));
            for (int i = 0; i < m.cols(); i++) {
                m.set(o, i, slope * m.get(o, i));
            }
        }
        return m.array();
    }
}
