package org.nnj.layers;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Require;
import org.nnj.Spec;
import org.nnj.init.Initializer;
import org.nnj.kernels.Embeddings;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.Rows;

/**
 * Learned positions, as GPT's: a table P ({@code time x dimension}) added to a sequence of the same
 * shape, {@code out = x + P} (step t gets {@code P[t]}, time-major rows as {@link SequenceShape}).
 *
 * <p><b>Backward.</b> {@code d out/dx = I}, so {@code dJ/dx = dJ/dout}; {@code ∂out[n, i]/∂P[i] = 1},
 * so {@code dJ/dP = Σ_rows dJ/dout} (the sum over the batch).
 */
public final class PositionalEmbedding extends BaseLayer {
    private final int time;
    private final int dimension;
    private final Initializer init;

    private DataType type;
    private Matrix table;
    private Matrix tableGrad;
    private List<Parameter> parameters = List.of();

    /** P drawn from N(0, 0.02²), GPT-2's initialization. */
    public PositionalEmbedding(int time, int dimension) {
        this(time, dimension, Initializer.normal(0.02));
    }

    public PositionalEmbedding(int time, int dimension, Initializer init) {
        this.time = Require.positive(time, "time");
        this.dimension = Require.positive(dimension, "dimension");
        new SequenceShape(time, dimension); // refuses a row too large
        this.init = Require.notNull(init, "init");
    }

    @Override
    public String name() {
        return "PositionalEmbedding(" + time + "x" + dimension + ")";
    }

    @Override
    public int inputSize() {
        return time * dimension;
    }

    @Override
    public int outputSize() {
        return time * dimension;
    }

    @Override
    public int[] inputShape() {
        return new int[] {time, dimension};
    }

    @Override
    public int[] outputShape() {
        return inputShape();
    }

    /** P (time x dimension), live. */
    public INDArray table() {
        requireBuilt();
        return table.array();
    }

    /** dJ/dP from the last backward pass. */
    public INDArray tableGradient() {
        requireBuilt();
        return tableGrad.array();
    }

    @Override
    public void requireRepresentable(DataType type, String where) {
        init.requireRepresentable(type, where + " init");
    }

    @Override
    public void build(DataType type, Random rng) {
        requireUnbuilt();
        Require.floatOrDouble(type, "type");
        requireRepresentable(type, name());
        table = Matrix.allocate(type, time, dimension);
        tableGrad = Matrix.allocate(type, time, dimension);
        init.fill(table.array(), dimension, dimension, rng);
        parameters = List.of(new Parameter("table", table.array(), tableGrad.array()));
        this.type = type;
    }

    @Override
    public boolean isBuilt() {
        return type != null;
    }

    @Override
    public DataType dataType() {
        return type;
    }

    @Override
    public long parameterCount() {
        return (long) time * dimension;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    /** {@code out = x + P} in every row. */
    @Override
    public void forward(INDArray x, INDArray out, boolean training) {
        Embeddings.addToEveryRow(Matrix.of(x, "x"), table, Matrix.of(out, "out"));
    }

    /** {@code dJ/dP = Σ_rows dJ/dout}; {@code dJ/dx = dJ/dout}. */
    @Override
    public void backward(INDArray x, INDArray out, INDArray gradOut, INDArray gradIn) {
        Matrix g = Matrix.of(gradOut, "gradOut");
        Rows.columnSums(g, tableGrad); // tableGrad's time x dimension elements are the 1 x (time*dimension) sum
        if (gradIn != null && gradIn != gradOut) {
            Matrix.of(gradIn, "gradIn").copyFrom(g);
        }
    }

    /** {@code d out/dx = I}. */
    @Override
    public INDArray jacobian(INDArray x) {
        checkedExample(x);
        Matrix j = Matrix.allocate(type, outputSize(), inputSize());
        Rows.identity(j);
        return j.array();
    }

    /** The kind the model file writes: {@code positional_embedding (time, dimension)}. */
    public static final Kind<PositionalEmbedding> KIND = Kind.of(
            "positional_embedding",
            s -> new PositionalEmbedding(s.intValue("time"), s.intValue("dimension"), Initializer.zeros()),
            Field.integer("time"),
            Field.integer("dimension"));

    @Override
    public Spec spec() {
        return KIND.spec(time, dimension);
    }

    /** The reference forward pass: {@code out[n][i] = x[n][i] + p[i]} (p flattened time-major). */
    static double[][] reference(double[][] x, double[] p) {
        double[][] out = new double[x.length][p.length];
        for (int n = 0; n < x.length; n++) {
            for (int i = 0; i < p.length; i++) {
                out[n][i] = x[n][i] + p[i];
            }
        }
        return out;
    }

    /** The reference table gradient: {@code g[i] = Σ_n gradOut[n][i]}. */
    static double[] referenceGradient(double[][] gradOut) {
        double[] g = new double[gradOut[0].length];
        for (double[] row : gradOut) {
            for (int i = 0; i < g.length; i++) {
                g[i] += row[i];
            }
        }
        return g;
    }
}
