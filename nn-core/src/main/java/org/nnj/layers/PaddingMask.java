package org.nnj.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Spec;
import org.nnj.kernels.Embeddings;
import org.nnj.kernels.Matrix;

/**
 * The padding mask of a row of {@code time} token ids: {@code mask_t = 1} where {@code id_t !=
 * paddingId} (a real step) and 0 at padding, the mask input of masked sequence layers
 * ({@link MultiInputLayer}, {@link SequenceShape}); no parameters. The mask is piecewise constant in
 * the ids, so {@code d mask/d x = 0} and the input gradient is zeros. Ids are compared exactly; any
 * value other than {@code paddingId} is a real step.
 */
public final class PaddingMask extends ParameterFreeLayer {
    private final int paddingId;

    public PaddingMask(int time, int paddingId) {
        super(time);
        this.paddingId = paddingId;
    }

    public int time() {
        return size;
    }

    public int paddingId() {
        return paddingId;
    }

    @Override
    public String name() {
        return "PaddingMask(time " + size + ", padding " + paddingId + ")";
    }

    /** {@code mask_t = [x_t != paddingId]}. */
    @Override
    public void forward(INDArray x, INDArray out, boolean training) {
        Embeddings.paddingMask(Matrix.of(x, "x"), paddingId, Matrix.of(out, "out"));
    }

    /** {@code dJ/dx = 0}. */
    @Override
    public void backward(INDArray x, INDArray out, INDArray gradOut, INDArray gradIn) {
        if (gradIn != null) {
            Matrix.of(gradIn, "gradIn").fill(0);
        }
    }

    /** {@code d mask/dx = 0} (time x time). */
    @Override
    public INDArray jacobian(INDArray x) {
        checkedExample(x);
        return Matrix.allocate(dataType(), size, size).array();
    }

    /** The kind the model file writes: {@code padding_mask (time, padding_id)}, the id as a float64 (it may be 0 or negative). */
    public static final Kind<PaddingMask> KIND = Kind.of(
            "padding_mask",
            s -> new PaddingMask(s.intValue("time"), (int) s.doubleValue("padding_id")),
            Field.integer("time"),
            Field.real("padding_id"));

    @Override
    public Spec spec() {
        return KIND.spec(size, (double) paddingId);
    }

    /** The reference: {@code mask[n][t] = ids[n][t] != paddingId ? 1 : 0}. */
    static double[][] reference(double[][] ids, int paddingId) {
        double[][] m = new double[ids.length][ids[0].length];
        for (int n = 0; n < ids.length; n++) {
            for (int t = 0; t < ids[n].length; t++) {
                m[n][t] = ids[n][t] != paddingId ? 1 : 0;
            }
        }
        return m;
    }
}
