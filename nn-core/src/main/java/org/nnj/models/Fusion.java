package org.nnj.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Spec;
import org.nnj.layers.Conv2D;
import org.nnj.layers.Layer;
import org.nnj.layers.Parameter;

/**
 * The rewrite of a graph at build time that replaces a float32 {@link Conv2D} with a ReLU, read only
 * by a 2x2, stride-2 max pooling ({@link Conv2D#fusesWith}), by one fused node: the same values as the
 * two layers one after the other, in one pass each way, without writing the convolution's output. It is
 * the one place that knows a layer's type; the engine runs the fused node like any other.
 */
final class Fusion {
    private Fusion() {}

    static Graph rewrite(Graph g) {
        int n = g.nodes();
        int[] readers = new int[n];
        for (int[] refs : g.inputs) {
            for (int r : refs) {
                if (r >= 0) {
                    readers[r]++;
                }
            }
        }
        for (int out : g.outputNodes) {
            readers[out]++;
        }
        int[] fuseInto = new int[n]; // node i (a convolution) fused into the pooling node fuseInto[i]
        Arrays.fill(fuseInto, -1);
        boolean any = false;
        for (int j = 0; j < n; j++) {
            if (g.inputs[j].length == 1 && g.inputs[j][0] >= 0) {
                int i = g.inputs[j][0];
                if (readers[i] == 1
                        && g.ops[i] instanceof Conv2D conv
                        && conv.fusesWith(g.ops[j])
                        && usedOnce(g, g.layerOf[i])) {
                    fuseInto[i] = j;
                    any = true;
                }
            }
        }
        if (!any) {
            return g;
        }
        int[] newIndex = new int[n];
        List<Layer> ops = new ArrayList<>();
        List<Integer> layerOf = new ArrayList<>();
        List<int[]> inputs = new ArrayList<>();
        int[] convOf = new int[n];
        Arrays.fill(convOf, -1);
        for (int i = 0; i < n; i++) {
            if (fuseInto[i] >= 0) {
                convOf[fuseInto[i]] = i;
            }
        }
        for (int j = 0; j < n; j++) {
            if (fuseInto[j] >= 0) {
                newIndex[j] = -1; // replaced by the fused node at its pooling's place
                continue;
            }
            int source = convOf[j] >= 0 ? convOf[j] : j;
            newIndex[j] = ops.size();
            ops.add(convOf[j] >= 0 ? new ConvPool((Conv2D) g.ops[source], g.ops[j]) : g.ops[j]);
            layerOf.add(g.layerOf[source]);
            inputs.add(g.inputs[source].clone());
        }
        for (int[] refs : inputs) {
            for (int k = 0; k < refs.length; k++) {
                if (refs[k] >= 0) {
                    refs[k] = newIndex[refs[k]];
                }
            }
        }
        int[] outputs = Arrays.stream(g.outputNodes).map(o -> newIndex[o]).toArray();
        return new Graph(
                g.layers,
                ops.toArray(new Layer[0]),
                layerOf.stream().mapToInt(Integer::intValue).toArray(),
                inputs.toArray(new int[0][]),
                List.of(g.inputNames),
                List.of(g.inputShapes),
                List.of(g.outputNames),
                outputs,
                g.losses,
                g.weights,
                g.sequential);
    }

    private static boolean usedOnce(Graph g, int layer) {
        return Arrays.stream(g.layerOf).filter(l -> l == layer).count() == 1;
    }

    /** A convolution and the max pooling after it as one node ({@link Conv2D#forwardPooled}). */
    private static final class ConvPool implements Layer {
        private final Conv2D conv;
        private final Layer pool;

        ConvPool(Conv2D conv, Layer pool) {
            this.conv = conv;
            this.pool = pool;
        }

        @Override
        public String name() {
            return conv.name() + " + " + pool.name();
        }

        @Override
        public int inputSize() {
            return conv.inputSize();
        }

        @Override
        public int outputSize() {
            return pool.outputSize();
        }

        @Override
        public int[] inputShape() {
            return conv.inputShape();
        }

        @Override
        public int[] outputShape() {
            return pool.outputShape();
        }

        @Override
        public void build(DataType type, java.util.Random rng) {
            throw new IllegalStateException("a fused node is made of built layers");
        }

        @Override
        public boolean isBuilt() {
            return true;
        }

        @Override
        public DataType dataType() {
            return conv.dataType();
        }

        @Override
        public long parameterCount() {
            return conv.parameterCount();
        }

        @Override
        public List<Parameter> parameters() {
            return conv.parameters();
        }

        @Override
        public void forward(INDArray x, INDArray out, boolean training) {
            conv.forwardPooled(x, out, training);
        }

        @Override
        public void backward(INDArray x, INDArray out, INDArray gradOut, INDArray gradIn) {
            conv.backwardPooled(x, out, gradOut, gradIn);
        }

        @Override
        public INDArray jacobian(INDArray x) {
            throw new UnsupportedOperationException("the Jacobian of " + name() + " is its layers' product");
        }

        @Override
        public Spec spec() {
            throw new UnsupportedOperationException("a fused node is not saved; its layers are");
        }
    }
}
