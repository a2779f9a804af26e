package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.io.SequenceExports;
import org.nnj.losses.Loss;
import org.nnj.losses.SparseSoftmaxCrossEntropy;
import org.nnj.models.Network;
import org.nnj.train.GradientCheck;
import org.nnj.train.ParameterGradientCheck;

/** PositionalEmbedding: out = x + P, dJ/dP the batch sum, dJ/dx = dJ/dout; kind and ONNX. */
class PositionalEmbeddingTest {
    @TempDir
    Path dir;

    @Test
    void addsTheTableAndSumsItsGradientOverTheBatch() {
        PositionalEmbedding p = new PositionalEmbedding(2, 2);
        p.build(DataType.DOUBLE, new Random(1));
        p.table().assign(SequenceData.of(DataType.DOUBLE, new double[][] {{1, 2}, {3, 4}}));
        INDArray x = SequenceData.of(DataType.DOUBLE, new double[][] {{10, 20, 30, 40}, {-1, -2, -3, -4}});
        SequenceData.assertClose(new double[][] {{11, 22, 33, 44}, {0, 0, 0, 0}}, p.forward(x), 0, "x + P");
        INDArray g = SequenceData.of(DataType.DOUBLE, new double[][] {{1, 2, 3, 4}, {5, 6, 7, 8}});
        SequenceData.assertClose(new double[][] {{1, 2, 3, 4}, {5, 6, 7, 8}}, p.backward(g), 0, "dJ/dx");
        SequenceData.assertClose(new double[][] {{6, 8}, {10, 12}}, p.tableGradient(), 0, "dJ/dP");
        double[][] identity = new double[4][4];
        for (int i = 0; i < 4; i++) {
            identity[i][i] = 1;
        }
        SequenceData.assertClose(identity, p.jacobian(x.getRow(0, true)), 0, "d out/dx");
    }

    @ParameterizedTest
    @EnumSource(
            value = DataType.class,
            names = {"FLOAT", "DOUBLE"})
    void fastPathMatchesTheReference(DataType type) {
        PositionalEmbedding p = new PositionalEmbedding(6, 5, org.nnj.init.Initializer.normal(1));
        p.build(type, new Random(2));
        INDArray x = TestData.gaussian(type, 40, 30, 1, 3); // 1200 values: both columnSums paths below/above BLAS
        double tol = type == DataType.FLOAT ? 1e-5 : 1e-12;
        double[] table = p.table().castTo(DataType.DOUBLE).reshape(30).toDoubleVector();
        SequenceData.assertClose(
                PositionalEmbedding.reference(SequenceData.rows(x), table), p.forward(x), tol, "x + P");
        for (int rows : new int[] {40, 200}) {
            PositionalEmbedding q = new PositionalEmbedding(6, 5);
            q.build(type, new Random(2));
            q.forward(TestData.gaussian(type, rows, 30, 1, 3));
            INDArray g = TestData.gaussian(type, rows, 30, 1, 4);
            q.backward(g);
            SequenceData.assertClose(
                    new double[][] {PositionalEmbedding.referenceGradient(SequenceData.rows(g))},
                    q.tableGradient().reshape(1, 30),
                    tol * 10,
                    "dJ/dP");
        }
    }

    @Test
    void gradientCheckAloneAndInANetwork() {
        Network alone = Network.builder()
                .dataType(DataType.DOUBLE)
                .seed(4)
                .add(new PositionalEmbedding(3, 2))
                .add(new Dense(6, 2, Activation.tanh()))
                .loss(Loss.mse())
                .build();
        INDArray x = TestData.gaussian(DataType.DOUBLE, 4, 6, 1, 5);
        double worst =
                GradientCheck.worst(GradientCheck.check(alone, x, TestData.gaussian(DataType.DOUBLE, 4, 2, 1, 6)));
        assertTrue(worst < 1e-6, "worst " + worst);
        Network gpt = Network.builder()
                .dataType(DataType.DOUBLE)
                .seed(4)
                .add(new Embedding(5, 3, 4))
                .add(new PositionalEmbedding(4, 3))
                .add(new TimeDistributed(new Dense(3, 5), 4))
                .loss(new SparseSoftmaxCrossEntropy(5).ignoring(0))
                .build();
        INDArray ids = SequenceData.ids(DataType.DOUBLE, 3, 4, 5, 7);
        var result = ParameterGradientCheck.check(gpt, ids, SequenceData.ids(DataType.DOUBLE, 3, 4, 5, 8));
        assertTrue(GradientCheck.worst(result) < 1e-6, result.toString());
    }

    @Test
    void savesLoadsAndExportsToOnnx() throws Exception {
        Network net = Network.builder()
                .seed(5)
                .add(new Embedding(6, 3, 4))
                .add(new PositionalEmbedding(4, 3, org.nnj.init.Initializer.normal(1)))
                .add(new TimeDistributed(new Dense(3, 6), 4))
                .loss(new SparseSoftmaxCrossEntropy(6))
                .build();
        INDArray x = SequenceData.ids(DataType.FLOAT, 5, 4, 6, 9);
        SequenceExports.assertRoundTrip(net, x, dir);
        SequenceExports.assertOnnxMatches(net, x, dir, 1e-5);
    }
}
