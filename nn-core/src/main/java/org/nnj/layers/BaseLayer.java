package org.nnj.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.Reductions;

/**
 * Shape checking and the {@code INDArray} convenience methods shared by the layers: call
 * {@link #forward(INDArray)} then {@link #backward(INDArray)} to see one layer's backpropagation on
 * its own, as in the tutorials. These allocate their results; networks use the engine methods.
 */
public abstract class BaseLayer implements Layer {
    private Matrix lastInput;
    private Matrix lastOutput;

    /** Forward pass on a checked input (inference mode); keeps x and the output for {@link #backward(INDArray)}. */
    public INDArray forward(INDArray x) {
        Matrix in = Matrix.of(checkedInput(x, "x"), "x");
        Matrix out = Matrix.allocate(dataType(), in.rows(), outputSize());
        forward(in.array(), out.array(), false);
        lastInput = in.copy();
        lastOutput = out;
        return out.copy().array();
    }

    /**
     * Backward pass for the last {@link #forward(INDArray)}: given {@code dJ/d(out)} returns
     * {@code dJ/dx} and fills the parameter gradients.
     */
    public INDArray backward(INDArray gradOutput) {
        if (lastInput == null) {
            throw new IllegalStateException(name() + ": call forward(x) before backward(gradOutput)");
        }
        Matrix g = Matrix.of(gradOutput, "gradOutput");
        if (g.rows() != lastOutput.rows() || g.cols() != lastOutput.cols() || g.type() != dataType()) {
            throw new IllegalArgumentException(name() + ": gradOutput must have the output's shape "
                    + lastOutput.describe() + ", got " + g.describe());
        }
        Reductions.requireFinite(g, "gradOutput");
        Matrix scratch = g.copy();
        Matrix gradIn = Matrix.allocate(dataType(), lastInput.rows(), inputSize());
        backward(lastInput.array(), lastOutput.array(), scratch.array(), gradIn.array());
        return gradIn.array();
    }

    /**
     * Checks that {@code x} is a finite batch of this layer's input width and type and returns it as
     * a matrix.
     */
    protected INDArray checkedInput(INDArray x, String argName) {
        requireBuilt();
        Matrix m = Matrix.of(x, argName);
        if (m.cols() != inputSize()) {
            throw new IllegalArgumentException(name() + " expects " + argName + " of shape [batch, " + inputSize()
                    + "], got " + Arrays.toString(x.shape()));
        }
        if (m.type() != dataType()) {
            throw new IllegalArgumentException(name() + " holds " + dataType() + " parameters but " + argName + " is "
                    + m.type() + "; convert it with castTo(" + dataType() + ")");
        }
        Reductions.requireFinite(m, argName);
        return x;
    }

    /** A single example for {@link #jacobian}. */
    protected INDArray checkedExample(INDArray x) {
        Matrix m = Matrix.of(checkedInput(x, "x"), "x");
        if (m.rows() != 1) {
            throw new IllegalArgumentException(name() + ": the Jacobian is for one example, x must be 1 x "
                    + inputSize() + ", got " + m.describe());
        }
        return x;
    }

    /** Refuses a second build: a layer belongs to one network. */
    protected void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException(name() + " is already built (a layer belongs to one network)");
        }
    }

    protected void requireBuilt() {
        if (!isBuilt()) {
            throw new IllegalStateException(name() + " has no parameters yet: add it to a Network (which builds it) "
                    + "or call build(type, rng)");
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
