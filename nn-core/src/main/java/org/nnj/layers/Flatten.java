package org.nnj.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Require;
import org.nnj.Spec;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.Rows;

/**
 * Marks the end of the image layers: an image C x H x W becomes a vector of C·H·W values, in the same
 * (channel-major) order. Rows already hold images in that order, so this is the identity on the
 * numbers, {@code out = x}, and its Jacobian is I; what it changes is the shape the network builder
 * checks, as Keras's and PyTorch's {@code Flatten} does before a dense head.
 */
public final class Flatten extends ParameterFreeLayer {
    private final ImageShape input;

    public Flatten(ImageShape input) {
        super(Require.notNull(input, "input").size());
        this.input = input;
    }

    @Override
    public String name() {
        return "Flatten(" + input + "→" + size + ")";
    }

    @Override
    public int[] inputShape() {
        return new int[] {input.channels(), input.height(), input.width()};
    }

    @Override
    public void forward(INDArray x, INDArray out, boolean training) {
        if (out != x) {
            Matrix.of(out, "out").copyFrom(Matrix.of(x, "x")); // out = x
        }
    }

    /** The Jacobian is I, so {@code dJ/dx = dJ/d(out)}. */
    @Override
    public void backward(INDArray x, INDArray out, INDArray gradOut, INDArray gradIn) {
        if (gradIn != null) {
            Matrix.of(gradIn, "gradIn").copyFrom(Matrix.of(gradOut, "gradOut"));
        }
    }

    @Override
    public INDArray jacobian(INDArray x) {
        checkedExample(x);
        Matrix j = Matrix.allocate(dataType(), size, size);
        Rows.identity(j);
        return j.array();
    }

    /** Its backward pass reads only its arguments, so it may be applied at several nodes of a graph. */
    @Override
    public boolean sharable() {
        return true;
    }

    /** The kind the model file writes: {@code flatten (channels, height, width)}. */
    public static final Kind<Flatten> KIND = Kind.of(
            "flatten",
            s -> new Flatten(new ImageShape(s.intValue("channels"), s.intValue("height"), s.intValue("width"))),
            Field.integer("channels"),
            Field.integer("height"),
            Field.integer("width"));

    @Override
    public Spec spec() {
        return KIND.spec(input.channels(), input.height(), input.width());
    }
}
