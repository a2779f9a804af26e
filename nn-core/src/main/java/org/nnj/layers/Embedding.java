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

/**
 * A table of learned vectors looked up by token id (Keras's and PyTorch's {@code Embedding}): the input
 * is a row of {@code time} token ids held as float values (exact integers below 2^24 in float32), the
 * output the {@code time x dimension} sequence of their rows of the weight matrix E (vocabulary x
 * dimension), time-major ({@link SequenceShape}): {@code out[t*d + j] = E[id_t, j]}, or 0 at a step
 * whose id is the padding id.
 *
 * <p><b>Backward.</b> The output is linear in E: {@code ∂out[t, j]/∂E[v, j] = [id_t = v != padding]},
 * so {@code dJ/dE[v] = Σ_{rows n} Σ_{t: id_{n,t} = v} dJ/dout[n, t]}: each step's gradient is added
 * to its id's row (a scatter-add), rows of ids that do not occur (and the padding row) get 0. The ids are not differentiable
 * (the output is piecewise constant in them): {@code d out/dx = 0}, and the input gradient is zeros.
 *
 * <p><b>Padding.</b> {@link #withPaddingId} names an id (PyTorch's {@code padding_idx}) whose row is
 * zeros at build and gets no gradient, so it stays zeros while the rest trains; its steps output
 * zeros (what PyTorch's zero row gives) whatever is written into that row, so that the output does
 * not depend on the row that gets no gradient, and the gradient is exact.
 *
 * <p><b>Ids are checked</b> in every forward pass (one comparison per id): one that is not an integer
 * in {@code [0, vocabulary)} is refused with an {@link IllegalArgumentException} naming the layer, the
 * row, the step and the value, before anything is written. So the finite-difference
 * {@code GradientCheck} of a network cannot perturb the ids; check such a network's parameters only.
 */
public final class Embedding extends BaseLayer {
    private final int vocabulary;
    private final int dimension;
    private final int time;
    private final int paddingId; // -1: none
    private final Initializer init;

    private DataType type;
    private Matrix weight;
    private Matrix weightGrad;
    private List<Parameter> parameters = List.of();

    /** Rows drawn from N(0, 1), as PyTorch's {@code nn.Embedding}; no padding id. */
    public Embedding(int vocabulary, int dimension, int time) {
        this(vocabulary, dimension, time, Initializer.normal(1));
    }

    public Embedding(int vocabulary, int dimension, int time, Initializer init) {
        this(vocabulary, dimension, time, init, -1);
    }

    private Embedding(int vocabulary, int dimension, int time, Initializer init, int paddingId) {
        this.vocabulary = Require.positive(vocabulary, "vocabulary");
        this.dimension = Require.positive(dimension, "dimension");
        this.time = Require.positive(time, "time");
        new SequenceShape(time, dimension); // refuses an output row too large
        this.init = Require.notNull(init, "init");
        if (paddingId < -1 || paddingId >= vocabulary) {
            throw new IllegalArgumentException("the padding id is " + paddingId + " but ids are in [0, " + vocabulary
                    + ") for a vocabulary of " + vocabulary);
        }
        this.paddingId = paddingId;
    }

    /**
     * A new, unbuilt layer like this one whose row {@code id} (in {@code [0, vocabulary)}) is zeros and
     * gets no gradient: the padding token's.
     */
    public Embedding withPaddingId(int id) {
        if (id < 0 || id >= vocabulary) {
            throw new IllegalArgumentException(
                    "withPaddingId(" + id + "): the padding id must be a token id in [0, " + vocabulary + ")");
        }
        return new Embedding(vocabulary, dimension, time, init, id);
    }

    @Override
    public String name() {
        return "Embedding(" + vocabulary + "x" + dimension + ", time " + time
                + (paddingId >= 0 ? ", padding " + paddingId : "") + ")";
    }

    public int vocabulary() {
        return vocabulary;
    }

    public int dimension() {
        return dimension;
    }

    public int time() {
        return time;
    }

    /** The padding id, or -1 if there is none. */
    public int paddingId() {
        return paddingId;
    }

    @Override
    public int inputSize() {
        return time;
    }

    @Override
    public int outputSize() {
        return time * dimension;
    }

    @Override
    public int[] outputShape() {
        return new int[] {time, dimension};
    }

    /** The table E (vocabulary x dimension), live. */
    public INDArray weight() {
        requireBuilt();
        return weight.array();
    }

    /** dJ/dE from the last backward pass. */
    public INDArray weightGradient() {
        requireBuilt();
        return weightGrad.array();
    }

    @Override
    public void requireRepresentable(DataType type, String where) {
        init.requireRepresentable(type, where + " init");
        org.nnj.kernels.Memory.requireAddressable(type, vocabulary, dimension);
    }

    @Override
    public void build(DataType type, Random rng) {
        requireUnbuilt();
        Require.floatOrDouble(type, "type");
        requireRepresentable(type, name());
        weight = Matrix.allocate(type, vocabulary, dimension);
        weightGrad = Matrix.allocate(type, vocabulary, dimension);
        init.fill(weight.array(), vocabulary, dimension, rng);
        if (paddingId >= 0) {
            for (int j = 0; j < dimension; j++) {
                weight.set(paddingId, j, 0);
            }
        }
        parameters = List.of(new Parameter("weight", weight.array(), weightGrad.array()));
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
        return (long) vocabulary * dimension;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * Refuses ids that are not integers in {@code [0, vocabulary)}, naming the layer, row, step and value.
     *
     * @throws IllegalArgumentException for the first bad id
     */
    public void checkIds(INDArray x, String argName) {
        Matrix ids = Matrix.of(x, argName);
        int bad = Embeddings.firstInvalid(ids, vocabulary);
        if (bad >= 0) {
            throw new IllegalArgumentException(name() + ": " + argName + " row " + bad / ids.cols() + ", step "
                    + bad % ids.cols() + " holds " + ids.get(bad) + ", not a token id: ids are integers in [0, "
                    + vocabulary + ") (fix the tokenizer's output, or make the vocabulary larger)");
        }
    }

    /** {@code out[t*d + j] = E[id_t, j]} (0 for the padding id), after {@link #checkIds}. */
    @Override
    public void forward(INDArray x, INDArray out, boolean training) {
        checkIds(x, "x");
        Embeddings.gather(weight, Matrix.of(x, "x"), Matrix.of(out, "out"), paddingId);
    }

    /** {@code dJ/dE[v] = Σ_{steps with id v} dJ/dout[step]} (none for the padding id); {@code dJ/dx = 0}. */
    @Override
    public void backward(INDArray x, INDArray out, INDArray gradOut, INDArray gradIn) {
        Embeddings.scatterAdd(Matrix.of(x, "x"), Matrix.of(gradOut, "gradOut"), weightGrad, paddingId);
        if (gradIn != null) {
            Matrix.of(gradIn, "gradIn").fill(0);
        }
    }

    /** {@code d out/dx = 0} ((time·dimension) x time): the output does not change with small id changes. */
    @Override
    public INDArray jacobian(INDArray x) {
        checkIds(checkedExample(x), "x");
        return Matrix.allocate(type, outputSize(), time).array();
    }

    /**
     * The kind the model file writes: {@code embedding (vocabulary, dimension, time, padding_id)}, the
     * padding id as a float64 (-1: none; the file's integers are sizes, from 1).
     */
    public static final Kind<Embedding> KIND = Kind.of(
            "embedding",
            s -> new Embedding(
                    s.intValue("vocabulary"), s.intValue("dimension"), s.intValue("time"), Initializer.zeros(), (int)
                            s.doubleValue("padding_id")),
            Field.integer("vocabulary"),
            Field.integer("dimension"),
            Field.integer("time"),
            Field.real("padding_id"));

    @Override
    public Spec spec() {
        return KIND.spec(vocabulary, dimension, time, (double) paddingId);
    }

    /** The reference forward pass: {@code out[n][t*d + j] = table[ids[n][t]][j]}, 0 for the padding id. */
    static double[][] reference(double[][] table, double[][] ids, int paddingId) {
        int d = table[0].length;
        double[][] out = new double[ids.length][ids[0].length * d];
        for (int n = 0; n < ids.length; n++) {
            for (int t = 0; t < ids[n].length; t++) {
                for (int j = 0; j < d; j++) {
                    out[n][t * d + j] = ids[n][t] == paddingId ? 0 : table[(int) ids[n][t]][j];
                }
            }
        }
        return out;
    }

    /** The reference table gradient: {@code g[v][j] = Σ_{n, t: ids[n][t] = v != padding} gradOut[n][t*d + j]}. */
    static double[][] referenceGradient(int vocabulary, int paddingId, double[][] ids, double[][] gradOut) {
        int d = gradOut[0].length / ids[0].length;
        double[][] g = new double[vocabulary][d];
        for (int n = 0; n < ids.length; n++) {
            for (int t = 0; t < ids[n].length; t++) {
                int v = (int) ids[n][t];
                if (v == paddingId) {
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    g[v][j] += gradOut[n][t * d + j];
                }
            }
        }
        return g;
    }
}
