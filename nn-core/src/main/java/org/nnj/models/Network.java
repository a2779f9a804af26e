package org.nnj.models;

import org.nnj.Require;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Kernels;
import org.nnj.kernels.Matrix;
import org.nnj.layers.Layer;
import org.nnj.layers.Parameter;
import org.nnj.losses.Loss;
import org.nnj.optim.Optimizer;
import org.nnj.optim.SGD;
import org.nnj.train.History;
import org.nnj.train.Trainer;
import org.nnj.train.TrainingDivergedException;

/**
 * A sequential network: layers applied one after another, and a loss on the last output.
 *
 * <p>Examples are rows: {@code x} is batch x inputSize, {@code y} is batch x outputSize. One
 * training step is a forward pass through every layer, the loss gradient {@code dJ/dŷ}, a backward
 * pass that multiplies it by each layer's transposed Jacobian in reverse order (filling parameter
 * gradients on the way), and an optimizer update.
 *
 * <p>Every buffer a step needs is allocated the first time a batch size is seen and reused after,
 * so steady-state training allocates no INDArray.
 *
 * <p>Every public method checks its arguments first and throws {@link IllegalArgumentException}
 * naming the bad one; when it throws, the parameters are unchanged.
 *
 * <p>Thread safety: {@link #predict} and {@link #loss} may be called from many threads at once
 * (each thread gets its own buffers); training methods must not run concurrently with each other or
 * with predictions.
 */
public final class Network {
    private final Layer[] layers;
    private final Loss loss;
    private final DataType type;
    private final List<Parameter> parameters;
    /** The parameters before the current update, to roll back an update that overflows. */
    private final Matrix[] backup;
    private final Workspaces training;
    private final ThreadLocal<Workspaces> inference;
    private final InputView xView = new InputView();
    private final InputView yView = new InputView();

    private Network(Layer[] layers, Loss loss, DataType type) {
        this.layers = layers;
        this.loss = loss;
        this.type = type;
        List<Parameter> all = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            for (Parameter p : layers[i].parameters()) {
                all.add(p.renamed("layer" + i + "." + p.name()));
            }
        }
        this.parameters = Collections.unmodifiableList(all);
        this.backup = new Matrix[all.size()];
        for (int i = 0; i < backup.length; i++) {
            backup[i] = all.get(i).value().copy();
        }
        this.training = new Workspaces(layers, type);
        this.inference = ThreadLocal.withInitial(() -> new Workspaces(layers, type));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a sequential network from layers and a loss. */
    public static final class Builder {
        private final List<Layer> layers = new ArrayList<>();
        private Loss loss;
        private DataType type = DataType.FLOAT;
        private long seed = 0;

        private Builder() {
        }

        /** Appends a layer. */
        public Builder add(Layer layer) {
            layers.add(Require.notNull(layer, "layer"));
            return this;
        }

        public Builder loss(Loss loss) {
            this.loss = Require.notNull(loss, "loss");
            return this;
        }

        /** FLOAT (float32, the default) or DOUBLE (float64, for gradient checks). */
        public Builder dataType(DataType type) {
            if (type != DataType.FLOAT && type != DataType.DOUBLE) {
                throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + type);
            }
            this.type = type;
            return this;
        }

        /** The seed of every random initial value; the same seed builds bit-identical parameters. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Checks that each layer's input size equals the previous layer's output size, then allocates
         * and initializes every layer's parameters from one {@code java.util.Random(seed)}, in order.
         */
        public Network build() {
            if (layers.isEmpty()) {
                throw new IllegalArgumentException("a network needs at least one layer");
            }
            if (loss == null) {
                throw new IllegalArgumentException("a network needs a loss: call loss(...)");
            }
            for (int i = 1; i < layers.size(); i++) {
                Layer prev = layers.get(i - 1);
                Layer next = layers.get(i);
                if (prev.outputSize() != next.inputSize()) {
                    throw new IllegalArgumentException("layer " + (i - 1) + " " + prev.name() + " outputs "
                            + prev.outputSize() + " values but layer " + i + " " + next.name() + " expects "
                            + next.inputSize());
                }
            }
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i).isBuilt()) {
                    throw new IllegalArgumentException("layer " + i + " " + layers.get(i).name()
                            + " already belongs to a network; create a new layer object");
                }
                for (int j = 0; j < i; j++) {
                    if (layers.get(j) == layers.get(i)) {
                        throw new IllegalArgumentException("layer " + i + " is the same object as layer " + j);
                    }
                }
            }
            Random rng = new Random(seed);
            for (Layer layer : layers) {
                layer.build(type, rng);
            }
            return new Network(layers.toArray(new Layer[0]), loss, type);
        }
    }

    // ---------------------------------------------------------------- accessors

    public List<Layer> layers() {
        return List.of(layers);
    }

    public Layer layer(int index) {
        return layers[index];
    }

    public Loss lossFunction() {
        return loss;
    }

    public DataType dataType() {
        return type;
    }

    public int inputSize() {
        return layers[0].inputSize();
    }

    public int outputSize() {
        return layers[layers.length - 1].outputSize();
    }

    /** All trainable parameters, named {@code layer<i>.<name>}, in layer order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** Total number of trainable scalars. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters) {
            n += p.size();
        }
        return n;
    }

    /** A table of layers, output shapes and parameter counts, like Keras's {@code model.summary()}. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        String row = "%-4s %-32s %-14s %12s%n";
        sb.append(String.format(row, "#", "Layer", "Output", "Params"));
        for (int i = 0; i < layers.length; i++) {
            long n = 0;
            for (Parameter p : layers[i].parameters()) {
                n += p.size();
            }
            sb.append(String.format(row, i, layers[i].name(), "[batch, " + layers[i].outputSize() + "]", n));
        }
        sb.append(String.format("Total parameters: %d (%s)   Loss: %s%n", parameterCount(), type, loss.name()));
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Network" + Arrays.toString(layers) + " + " + loss.name();
    }

    // ---------------------------------------------------------------- inference

    /**
     * The network's predictions for {@code x} (batch x inputSize), as a new array (batch x outputSize).
     * For losses on logits the link is applied, so a softmax cross-entropy network returns class
     * probabilities.
     */
    public INDArray predict(INDArray x) {
        Matrix in = checkFeatures(Matrix.of(x, "x"), x, "x");
        Workspace ws = inference.get().get(in.rows());
        Matrix out = forward(ws, in, false).copy();
        loss.link(out);
        return out.array();
    }

    /** The loss on (x, y) in inference mode, without changing anything. */
    public double loss(INDArray x, INDArray y) {
        Matrix xm = checkFeatures(Matrix.of(x, "x"), x, "x");
        Matrix ym = checkTargets(Matrix.of(y, "y"), y, xm);
        Workspace ws = inference.get().get(xm.rows());
        return loss.value(forward(ws, xm, false), ym);
    }

    // ---------------------------------------------------------------- training

    /** One step of plain gradient descent on the batch (x, y); returns the loss before the update. */
    public double trainStep(INDArray x, INDArray y, double learningRate) {
        return trainStep(x, y, new SGD(learningRate));
    }

    /**
     * One training step on the batch (x, y): forward, backward, {@code optimizer.step}. Returns the
     * loss before the update. Allocates nothing once this batch size has been seen (the optimizer
     * should be reused across steps).
     *
     * @throws TrainingDivergedException if the loss or a gradient is NaN or infinite, or the update
     *     overflows a parameter; the parameters are then those from before this step (the optimizer's
     *     own state, such as momentum, is not rolled back)
     */
    public double trainStep(INDArray x, INDArray y, Optimizer optimizer) {
        Require.notNull(optimizer, "optimizer");
        Matrix xm = checkFeatures(xView.of(x, "x"), x, "x");
        Matrix ym = checkTargets(yView.of(y, "y"), y, xm);
        return step(training.get(xm.rows()), xm, ym, optimizer, 0, 1);
    }

    /**
     * Forward and backward pass on (x, y) in training mode, without updating: fills every parameter's
     * gradient and returns {@code dJ/dx} as a new array. Used by {@code GradientCheck} and for
     * inspecting gradients.
     */
    public INDArray gradients(INDArray x, INDArray y) {
        Matrix xm = checkFeatures(Matrix.of(x, "x"), x, "x");
        Matrix ym = checkTargets(Matrix.of(y, "y"), y, xm);
        Workspace ws = training.get(xm.rows());
        computeGradients(ws, xm, ym, true);
        return ws.inputGradient().copy().array();
    }

    /**
     * Minibatch stochastic gradient descent with a fixed learning rate (with a progress bar when a
     * console is attached and CI is not set, like Keras's default):
     * {@code epochs} passes over (x, y), each in a fresh order drawn from {@code java.util.Random(seed)},
     * one step per minibatch of {@code batchSize} rows (the last one may be shorter).
     * {@code batchSize >= n} is full-batch gradient descent; {@code batchSize = 1} is per-example SGD.
     * For other optimizers, validation data and early stopping, use {@link Trainer}.
     *
     * @return per-epoch mean training loss ({@code "loss"})
     */
    public History fit(INDArray x, INDArray y, int epochs, int batchSize, double learningRate, long seed) {
        checkEpochsAndBatch(epochs, batchSize);
        return Trainer.builder().epochs(epochs).batchSize(batchSize).optimizer(new SGD(learningRate)).seed(seed)
                .build().fit(this, x, y);
    }

    /**
     * The same loop as {@link #fit(INDArray, INDArray, int, int, double, long)} with any optimizer
     * (reused across epochs, so its state carries over).
     */
    public History fit(INDArray x, INDArray y, int epochs, int batchSize, Optimizer optimizer, long seed) {
        checkEpochsAndBatch(epochs, batchSize);
        Require.notNull(optimizer, "optimizer");
        return Trainer.builder().epochs(epochs).batchSize(batchSize).optimizer(optimizer).seed(seed)
                .build().fit(this, x, y);
    }

    /** Called after every step of {@link #trainEpoch} with the rows in the batch and its loss. */
    @FunctionalInterface
    public interface StepCallback {
        void stepDone(int rows, double loss);
    }

    /**
     * One pass over (x, y): minibatches of {@code batchSize} rows taken in the given {@code order} (a
     * permutation of the row indices; the last batch may be shorter), one optimizer step each. This is
     * the loop under {@link Trainer}; it checks its arguments like every public method.
     *
     * @param epoch    the epoch number (from 1), for messages
     * @param callback called after each step, or null
     * @return the mean loss over the examples (each batch's loss weighted by its size)
     * @throws TrainingDivergedException if a step's loss or gradient is NaN or infinite; that step's
     *     update is not applied
     */
    public double trainEpoch(INDArray x, INDArray y, int[] order, int batchSize, Optimizer optimizer, int epoch,
                             StepCallback callback) {
        checkEpochsAndBatch(0, batchSize);
        Require.notNull(optimizer, "optimizer");
        Matrix xm = checkFeatures(xView.of(x, "x"), x, "x");
        Matrix ym = checkTargets(yView.of(y, "y"), y, xm);
        int n = xm.rows();
        checkPermutation(order, n);
        int batch = Math.min(batchSize, n);
        boolean inOrder = isIdentity(order);
        double total = 0;
        long stepNo = 0;
        for (int start = 0; start < n; start += batch) {
            int count = Math.min(batch, n - start);
            Workspace ws = training.get(count);
            Matrix xb = xm;
            Matrix yb = ym;
            if (count < n || !inOrder) {
                xb = ws.xBatch();
                yb = ws.yBatch(outputSize());
                Kernels.gatherRows(xm, order, start, count, xb);
                Kernels.gatherRows(ym, order, start, count, yb);
            }
            double value = step(ws, xb, yb, optimizer, epoch, ++stepNo);
            total += value * count;
            if (callback != null) {
                callback.stepDone(count, value);
            }
        }
        return total / n;
    }

    private static boolean isIdentity(int[] order) {
        for (int i = 0; i < order.length; i++) {
            if (order[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static void checkPermutation(int[] order, int n) {
        if (order == null || order.length != n) {
            throw new IllegalArgumentException("order must be a permutation of 0.." + (n - 1) + ", got "
                    + (order == null ? "null" : order.length + " indices"));
        }
        boolean[] seen = new boolean[n];
        for (int i : order) {
            if (i < 0 || i >= n || seen[i]) {
                throw new IllegalArgumentException("order must be a permutation of 0.." + (n - 1) + "; " + i
                        + (i < 0 || i >= n ? " is out of range" : " appears twice"));
            }
            seen[i] = true;
        }
    }

    /** Forward, backward, finiteness check, update. */
    private double step(Workspace ws, Matrix x, Matrix y, Optimizer optimizer, int epoch, long stepNo) {
        double value = computeGradients(ws, x, y, false);
        if (!Double.isFinite(value)) {
            throw new TrainingDivergedException(epoch, stepNo, "the loss is " + value);
        }
        for (int i = 0, n = parameters.size(); i < n; i++) {
            Parameter p = parameters.get(i);
            if (!Double.isFinite(Kernels.sumOfSquares(p.gradient()))) {
                throw new TrainingDivergedException(epoch, stepNo, "the gradient of " + p.name() + " is not finite");
            }
        }
        for (int i = 0, n = parameters.size(); i < n; i++) {
            backup[i].copyFrom(parameters.get(i).value());
        }
        optimizer.step(parameters);
        for (int i = 0, n = parameters.size(); i < n; i++) {
            Parameter p = parameters.get(i);
            if (!Double.isFinite(Kernels.sumOfSquares(p.value()))) {
                for (int j = 0; j < n; j++) {
                    parameters.get(j).value().copyFrom(backup[j]);
                }
                throw new TrainingDivergedException(epoch, stepNo, "the update made " + p.name() + " overflow");
            }
        }
        return value;
    }

    // ---------------------------------------------------------------- engine

    private Matrix forward(Workspace ws, Matrix x, boolean trainingMode) {
        Matrix in = x;
        for (int i = 0; i < layers.length; i++) {
            layers[i].forward(in, ws.outputs[i], trainingMode);
            in = ws.outputs[i];
        }
        return in;
    }

    private double computeGradients(Workspace ws, Matrix x, Matrix y, boolean inputGradient) {
        int last = layers.length;
        Matrix out = forward(ws, x, true);
        double value = loss.valueAndGradient(out, y, ws.gradients[last]);
        for (int i = last - 1; i >= 0; i--) {
            Matrix layerInput = i == 0 ? x : ws.outputs[i - 1];
            Matrix gradIn = i > 0 ? ws.gradients[i] : inputGradient ? ws.inputGradient() : null;
            layers[i].backward(layerInput, ws.outputs[i], ws.gradients[i + 1], gradIn);
        }
        return value;
    }

    // ---------------------------------------------------------------- checks

    private Matrix checkFeatures(Matrix m, INDArray x, String name) {
        if (m.cols() != inputSize()) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(x.shape()) + " but layer 0 "
                    + layers[0].name() + " expects [batch, " + inputSize() + "]");
        }
        requireType(m, name);
        requireFinite(m, name);
        return m;
    }

    private Matrix checkTargets(Matrix m, INDArray y, Matrix x) {
        if (m.rows() != x.rows()) {
            throw new IllegalArgumentException("y has " + m.rows() + " rows but x has " + x.rows()
                    + " (one target row per example)");
        }
        if (m.cols() != outputSize()) {
            throw new IllegalArgumentException("y has shape " + Arrays.toString(y.shape()) + " but the last layer "
                    + layers[layers.length - 1].name() + " outputs [batch, " + outputSize() + "]"
                    + (outputSize() > 1 ? "; class labels must be one-hot encoded" : ""));
        }
        requireType(m, "y");
        requireFinite(m, "y");
        loss.checkTargets(m, "y");
        return m;
    }

    private void requireType(Matrix m, String name) {
        if (m.type() != type) {
            throw new IllegalArgumentException(name + " is " + m.type() + " but the network is " + type
                    + "; convert it with " + name + ".castTo(DataType." + type + ")");
        }
    }

    private static void requireFinite(Matrix m, String name) {
        int bad = Kernels.firstNonFinite(m);
        if (bad >= 0) {
            throw new IllegalArgumentException(name + " contains " + m.get(bad) + " at row " + bad / m.cols()
                    + ", column " + bad % m.cols());
        }
    }

    private static void checkEpochsAndBatch(int epochs, int batchSize) {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
    }
}
