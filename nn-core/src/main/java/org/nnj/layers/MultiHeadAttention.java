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
import org.nnj.kernels.Attention;
import org.nnj.kernels.Matrix;

/**
 * Multi-head self-attention over a sequence (Vaswani et al., 2017; PyTorch's
 * {@code nn.MultiheadAttention(dModel, heads, batch_first=True)} called as {@code mha(x, x, x)}, with
 * its in- and out-projections and their biases). The input is {@code [time, dModel]} (time-major
 * rows, {@link SequenceShape}) and so is the output.
 *
 * <p><b>Forward</b>, per example X (time x d, d = dModel, d_h = d / heads):
 * <pre>
 *   Q = X W_qᵀ + b_q,  K = X W_kᵀ + b_k,  V = X W_vᵀ + b_v     (W_in = [W_q; W_k; W_v], 3d x d)
 *   per head h (columns h·d_h .. (h+1)·d_h - 1 of Q, K, V):
 *     S_h = Q_h K_hᵀ / √d_h                    (time x time)
 *     P_h = softmax of each row of S_h over the keys the query sees
 *     O_h = P_h V_h
 *   C = [O_1 ... O_heads]  (time x d),   Y = C W_outᵀ + b_out
 * </pre>
 * Query i sees key j unless the layer is causal and {@code j > i} (a setting: step t attends to steps
 * {@code <= t}) or, with a padding mask as second input ({@link MultiInputLayer}; batch x time, 1 real,
 * 0 padding), step j is padding: such keys get weight exactly 0. The output rows of padded queries are
 * 0. A padded sequence with its mask thus gives the unpadded sequence's outputs and gradients on its
 * real steps.
 *
 * <p><b>Backward</b>, with {@code G = dJ/dY} (rows of padded queries set to 0, as Y is constant there),
 * the transposes of each product's Jacobian and softmax's Jacobian {@code diag(p) - p pᵀ} per row:
 * <pre>
 *   dJ/dW_out = Gᵀ C,   dJ/db_out = Σ_rows G,   dJ/dC = G W_out
 *   per head, dO_h = the head's columns of dJ/dC:
 *     dJ/dV_h = P_hᵀ dO_h,   dJ/dP_h = dO_h V_hᵀ
 *     dJ/dS_h = P_h ⊙ (dJ/dP_h - rowsum(P_h ⊙ dJ/dP_h))   (Jᵀ g = p ⊙ (g - p·g) per row, as Softmax)
 *     dJ/dQ_h = dJ/dS_h K_h / √d_h,   dJ/dK_h = (dJ/dS_h)ᵀ Q_h / √d_h
 *   dJ/dW_in = [dQ dK dV]ᵀ X,   dJ/db_in = Σ_rows [dQ dK dV],   dJ/dX = [dQ dK dV] W_in
 * </pre>
 * A masked key has p = 0, so its dS, dK and dV are 0; a padded query's P row is 0, so its dQ is 0.
 * {@link #jacobian} is {@code dY/dX} for one unmasked example, row k being {@code (Jᵀ e_k)ᵀ}. The fast
 * path is {@code kernels.Attention}; {@code AttentionReference} is the same equations as plain loops.
 *
 * <p>Initialization: Xavier-uniform W_in over its 3d x d shape and zero biases, as PyTorch; Xavier-uniform
 * W_out too (PyTorch keeps nn.Linear's default, Kaiming-uniform with a = √5, there).
 * Training passes keep their buffers per batch size (made once); inference passes keep theirs per
 * thread and write no state of the layer, so that predict can run on many threads.
 */
public final class MultiHeadAttention extends BaseLayer implements MultiInputLayer {
    private static final int CACHED_SIZES = 4;

    private final int time;
    private final int dModel;
    private final int heads;
    private final boolean causal;

    private DataType type;
    private WeightAndBias in;
    private WeightAndBias out;
    private List<Parameter> parameters = List.of();
    private final Attention.Workspace[] training = new Attention.Workspace[CACHED_SIZES];
    private int nextSlot;
    private ThreadLocal<Attention.Workspace> inference;
    /** Set by {@link #forward(INDArray)} (its backward then recomputes in training mode), cleared by a training pass. */
    private boolean lastPassInference;

    /** Not causal. */
    public MultiHeadAttention(int time, int dModel, int heads) {
        this(time, dModel, heads, false);
    }

    /**
     * @param causal whether step t attends only to steps {@code <= t}
     * @throws IllegalArgumentException if heads does not divide dModel
     */
    public MultiHeadAttention(int time, int dModel, int heads, boolean causal) {
        new SequenceShape(time, dModel); // checks that a row can hold the sequence
        this.time = time;
        this.dModel = dModel;
        this.heads = Require.positive(heads, "heads");
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("MultiHeadAttention: heads (" + heads + ") must divide dModel ("
                    + dModel + "), each head taking dModel / heads columns; choose heads among the divisors of "
                    + dModel);
        }
        this.causal = causal;
    }

    @Override
    public String name() {
        return "MultiHeadAttention(" + time + "x" + dModel + ", " + heads + " head" + (heads == 1 ? "" : "s")
                + (causal ? ", causal" : "") + ")";
    }

    public int time() {
        return time;
    }

    public int dModel() {
        return dModel;
    }

    public int heads() {
        return heads;
    }

    public boolean isCausal() {
        return causal;
    }

    @Override
    public int inputSize() {
        return time * dModel;
    }

    @Override
    public int outputSize() {
        return time * dModel;
    }

    @Override
    public int[] inputShape() {
        return new int[] {time, dModel};
    }

    @Override
    public int[] outputShape() {
        return inputShape();
    }

    /** The sequence, then the optional padding mask {@code [time]}. */
    @Override
    public List<int[]> inputShapes() {
        return List.of(inputShape(), new int[] {time});
    }

    /** W_in = [W_q; W_k; W_v] (3dModel x dModel), live (PyTorch's {@code in_proj_weight}). */
    public INDArray inProjectionWeight() {
        requireBuilt();
        return in.weight().array();
    }

    /** b_in (1 x 3dModel), live. */
    public INDArray inProjectionBias() {
        requireBuilt();
        return in.bias().array();
    }

    /** W_out (dModel x dModel), live (PyTorch's {@code out_proj.weight}). */
    public INDArray outProjectionWeight() {
        requireBuilt();
        return out.weight().array();
    }

    /** b_out (1 x dModel), live. */
    public INDArray outProjectionBias() {
        requireBuilt();
        return out.bias().array();
    }

    @Override
    public void build(DataType type, Random rng) {
        requireUnbuilt();
        this.type = Require.floatOrDouble(type, "type");
        org.nnj.kernels.Memory.requireAddressable(type, 3 * dModel, dModel);
        WeightAndBias i = WeightAndBias.allocate(type, 3 * dModel, dModel);
        WeightAndBias o = WeightAndBias.allocate(type, dModel, dModel);
        Initializer.xavierUniform().fill(i.weight().array(), dModel, 3 * dModel, rng);
        Initializer.xavierUniform().fill(o.weight().array(), dModel, dModel, rng);
        List<Parameter> pi = i.parameters();
        List<Parameter> po = o.parameters();
        parameters = List.of(
                pi.get(0).renamed("in_proj_weight"),
                pi.get(1).renamed("in_proj_bias"),
                po.get(0).renamed("out_proj.weight"),
                po.get(1).renamed("out_proj.bias"));
        inference = ThreadLocal.withInitial(() -> new Attention.Workspace(type, 1, time, dModel, heads, false));
        in = i;
        out = o;
    }

    @Override
    public boolean isBuilt() {
        return in != null;
    }

    @Override
    public DataType dataType() {
        return type;
    }

    /** {@code 4 dModel² + 4 dModel}: W_in, b_in, W_out, b_out. */
    @Override
    public long parameterCount() {
        return 4L * dModel * dModel + 4L * dModel;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public void forward(INDArray x, INDArray y, boolean training) {
        run(Matrix.of(x, "x"), null, Matrix.of(y, "y"), training);
    }

    @Override
    public void forward(INDArray[] inputs, INDArray y, boolean training) {
        run(Matrix.of(inputs[0], "x"), mask(inputs), Matrix.of(y, "y"), training);
    }

    /** Inference, then {@link #backward(INDArray)} recomputes the pass in training mode. */
    @Override
    public INDArray forward(INDArray x) {
        lastPassInference = true;
        return super.forward(x);
    }

    private static Matrix mask(INDArray[] inputs) {
        return inputs.length > 1 && inputs[1] != null ? Matrix.of(inputs[1], "mask") : null;
    }

    private void run(Matrix x, Matrix mask, Matrix y, boolean training) {
        int rows = x.rows();
        int steps = time * dModel;
        if (training) {
            lastPassInference = false;
            Attention.forward(
                    x.view(0, rows * time, dModel),
                    mask,
                    causal,
                    in.weight(),
                    in.bias(),
                    out.weight(),
                    out.bias(),
                    workspace(rows),
                    y.view(0, rows * time, dModel));
            return;
        }
        Attention.Workspace ws = inference.get();
        for (int n = 0; n < rows; n++) { // one example at a time, in this thread's buffers
            Attention.forward(
                    x.view(n * steps, time, dModel),
                    mask == null ? null : mask.view(n * time, 1, time),
                    causal,
                    in.weight(),
                    in.bias(),
                    out.weight(),
                    out.bias(),
                    ws,
                    y.view(n * steps, time, dModel));
        }
    }

    @Override
    public void backward(INDArray x, INDArray y, INDArray gradOut, INDArray gradIn) {
        backward(new INDArray[] {x}, y, gradOut, new INDArray[] {gradIn});
    }

    /** The backward of the class Javadoc; a mask's gradient, if asked for, is 0. */
    @Override
    public void backward(INDArray[] inputs, INDArray y, INDArray gradOut, INDArray[] gradInputs) {
        Matrix x = Matrix.of(inputs[0], "x");
        Matrix mask = mask(inputs);
        int rows = x.rows();
        if (lastPassInference) { // after forward(INDArray): the training workspace holds no pass yet
            run(x, mask, Matrix.allocate(type, rows, outputSize()), true);
        }
        Matrix dx = gradInputs.length > 0 && gradInputs[0] != null ? Matrix.of(gradInputs[0], "gradIn") : null;
        Attention.backward(
                x.view(0, rows * time, dModel),
                mask,
                causal,
                in.weight(),
                out.weight(),
                workspace(rows),
                Matrix.of(gradOut, "gradOut").view(0, rows * time, dModel),
                in.weightGrad(),
                in.biasGrad(),
                out.weightGrad(),
                out.biasGrad(),
                dx == null ? null : dx.view(0, rows * time, dModel));
        if (gradInputs.length > 1 && gradInputs[1] != null) {
            Matrix.of(gradInputs[1], "mask gradient").fill(0);
        }
    }

    private Attention.Workspace workspace(int rows) {
        for (Attention.Workspace w : training) {
            if (w != null && w.batch() == rows) {
                return w;
            }
        }
        Attention.Workspace w = new Attention.Workspace(type, rows, time, dModel, heads, true);
        training[nextSlot] = w;
        nextSlot = (nextSlot + 1) % CACHED_SIZES;
        return w;
    }

    /** {@code dY/dX} for one example without a mask, from the reference backward: row k is {@code Jᵀ e_k}. */
    @Override
    public INDArray jacobian(INDArray x) {
        Matrix row = Matrix.of(checkedExample(x), "x");
        AttentionReference r = reference(row, 0, null);
        int n = inputSize();
        Matrix j = Matrix.allocate(type, n, n);
        for (int k = 0; k < n; k++) {
            double[][] g = new double[time][dModel];
            g[k / dModel][k % dModel] = 1;
            double[][] dx = r.backward(
                    g,
                    new double[3 * dModel][dModel],
                    new double[3 * dModel],
                    new double[dModel][dModel],
                    new double[dModel]);
            for (int i = 0; i < n; i++) {
                j.set(k, i, dx[i / dModel][i % dModel]);
            }
        }
        return j.array();
    }

    /** The reference forward pass of example {@code n} of x (with its mask row, or null), in doubles. */
    AttentionReference reference(Matrix x, int n, Matrix mask) {
        double[][] xs = new double[time][dModel];
        double[] m = mask == null ? null : new double[time];
        for (int s = 0; s < time; s++) {
            for (int f = 0; f < dModel; f++) {
                xs[s][f] = x.get(n, s * dModel + f);
            }
            if (m != null) {
                m[s] = mask.get(n, s);
            }
        }
        return new AttentionReference(
                xs,
                m,
                causal,
                heads,
                rows(in.weight()),
                in.bias().array().toDoubleVector(),
                rows(out.weight()),
                out.bias().array().toDoubleVector());
    }

    private static double[][] rows(Matrix m) {
        double[][] r = new double[m.rows()][m.cols()];
        for (int i = 0; i < m.rows(); i++) {
            for (int c = 0; c < m.cols(); c++) {
                r[i][c] = m.get(i, c);
            }
        }
        return r;
    }

    /** The kind the model file writes: {@code multiheadattention (time, dModel, heads, causal 0 or 1)}. */
    public static final Kind<MultiHeadAttention> KIND = Kind.of(
            "multiheadattention",
            s -> new MultiHeadAttention(
                    s.intValue("time"), s.intValue("dModel"), s.intValue("heads"), s.intValue("causal") != 0),
            Field.integer("time"),
            Field.integer("dModel"),
            Field.integer("heads"),
            Field.integer("causal"));

    @Override
    public Spec spec() {
        return KIND.spec(time, dModel, heads, causal ? 1 : 0);
    }
}
