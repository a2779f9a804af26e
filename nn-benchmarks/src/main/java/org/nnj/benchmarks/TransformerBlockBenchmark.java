package org.nnj.benchmarks;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.activations.Activation;
import org.nnj.layers.Dense;
import org.nnj.layers.LayerNormalization;
import org.nnj.layers.MultiHeadAttention;
import org.nnj.layers.SequenceShape;
import org.nnj.layers.TimeDistributed;
import org.nnj.losses.SparseSoftmaxCrossEntropy;
import org.nnj.models.GraphBuilder;
import org.nnj.models.Network;
import org.nnj.models.Node;
import org.nnj.optim.Adam;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of a transformer encoder block (issue 28's workload: batch 64, 64 tokens, d 64, 4
 * heads; float32), forward + backward + Adam: the post-LayerNorm block of BERT and of DJL's {@code
 * TransformerEncoderBlock}, {@code h = LN(x + MHA(x))}, {@code out = LN(h + W2 f(W1 h))} with a 64-256-64
 * feed-forward per token ({@code f}: ReLU, or GELU with {@code -p activation=gelu} when it exists), then a
 * per-token Dense(64 → 10) and sparse softmax cross-entropy per token. {@code DjlTransformer} (the
 * {@code -Ppeers} profile) runs it beside the same block in DJL on PyTorch 2.7.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx4g"})
public class TransformerBlockBenchmark {
    static final int BATCH = 64;
    static final int TIME = 64;
    static final int D = 64;
    static final int HEADS = 4;
    static final int HIDDEN = 256;
    static final int CLASSES = 10;

    private Network network;
    private Adam adam;
    private INDArray x;
    private INDArray y;

    /** The block as a graph network (post-LN, as DJL's {@code TransformerEncoderBlock}). */
    static Network block(Activation f) {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", TIME, D);
        Node a = g.apply(new MultiHeadAttention(TIME, D, HEADS), x);
        Node h = g.apply(new LayerNormalization(new SequenceShape(TIME, D)), g.add(x, a));
        Node m = g.apply(new TimeDistributed(new Dense(D, HIDDEN, f), TIME), h);
        m = g.apply(new TimeDistributed(new Dense(HIDDEN, D), TIME), m);
        Node out = g.apply(new LayerNormalization(new SequenceShape(TIME, D)), g.add(h, m));
        g.output(
                "y",
                g.apply(new TimeDistributed(new Dense(D, CLASSES), TIME), out),
                new SparseSoftmaxCrossEntropy(CLASSES));
        return g.seed(Shapes.SEED).build();
    }

    /** Standard normal inputs, and a class per token. */
    static INDArray[] batch() {
        INDArray x = Nd4j.randn(DataType.FLOAT, BATCH, TIME * D);
        INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, TIME);
        for (int i = 0; i < BATCH; i++) {
            for (int t = 0; t < TIME; t++) {
                y.putScalar(i, t, (i + t) % CLASSES);
            }
        }
        return new INDArray[] {x, y};
    }

    @Setup
    public void setUp() {
        INDArray[] b = batch();
        x = b[0];
        y = b[1];
        network = block(Activation.relu());
        adam = new Adam(0.001);
    }

    @Benchmark
    public double step() {
        return network.trainStep(x, y, adam);
    }
}
