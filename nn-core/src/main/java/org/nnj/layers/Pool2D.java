package org.nnj.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Require;
import org.nnj.Spec;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.Pooling;

/**
 * Pooling over {@code pool x pool} windows {@code stride} apart in each channel of an image (no
 * parameters; windows that would hang over the edge are dropped). The kernel and the Jacobians are in
 * {@link MaxPool2D} and {@link AvgPool2D}.
 */
abstract class Pool2D extends ParameterFreeLayer {
    private final ImageShape input;
    private final ImageShape output;
    private final int pool;
    private final int stride;
    private final Pooling kernel;

    Pool2D(ImageShape input, int pool, int stride, boolean max) {
        super(Require.notNull(input, "input").size());
        this.input = input;
        this.pool = Require.positive(pool, "pool");
        this.stride = Require.positive(stride, "stride");
        if (pool > input.height() || pool > input.width()) {
            throw new IllegalArgumentException(
                    kind() + ": a " + pool + "x" + pool + " window does not fit a " + input + " input");
        }
        this.output = new ImageShape(
                input.channels(), (input.height() - pool) / stride + 1, (input.width() - pool) / stride + 1);
        this.kernel = new Pooling(max, input.channels(), input.height(), input.width(), pool, stride);
    }

    abstract String kind();

    public ImageShape input() {
        return input;
    }

    public ImageShape output() {
        return output;
    }

    /** The side of the square windows. */
    public int pool() {
        return pool;
    }

    public int stride() {
        return stride;
    }

    @Override
    public String name() {
        return kind() + "(" + input + "→" + output + ", " + pool + "x" + pool
                + (stride == pool ? "" : " stride " + stride) + ")";
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

    @Override
    public void forward(INDArray x, INDArray out, boolean training) {
        kernel.forward(Matrix.of(x, "x"), Matrix.of(out, "out"));
    }

    @Override
    public void backward(INDArray x, INDArray out, INDArray gradOut, INDArray gradIn) {
        if (gradIn != null) {
            kernel.backward(Matrix.of(x, "x"), Matrix.of(gradOut, "gradOut"), Matrix.of(gradIn, "gradIn"));
        }
    }

    @Override
    public INDArray jacobian(INDArray x) {
        return kernel.jacobian(Matrix.of(checkedExample(x), "x")).array();
    }

    /** Builds a pooling layer of one type from its input shape, window and stride. */
    interface Factory<P extends Pool2D> {
        P create(ImageShape input, int pool, int stride);
    }

    /**
     * The kind {@code name (channels, height, width, pool, stride)}, as both pooling layers are written,
     * built by {@code factory}.
     */
    static <P extends Pool2D> Kind<P> poolKind(String name, Factory<P> factory) {
        return Kind.of(
                name,
                s -> factory.create(
                        new ImageShape(s.intValue("channels"), s.intValue("height"), s.intValue("width")),
                        s.intValue("pool"),
                        s.intValue("stride")),
                Field.integer("channels"),
                Field.integer("height"),
                Field.integer("width"),
                Field.integer("pool"),
                Field.integer("stride"));
    }

    /** This layer's spec as {@code kind} (its class's {@code KIND}) writes it. */
    final Spec spec(Kind<?> kind) {
        return kind.spec(input.channels(), input.height(), input.width(), pool, stride);
    }
}
