package org.nnj.models;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.layers.Layer;
import org.nnj.losses.Loss;

/** What {@link SequentialBuilder#build} checks before it builds or allocates anything. */
final class NetworkChecks {
    private NetworkChecks() {}

    /**
     * The input shape against the first layer, each layer's input against the previous one's output,
     * shared layers of the network's type and not twice in it, the last layer and the loss, the frozen
     * range, every new layer's settings against the type, and the memory their parameters and
     * gradients need.
     */
    static void beforeBuild(
            List<Layer> layers, Loss loss, DataType type, int[] inputShape, int frozenFrom, int frozenTo) {
        if (inputShape != null && !sameShape(inputShape, layers.get(0).inputShape())) {
            throw new IllegalArgumentException("the input shape is " + shape(inputShape) + " but layer 0 "
                    + layers.get(0).name() + " expects "
                    + shape(layers.get(0).inputShape()));
        }
        for (int i = 0; i < layers.size(); i++) {
            Layer next = layers.get(i);
            if (i > 0 && !sameShape(layers.get(i - 1).outputShape(), next.inputShape())) {
                Layer prev = layers.get(i - 1);
                throw new IllegalArgumentException("layer " + (i - 1) + " " + prev.name() + " outputs "
                        + shape(prev.outputShape()) + " but layer " + i + " " + next.name() + " expects "
                        + shape(next.inputShape()));
            }
            if (i > 0 && layers.get(i - 1).outputSize() != next.inputSize()) {
                Layer prev = layers.get(i - 1);
                throw new IllegalArgumentException("layer " + (i - 1) + " " + prev.name() + " outputs "
                        + prev.outputSize() + " values but layer " + i + " " + next.name() + " expects "
                        + next.inputSize());
            }
            if (layers.indexOf(next) != i) {
                throw new IllegalArgumentException(
                        "layer " + i + " is the same object as layer " + layers.indexOf(next));
            }
        }
        OutputRules.requireLearnable(layers.get(layers.size() - 1), layers.size() - 1, loss);
        if (frozenTo > layers.size()) {
            throw new IllegalArgumentException("freeze(" + frozenFrom + ", " + frozenTo + ") names layers beyond the "
                    + layers.size() + " this network has");
        }
        layersFit(layers, type, i -> "layer " + i + " " + layers.get(i).name());
    }

    /**
     * Layers built for another network of this type only, every new layer's settings against the type,
     * and the memory the new layers' parameters and gradients need.
     *
     * @param where how to name layer i in a message
     */
    static void layersFit(List<Layer> layers, DataType type, java.util.function.IntFunction<String> where) {
        for (int i = 0; i < layers.size(); i++) {
            Layer next = layers.get(i);
            if (next.isBuilt() && next.dataType() != type) {
                throw new IllegalArgumentException(where.apply(i) + " was built as " + next.dataType()
                        + " for another network, but this network is " + type + ": build it with dataType("
                        + next.dataType() + ")");
            }
        }
        for (int i = 0; i < layers.size(); i++) { // every setting and size against the type, before any build
            if (!layers.get(i).isBuilt()) {
                layers.get(i).requireRepresentable(type, where.apply(i));
            }
        }
        long scalars = layers.stream()
                .filter(l -> !l.isBuilt())
                .mapToLong(Layer::parameterCount)
                .sum();
        // values and gradients off-heap; the optimizer's state and rollback copy come later, on the heap
        org.nnj.kernels.Memory.requireRoom(2 * scalars, type, "the " + scalars + " parameters and their gradients");
    }

    /**
     * Two example shapes agree if both are images ({@code [c, h, w]}) and equal, or if either is flat
     * and they hold as many values (a dense layer reads an image row as it is).
     */
    static boolean sameShape(int[] a, int[] b) {
        if (a.length == 3 && b.length == 3) {
            return Arrays.equals(a, b);
        }
        return Arrays.stream(a).asLongStream().reduce(1, (p, q) -> p * q)
                == Arrays.stream(b).asLongStream().reduce(1, (p, q) -> p * q);
    }

    static String shape(int[] s) {
        return s.length == 1
                ? s[0] + " values"
                : Arrays.stream(s).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining("x"));
    }
}
