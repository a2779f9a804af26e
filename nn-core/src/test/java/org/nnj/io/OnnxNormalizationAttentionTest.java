package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.init.Initializer;
import org.nnj.layers.BatchNormalization2D;
import org.nnj.layers.Conv2D;
import org.nnj.layers.Dense;
import org.nnj.layers.Flatten;
import org.nnj.layers.ImageShape;
import org.nnj.layers.LayerNormalization;
import org.nnj.layers.MultiHeadAttention;
import org.nnj.layers.Padding;
import org.nnj.layers.Parameter;
import org.nnj.layers.SequenceShape;
import org.nnj.losses.Loss;
import org.nnj.models.Network;

/**
 * LayerNormalization (composed of ReduceMean, Sub, Mul, Sqrt, Div, Add), BatchNormalization2D
 * (BatchNormalization on NCHW) and MultiHeadAttention (MatMul, Reshape, Transpose, Softmax and a
 * constant causal mask) exported and run in ONNX Runtime: what predict computes, to 1e-4.
 */
class OnnxNormalizationAttentionTest {
    @TempDir
    Path dir;

    static void perturb(Network net) {
        long seed = 90;
        for (Parameter p : net.parameters()) {
            p.value()
                    .addi(TestData.gaussian(
                            DataType.FLOAT,
                            (int) p.value().size(0),
                            (int) p.value().size(1),
                            0.3,
                            seed++));
        }
    }

    void assertSame(Network net, INDArray x, String name) throws Exception {
        Path file = dir.resolve(name + ".onnx");
        Onnx.export(net, null, file);
        INDArray expected = net.predict(x);
        float[][] actual = OnnxTest.run(file, x.toFloatMatrix());
        assertEquals(x.rows(), actual.length);
        for (int r = 0; r < actual.length; r++) {
            for (int c = 0; c < net.outputSize(); c++) {
                assertEquals(expected.getDouble(r, c), actual[r][c], 1e-4, name + " row " + r + " column " + c);
            }
        }
    }

    @Test
    void layerNormalizationFlatAndPerStep() throws Exception {
        Network net = Network.builder()
                .seed(1)
                .add(new Dense(5, 12, Activation.tanh()))
                .add(new LayerNormalization(new SequenceShape(3, 4)))
                .add(new Dense(12, 6))
                .add(new LayerNormalization(6))
                .loss(Loss.mse())
                .build();
        perturb(net);
        assertSame(net, TestData.gaussian(DataType.FLOAT, 9, 5, 2, 2), "layernorm");
    }

    @Test
    void batchNormalization2DWithTrainedStatistics() throws Exception {
        ImageShape in = new ImageShape(2, 5, 5);
        Conv2D conv = new Conv2D(in, 3, 3, 1, Padding.SAME, Activation.relu(), Initializer.heUniform());
        Network net = Network.builder()
                .seed(2)
                .inputShape(2, 5, 5)
                .add(conv)
                .add(new BatchNormalization2D(conv.output()))
                .add(new Flatten(conv.output()))
                .add(new Dense(conv.output().size(), 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        INDArray train = TestData.gaussian(DataType.FLOAT, 16, in.size(), 1, 3).addi(0.5);
        for (int i = 0; i < 5; i++) { // move the running statistics away from 0 and 1
            net.trainStep(train, TestData.oneHot(DataType.FLOAT, 16, 3, 4), 0.05);
        }
        assertSame(net, TestData.gaussian(DataType.FLOAT, 7, in.size(), 1, 5), "batchnorm2d");
    }

    @Test
    void multiHeadAttentionPlainAndCausal() throws Exception {
        for (boolean causal : new boolean[] {false, true}) {
            for (int heads : new int[] {1, 4}) {
                Network net = Network.builder()
                        .seed(3)
                        .add(new LayerNormalization(new SequenceShape(6, 8)))
                        .add(new MultiHeadAttention(6, 8, heads, causal))
                        .add(new Dense(48, 4))
                        .loss(Loss.mse())
                        .build();
                perturb(net);
                assertSame(net, TestData.gaussian(DataType.FLOAT, 5, 48, 1, 6), "mha" + heads + causal);
            }
        }
    }
}
