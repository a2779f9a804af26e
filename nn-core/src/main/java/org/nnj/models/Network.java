package org.nnj.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Seeds;
import org.nnj.data.Dataset;
import org.nnj.kernels.Matrix;
import org.nnj.layers.Layer;
import org.nnj.layers.Parameter;
import org.nnj.losses.Loss;
import org.nnj.optim.Optimizer;
import org.nnj.optim.SGD;

/**
 * A network: layers applied one after another ({@link #builder()}), or a graph of them with several
 * inputs and outputs, branches joined by {@code Add}, {@code Concatenate} or {@code Multiply}, and
 * layers shared between nodes ({@link #graph()}). A chain is the graph whose node i reads node i - 1:
 * one engine runs both.
 *
 * <p>Examples are rows: {@code x} is batch x inputSize, {@code y} is batch x outputSize. A graph with
 * several inputs takes them side by side in one x, in the order they were declared (or by name:
 * {@link #dataset}, {@link #predictByName}), and its outputs' targets side by side in one y. One training
 * step ({@link #trainStep}) is a forward pass through every node, each loss's gradient
 * {@code dJ/dŷ}, a backward pass that multiplies it by each node's transposed Jacobian in reverse
 * topological order (filling parameter gradients on the way; see {@code Passes}), and an optimizer
 * update. Epochs, minibatches, validation and early stopping are {@code org.nnj.train.Trainer}'s job.
 *
 * <p>Every buffer a step needs is allocated the first time a batch size is seen and reused after,
 * so steady-state training allocates no INDArray. A float32 {@code Conv2D} with a ReLU read only by a
 * 2x2, stride-2 {@code MaxPool2D} runs as one fused node ({@code Fusion}, a rewrite of the graph at
 * build time): the same values, one pass each way.
 *
 * <p>Every public method checks its arguments first and throws {@link IllegalArgumentException}
 * naming the bad one; when it throws, the parameters are unchanged.
 *
 * <p>Thread safety: {@link #predict} and {@link #loss} may be called from many threads at once
 * (each thread gets its own buffers); training methods must not run concurrently with each other or
 * with predictions.
 */
public final class Network {
    /** The graph as built (what is saved and exported). */
    final Graph built;
    /** The graph the engine runs: {@link #built} after {@link Fusion}. */
    final Graph graph;

    private final DataType type;
    private final List<Parameter> parameters;
    /** {@code frozen[i]}: layer i's parameters get no update. */
    private final boolean[] frozen;
    /** The parameters of the layers that are not frozen: what the optimizer steps. */
    private final List<Parameter> trainable;

    private final ThreadLocal<Workspaces> inference;
    private final Training steps;

    private Network(Graph built, DataType type, boolean[] frozen) {
        this.built = built;
        this.graph = Fusion.rewrite(built);
        this.type = type;
        this.frozen = frozen;
        List<Parameter> all = new ArrayList<>();
        List<Parameter> free = new ArrayList<>();
        for (int i = 0; i < built.layers.length; i++) {
            for (Parameter p : built.layers[i].parameters()) {
                Parameter named = p.renamed("layer" + i + "." + p.name());
                all.add(named);
                if (!frozen[i]) {
                    free.add(named);
                }
            }
        }
        this.parameters = Collections.unmodifiableList(all);
        this.trainable = Collections.unmodifiableList(free);
        this.inference = ThreadLocal.withInitial(() -> new Workspaces(graph, type, null));
        this.steps = new Training(this, frozen);
    }

    /** Builds every new layer of a checked graph in order of first use from one generator, then the network. */
    static Network assemble(Graph g, DataType type, long seed, boolean[] frozenLayers) {
        Random rng = Seeds.random(seed);
        for (Layer layer : g.layers) {
            if (!layer.isBuilt()) { // a layer of another network is shared, with its trained values
                layer.build(type, rng);
            }
        }
        return new Network(g, type, frozenLayers);
    }

    /** A graph network, built node by node as with Keras's functional API. */
    public static GraphBuilder graph() {
        return new GraphBuilder();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a sequential network from layers and a loss: {@code Network.builder().add(...).loss(...)
     * .build()} ({@link SequentialBuilder} has its methods).
     */
    public static final class Builder extends SequentialBuilder<Builder> {
        private Builder() {}
    }

    /** The layers in order of first use (a layer applied at two nodes of a graph is listed once). */
    public List<Layer> layers() {
        return List.of(built.layers);
    }

    public Layer layer(int index) {
        return built.layers[index];
    }

    /** The loss of the network's one output; a graph with several outputs has one per output ({@link Topology#loss}). */
    public Loss lossFunction() {
        if (built.losses.length != 1) {
            throw new IllegalStateException("this network has " + built.losses.length + " outputs " + outputNames()
                    + ", each with its own loss: use topology().loss(j)");
        }
        return built.losses[0];
    }

    /** The inputs' names, in the order x holds them side by side ({@code "x"} for a sequential network). */
    public List<String> inputNames() {
        return List.of(built.inputNames);
    }

    /** The outputs' names, in the order predictions and targets hold them ({@code "y"} for a sequential network). */
    public List<String> outputNames() {
        return List.of(built.outputNames);
    }

    /**
     * The graph node by node, as built (before fusion): for node n, the index of its layer in
     * {@link #layers()} and what it reads ({@code >= 0} a node, {@code < 0} input {@code -(ref + 1)}); and
     * the node of each output. What a model file writes and an ONNX export translates.
     */
    public Topology topology() {
        return new Topology(built);
    }

    public DataType dataType() {
        return type;
    }

    /** The width of x: the sum of the inputs' sizes. */
    public int inputSize() {
        return built.packedInputWidth();
    }

    /** The width of the predictions: the sum of the outputs' sizes. */
    public int outputSize() {
        return built.packedOutputWidth();
    }

    /** All trainable parameters, named {@code layer<i>.<name>}, in layer order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * The parameters of the layers that are not frozen ({@link SequentialBuilder#freeze}), in layer order: the
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
        return Arrays.stream(built.layers).mapToLong(Layer::parameterCount).sum();
    }

    /** A table of layers (of nodes, for a graph), output shapes and parameter counts, like Keras's {@code summary()}. */
    public String summary() {
        return Summary.of(this);
    }

    @Override
    public String toString() {
        return "Network" + Arrays.toString(built.layers) + " + "
                + Arrays.stream(built.losses).map(Loss::name).toList();
    }

    /** Rows per forward pass of {@link #predict}: a larger input goes through in blocks of this many. */
    static final int PREDICT_BLOCK = 1024;

    /**
     * The network's predictions for {@code x} (batch x inputSize), as a new array (batch x outputSize,
     * the outputs side by side). For losses on logits the link is applied, so a softmax cross-entropy
     * output gives class probabilities. Inputs of more than {@value #PREDICT_BLOCK} rows go through in
     * blocks of that many, so the memory it takes (every node's output for a block) does not grow with
     * the input.
     */
    public INDArray predict(INDArray x) {
        return Inference.predict(this, BatchChecks.features(this, x, "x"), inference.get());
    }

    /** The predictions of every output, by name, for inputs given by name ({@link #dataset}). */
    public Map<String, INDArray> predictByName(Map<String, INDArray> inputs) {
        return Packing.unpackOutputs(this, predict(Packing.packInputs(this, inputs)));
    }

    /**
     * A dataset for this network from named arrays: each input's features and each output's targets
     * (one row per example in all), side by side in the order of {@link #inputNames()} and
     * {@link #outputNames()}, as every method here takes them.
     *
     * @throws IllegalArgumentException naming a missing or unknown array, or one of the wrong width
     */
    public Dataset dataset(Map<String, INDArray> features, Map<String, INDArray> targets) {
        return Dataset.of(Packing.packInputs(this, features), Packing.packTargets(this, targets));
    }

    /** The loss on (x, y) in inference mode, without changing anything. */
    public double loss(INDArray x, INDArray y) {
        Matrix xm = BatchChecks.features(this, x, "x");
        Matrix ym = BatchChecks.targets(this, y, xm);
        return Inference.loss(this, xm, ym, inference.get().get(xm.rows()));
    }

    /**
     * Checks that (x, y) fit this network, as every training method does before it changes anything:
     * x 2-D with inputSize columns, y one row per row of x and outputSize columns, both of the
     * network's type, finite, and y in the losses' domains; and that gradient training can train the
     * network (no layer uses the step activation, whose derivative is 0). Computes nothing else.
     *
     * @throws IllegalArgumentException naming the argument (or the layer) and what is wrong
     */
    public void check(INDArray x, INDArray y) {
        OutputRules.requireGradientTrainable(built.layers);
        Matrix xm = BatchChecks.features(this, x, "x");
        BatchChecks.targetDomains(this, BatchChecks.targets(this, y, xm), null);
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
        return steps.step(x, y, optimizer);
    }

    /**
     * Forward and backward pass on (x, y) in training mode, without updating: fills every parameter's
     * gradient and returns {@code dJ/dx} (the inputs side by side) as a new array. Used by
     * {@code GradientCheck} and for inspecting gradients.
     */
    public INDArray gradients(INDArray x, INDArray y) {
        return steps.inputGradient(x, y);
    }

    /**
     * Forward and backward pass on (x, y) in training mode, without updating: fills every parameter's
     * gradient (of the mean loss over the batch) and returns that loss. For training loops that apply
     * the update elsewhere, such as data-parallel training that sums gradients across machines.
     */
    public double lossAndGradients(INDArray x, INDArray y) {
        return steps.lossAndGradients(x, y);
    }

    /**
     * Refuses a training batch that a layer cannot learn from, before any layer runs: batch
     * normalization needs at least 2 rows ({@code BatchNormalization.requireTrainingBatch}).
     *
     * @throws IllegalArgumentException naming the layer and the batch size
     */
    public void requireTrainingBatch(int rows) {
        BatchChecks.trainingBatch(built.layers, rows);
    }
}
