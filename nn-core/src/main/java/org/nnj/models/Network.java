package org.nnj.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Require;
import org.nnj.Seeds;
import org.nnj.kernels.Matrix;
import org.nnj.layers.Conv2D;
import org.nnj.layers.Layer;
import org.nnj.layers.Parameter;
import org.nnj.losses.Loss;
import org.nnj.optim.NonFiniteUpdateException;
import org.nnj.optim.Optimizer;
import org.nnj.optim.SGD;

/**
 * A sequential network: layers applied one after another, and a loss on the last output.
 *
 * <p>Examples are rows: {@code x} is batch x inputSize, {@code y} is batch x outputSize. One
 * training step ({@link #trainStep}) is a forward pass through every layer, the loss gradient
 * {@code dJ/dŷ}, a backward pass that multiplies it by each layer's transposed Jacobian in reverse
 * order (filling parameter gradients on the way), and an optimizer update. Epochs, minibatches,
 * validation and early stopping are {@code org.nnj.train.Trainer}'s job.
 *
 * <p>Every buffer a step needs is allocated the first time a batch size is seen and reused after,
 * so steady-state training allocates no INDArray. A float32 {@code Conv2D} with a ReLU followed by a
 * 2x2, stride-2 {@code MaxPool2D} runs as one pass each way ({@link Conv2D#fusesWith}): the same
 * values as the two layers one after the other, without writing the convolution's output.
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
    /** {@code frozen[i]}: layer i's parameters get no update. */
    private final boolean[] frozen;
    /** The parameters of the layers that are not frozen: what the optimizer steps. */
    private final List<Parameter> trainable;
    /** The lowest unfrozen layer with parameters: backpropagation stops there, the frozen ones below infer. */
    private final int lowestTrainable;
    /**
     * {@code fused[i]}: layer i is a convolution that runs together with the max pooling after it
     * ({@link Conv2D#fusesWith}); the pooling layer's own passes are then skipped, and the
     * convolution's own output is not computed.
     */
    private final boolean[] fused;

    private final Workspaces training;
    private final ThreadLocal<Workspaces> inference;
    /** The optimizer of the last step, which can take it back if the next forward pass overflows. */
    private Optimizer lastOptimizer;

    private Network(Layer[] layers, Loss loss, DataType type, boolean[] frozen) {
        this.layers = layers;
        this.loss = loss;
        this.type = type;
        this.frozen = frozen;
        List<Parameter> all = new ArrayList<>();
        List<Parameter> free = new ArrayList<>();
        int lowest = layers.length;
        for (int i = 0; i < layers.length; i++) {
            for (Parameter p : layers[i].parameters()) {
                Parameter named = p.renamed("layer" + i + "." + p.name());
                all.add(named);
                if (!frozen[i]) {
                    free.add(named);
                    lowest = Math.min(lowest, i);
                }
            }
        }
        this.parameters = Collections.unmodifiableList(all);
        this.trainable = Collections.unmodifiableList(free);
        this.lowestTrainable = lowest;
        this.fused = new boolean[layers.length];
        for (int i = 0; i + 1 < layers.length; i++) {
            fused[i] = layers[i] instanceof Conv2D conv && conv.fusesWith(layers[i + 1]);
        }
        this.training = new Workspaces(layers, type, true);
        this.inference = ThreadLocal.withInitial(() -> new Workspaces(layers, type, false));
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
        private int[] inputShape;
        private int frozenFrom;
        private int frozenTo;

        private Builder() {}

        /**
         * Freezes layers {@code from} (inclusive) to {@code to} (exclusive), checked at {@link #build}:
         * their parameters get no update (and no weight decay); the optimizer never sees them. A frozen
         * trunk, the frozen layers below the lowest trainable one, is not backpropagated through and
         * runs in inference mode while the rest trains, as in Keras: batch normalization there uses
         * and keeps its running statistics, dropout is off. A frozen layer above a trainable one runs
         * as in training, since the gradient flows through it.
         */
        public Builder freeze(int from, int to) {
            if (from < 0 || to <= from) {
                throw new IllegalArgumentException("freeze(from, to) needs 0 <= from < to, got " + from + ", " + to);
            }
            this.frozenFrom = from;
            this.frozenTo = to;
            return this;
        }

        /**
         * The shape of one input example, {@code channels x height x width} for images (rows hold them
         * channel-major), checked against the first layer's at {@link #build}.
         */
        public Builder inputShape(int channels, int height, int width) {
            this.inputShape = new int[] {
                Require.positive(channels, "channels"),
                Require.positive(height, "height"),
                Require.positive(width, "width")
            };
            return this;
        }

        /**
         * Appends a layer: a new one, built by {@link #build}, or a layer of another network (a loaded
         * model's trunk, for transfer learning), which is shared with its trained values, not copied, as
         * Keras and PyTorch share layers: training either network changes both, unless it is frozen
         * here ({@link #freeze}).
         */
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
            this.type = Require.floatOrDouble(type, "dataType");
            return this;
        }

        /** The seed of every random initial value; the same seed builds bit-identical parameters. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Checks that each layer's input size equals the previous layer's output size and that the last
         * layer's activation and the loss can learn together (not softmax twice, not a sigmoid before a
         * loss on logits, not a one-unit softmax, not a class-distribution loss on one output) and that no
         * layer's setting (initializer value, LeakyReLU alpha) exceeds the data type's largest finite value
         * ({@link Layer#requireRepresentable}; float32: 3.4028235E38), then allocates
         * and initializes every layer's parameters from one {@code java.util.Random(seed)}, in order.
         */
        public Network build() {
            if (layers.isEmpty()) {
                throw new IllegalArgumentException("a network needs at least one layer");
            }
            if (loss == null) {
                throw new IllegalArgumentException("a network needs a loss: call loss(...)");
            }
            NetworkChecks.beforeBuild(layers, loss, type, inputShape, frozenFrom, frozenTo);
            Random rng = Seeds.random(seed);
            for (Layer layer : layers) {
                if (!layer.isBuilt()) { // a layer of another network is shared, with its trained values
                    layer.build(type, rng);
                }
            }
            boolean[] frozen = new boolean[layers.size()];
            Arrays.fill(frozen, frozenFrom, frozenTo, true);
            return new Network(layers.toArray(new Layer[0]), loss, type, frozen);
        }
    }

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

    /**
     * The parameters of the layers that are not frozen ({@link Builder#freeze}), in layer order: the
     * ones a training step updates. All of {@link #parameters()} if nothing is frozen.
     */
    public List<Parameter> trainableParameters() {
        return trainable;
    }

    /** True if layer {@code index} is frozen. */
    public boolean isFrozen(int index) {
        return frozen[index];
    }

    /** Total number of trainable scalars. */
    public long parameterCount() {
        return Arrays.stream(layers).mapToLong(Layer::parameterCount).sum();
    }

    /** A table of layers, output shapes and parameter counts, like Keras's {@code model.summary()}. */
    public String summary() {
        return Summary.of(this);
    }

    @Override
    public String toString() {
        return "Network" + Arrays.toString(layers) + " + " + loss.name();
    }

    /** Rows per forward pass of {@link #predict}: a larger input goes through in blocks of this many. */
    static final int PREDICT_BLOCK = 1024;

    /**
     * The network's predictions for {@code x} (batch x inputSize), as a new array (batch x outputSize).
     * For losses on logits the link is applied, so a softmax cross-entropy network returns class
     * probabilities. Inputs of more than {@value #PREDICT_BLOCK} rows go through in blocks of that many,
     * so the memory it takes (every layer's output for a block) does not grow with the input.
     */
    public INDArray predict(INDArray x) {
        Matrix in = BatchChecks.features(this, x, "x");
        int rows = in.rows();
        int width = outputSize();
        Matrix result = Matrix.allocate(type, rows, width);
        for (int first = 0; first < rows; first += PREDICT_BLOCK) {
            int n = Math.min(PREDICT_BLOCK, rows - first);
            Workspace ws = inference.get().get(n);
            Matrix block = in;
            if (n < rows) { // a block of a larger input, copied into the workspace's input rows
                block = ws.input();
                block.copyRange(in, first * in.cols(), 0, n * in.cols());
            }
            result.copyRange(forward(ws, block, false), 0, first * width, n * width);
        }
        loss.link(result.array());
        return result.array();
    }

    /** The loss on (x, y) in inference mode, without changing anything. */
    public double loss(INDArray x, INDArray y) {
        Matrix xm = BatchChecks.features(this, x, "x");
        Matrix ym = BatchChecks.targets(this, y, xm);
        Workspace ws = inference.get().get(xm.rows());
        return loss.value(forward(ws, xm, false).array(), ym.array());
    }

    /**
     * Checks that (x, y) fit this network, as every training method does before it changes anything:
     * x 2-D with inputSize columns, y one row per row of x and outputSize columns, both of the
     * network's type, finite, and y in the loss's domain; and that gradient training can train the
     * network (no layer uses the step activation, whose derivative is 0). Computes nothing else.
     *
     * @throws IllegalArgumentException naming the argument (or the layer) and what is wrong
     */
    public void check(INDArray x, INDArray y) {
        OutputRules.requireGradientTrainable(layers);
        BatchChecks.targets(this, y, BatchChecks.features(this, x, "x"));
    }

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
     *     overflows a parameter. An update that would make a value NaN or infinite is refused, so the
     *     parameters and the optimizer's state (momentum, Adam's moments, its step count) are those
     *     after the last step; a loss that is not finite (the last update made the forward pass
     *     overflow) takes the previous {@code trainStep}'s update back, if there was one, so they are
     *     those from before it, whose loss was finite ({@link Optimizer#undoLastStep}; the message
     *     then says so)
     */
    public double trainStep(INDArray x, INDArray y, Optimizer optimizer) {
        Require.notNull(optimizer, "optimizer");
        OutputRules.requireGradientTrainable(layers);
        if (trainable.isEmpty() && !parameters.isEmpty()) {
            throw new IllegalArgumentException("every layer with parameters is frozen: nothing to train (freeze fewer"
                    + " layers, or add a trainable one)");
        }
        Matrix xm = BatchChecks.features(this, x, "x");
        Matrix ym = BatchChecks.targets(this, y, xm);
        requireTrainingBatch(xm.rows());
        optimizer.checkNextStep(trainable); // its rate and settings, before the forward pass changes anything
        double value = computeGradients(training.get(xm.rows()), xm, ym, false);
        if (!Double.isFinite(value)) {
            // The last update made the forward pass overflow: go back to the parameters whose loss was finite.
            boolean undone = lastOptimizer != null && lastOptimizer.undoLastStep(trainable);
            lastOptimizer = null;
            throw new TrainingDivergedException(
                    0,
                    1,
                    "the loss is " + value
                            + (undone
                                    ? "; the parameters of the previous step, whose loss was finite, are restored"
                                    : ""));
        }
        try {
            optimizer.step(trainable); // screens gradients and new values; applies all or nothing
        } catch (NonFiniteUpdateException e) {
            throw new TrainingDivergedException(0, 1, e.getMessage());
        }
        lastOptimizer = optimizer;
        return value;
    }

    /**
     * Forward and backward pass on (x, y) in training mode, without updating: fills every parameter's
     * gradient and returns {@code dJ/dx} as a new array. Used by {@code GradientCheck} and for
     * inspecting gradients.
     */
    public INDArray gradients(INDArray x, INDArray y) {
        OutputRules.requireGradientTrainable(layers);
        Matrix xm = BatchChecks.features(this, x, "x");
        Matrix ym = BatchChecks.targets(this, y, xm);
        requireTrainingBatch(xm.rows());
        Workspace ws = training.get(xm.rows());
        computeGradients(ws, xm, ym, true);
        return ws.inputGradient().copy().array();
    }

    /**
     * Forward and backward pass on (x, y) in training mode, without updating: fills every parameter's
     * gradient (of the mean loss over the batch) and returns that loss. For training loops that apply
     * the update elsewhere, such as data-parallel training that sums gradients across machines.
     */
    public double lossAndGradients(INDArray x, INDArray y) {
        OutputRules.requireGradientTrainable(layers);
        Matrix xm = BatchChecks.features(this, x, "x");
        Matrix ym = BatchChecks.targets(this, y, xm);
        requireTrainingBatch(xm.rows());
        return computeGradients(training.get(xm.rows()), xm, ym, false);
    }

    /**
     * Refuses a training batch that a layer cannot learn from, before any layer runs: batch
     * normalization needs at least 2 rows ({@code BatchNormalization.requireTrainingBatch}).
     *
     * @throws IllegalArgumentException naming the layer and the batch size
     */
    public void requireTrainingBatch(int rows) {
        BatchChecks.trainingBatch(layers, rows);
    }

    private Matrix forward(Workspace ws, Matrix x, boolean trainingMode) {
        return Passes.forward(layers, fused, ws, x, trainingMode, 0);
    }

    private double computeGradients(Workspace ws, Matrix x, Matrix y, boolean inputGradient) {
        return Passes.gradients(layers, fused, loss, ws, x, y, inputGradient, lowestTrainable);
    }
}
