package org.nnj.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Kernels;
import org.nnj.kernels.Matrix;

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
        Matrix in = checkedInput(x, "x");
        Matrix out = Matrix.allocate(dataType(), in.rows(), outputSize());
        forward(in, out, false);
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
        requireFinite(g, "gradOutput");
        Matrix scratch = g.copy();
        Matrix gradIn = Matrix.allocate(dataType(), lastInput.rows(), inputSize());
        backward(lastInput, lastOutput, scratch, gradIn);
        return gradIn.array();
    }

    /**
     * Checks that {@code x} is a finite batch of this layer's input width and type and returns it as
     * a matrix.
     */
    protected Matrix checkedInput(INDArray x, String argName) {
        requireBuilt();
        Matrix m = Matrix.of(x, argName);
        if (m.cols() != inputSize()) {
            throw new IllegalArgumentException(name() + " expects " + argName + " of shape [batch, " + inputSize()
                    + "], got " + Arrays.toString(x.shape()));
        }
        if (m.type() != dataType()) {
            throw new IllegalArgumentException(name() + " holds " + dataType() + " parameters but " + argName
                    + " is " + m.type() + "; convert it with castTo(" + dataType() + ")");
        }
        requireFinite(m, argName);
        return m;
    }

    /** A single example for {@link #jacobian}. */
    protected Matrix checkedExample(INDArray x) {
        Matrix m = checkedInput(x, "x");
        if (m.rows() != 1) {
            throw new IllegalArgumentException(name() + ": the Jacobian is for one example, x must be 1 x "
                    + inputSize() + ", got " + m.describe());
        }
        return m;
    }

    protected void requireBuilt() {
        if (!isBuilt()) {
            throw new IllegalStateException(name() + " has no parameters yet: add it to a Network (which builds it) "
                    + "or call build(type, rng)");
        }
    }

    static void requireFinite(Matrix m, String argName) {
        int bad = Kernels.firstNonFinite(m);
        if (bad >= 0) {
            throw new IllegalArgumentException(argName + " contains " + m.get(bad) + " at row " + bad / m.cols()
                    + ", column " + bad % m.cols());
        }
    }

    static void requirePositive(int size, String argName) {
        if (size <= 0) {
            throw new IllegalArgumentException(argName + " must be > 0, got " + size);
        }
    }

    static DataType requireType(DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("type must be FLOAT or DOUBLE, got " + type);
        }
        return type;
    }

    @Override
    public String toString() {
        return name();
    }
}
