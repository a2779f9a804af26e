package org.nnj.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.Require;
import org.nnj.layers.Layer;
import org.nnj.losses.Loss;

/**
 * Builds a sequential network from layers and a loss ({@link Network#builder()}); {@link Network.Builder}
 * is this builder. The network is the chain graph whose node i applies layer i to node i - 1.
 *
 * @param <B> the builder's own type, which every setter returns
 */
public abstract class SequentialBuilder<B extends SequentialBuilder<B>> {

    private final List<Layer> layers = new ArrayList<>();
    private Loss loss;
    private DataType type = DataType.FLOAT;
    private long seed = 0;
    private int[] inputShape;
    private int frozenFrom;
    private int frozenTo;

    SequentialBuilder() {}

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Freezes layers {@code from} (inclusive) to {@code to} (exclusive), checked at {@link #build}:
     * their parameters get no update (and no weight decay); the optimizer never sees them. A frozen
     * trunk, the frozen layers below the lowest trainable one, is not backpropagated through and
     * runs in inference mode while the rest trains, as in Keras: batch normalization there uses
     * and keeps its running statistics, dropout is off. A frozen layer above a trainable one runs
     * as in training, since the gradient flows through it.
     */
    public B freeze(int from, int to) {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("freeze(from, to) needs 0 <= from < to, got " + from + ", " + to);
        }
        this.frozenFrom = from;
        this.frozenTo = to;
        return self();
    }

    /**
     * The shape of one input example, {@code channels x height x width} for images (rows hold them
     * channel-major), checked against the first layer's at {@link #build}.
     */
    public B inputShape(int channels, int height, int width) {
        this.inputShape = new int[] {
            Require.positive(channels, "channels"), Require.positive(height, "height"), Require.positive(width, "width")
        };
        return self();
    }

    /**
     * Appends a layer: a new one, built by {@link #build}, or a layer of another network (a loaded
     * model's trunk, for transfer learning), which is shared with its trained values, not copied, as
     * Keras and PyTorch share layers: training either network changes both, unless it is frozen
     * here ({@link #freeze}).
     */
    public B add(Layer layer) {
        layers.add(Require.notNull(layer, "layer"));
        return self();
    }

    public B loss(Loss loss) {
        this.loss = Require.notNull(loss, "loss");
        return self();
    }

    /** FLOAT (float32, the default) or DOUBLE (float64, for gradient checks). */
    public B dataType(DataType type) {
        this.type = Require.floatOrDouble(type, "dataType");
        return self();
    }

    /** The seed of every random initial value; the same seed builds bit-identical parameters. */
    public B seed(long seed) {
        this.seed = seed;
        return self();
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
        int n = layers.size();
        int[][] reads = new int[n][];
        int[] layerOf = new int[n];
        for (int i = 0; i < n; i++) {
            reads[i] = new int[] {i - 1}; // node 0 reads input 0 (ref -1), node i reads node i - 1
            layerOf[i] = i;
        }
        Layer[] all = layers.toArray(new Layer[0]);
        Graph g = new Graph(
                all,
                all,
                layerOf,
                reads,
                List.of("x"),
                List.of(inputShape != null ? inputShape : all[0].inputShape()),
                List.of("y"),
                new int[] {n - 1},
                new Loss[] {loss},
                new double[] {1},
                true);
        boolean[] frozen = new boolean[n];
        Arrays.fill(frozen, frozenFrom, frozenTo, true);
        return Network.assemble(g, type, seed, frozen);
    }
}
