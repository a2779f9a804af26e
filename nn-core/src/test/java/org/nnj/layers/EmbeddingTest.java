package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
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
import org.nnj.optim.SGD;
import org.nnj.train.GradientCheck;
import org.nnj.train.ParameterGradientCheck;

/** Embedding: gather by id, scatter-add backward, padding id, id checks, kind and ONNX. */
class EmbeddingTest {
    @TempDir
    Path dir;

    private static Embedding built(Embedding e, DataType type) {
        e.build(type, new Random(1));
        return e;
    }

    @Test
    void gathersRowsByIdAndScatterAddsTheirGradients() {
        Embedding e = built(new Embedding(4, 2, 3), DataType.DOUBLE);
        e.weight().assign(SequenceData.of(DataType.DOUBLE, new double[][] {{0, 1}, {10, 11}, {20, 21}, {30, 31}}));
        INDArray x = SequenceData.of(DataType.DOUBLE, new double[][] {{2, 0, 3}, {1, 1, 2}});
        INDArray out = e.forward(x);
        assertArrayEquals(new double[] {20, 21, 0, 1, 30, 31}, out.getRow(0).toDoubleVector(), 0);
        assertArrayEquals(new double[] {10, 11, 10, 11, 20, 21}, out.getRow(1).toDoubleVector(), 0);
        INDArray g = SequenceData.of(DataType.DOUBLE, new double[][] {{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}});
        INDArray gradIn = e.backward(g);
        // row 0: step 1 of example 0; row 1: steps 0 and 1 of example 1; row 2: step 0 of 0 and step 2 of 1
        SequenceData.assertClose(
                new double[][] {{3, 4}, {7 + 9, 8 + 10}, {1 + 11, 2 + 12}, {5, 6}}, e.weightGradient(), 0, "dJ/dE");
        SequenceData.assertClose(new double[2][3], gradIn, 0, "dJ/dx (ids are not differentiable)");
        SequenceData.assertClose(new double[6][3], e.jacobian(x.getRow(0, true)), 0, "d out/dx");
    }

    @ParameterizedTest
    @EnumSource(
            value = DataType.class,
            names = {"FLOAT", "DOUBLE"})
    void fastPathMatchesTheReference(DataType type) {
        for (int padding : new int[] {-1, 3}) {
            Embedding e = new Embedding(7, 5, 6);
            e = built(padding < 0 ? e : e.withPaddingId(padding), type);
            INDArray x = SequenceData.ids(type, 9, 6, 7, 2);
            INDArray out = e.forward(x);
            double tol = type == DataType.FLOAT ? 1e-6 : 1e-13;
            SequenceData.assertClose(
                    Embedding.reference(SequenceData.rows(e.weight()), SequenceData.rows(x), padding),
                    out,
                    tol,
                    "forward");
            INDArray g = TestData.gaussian(type, 9, 30, 1, 3);
            e.backward(g);
            SequenceData.assertClose(
                    Embedding.referenceGradient(7, padding, SequenceData.rows(x), SequenceData.rows(g)),
                    e.weightGradient(),
                    tol,
                    "dJ/dE");
        }
    }

    @Test
    void thePaddingRowIsZerosAndStaysSo() {
        Embedding e = new Embedding(5, 3, 4).withPaddingId(0);
        Network net = Network.builder()
                .seed(2)
                .add(e)
                .add(new TimeDistributed(new Dense(3, 5), 4))
                .loss(new SparseSoftmaxCrossEntropy(5))
                .build();
        assertArrayEquals(new double[3], e.weight().getRow(0).toDoubleVector(), 0);
        INDArray x = SequenceData.of(DataType.FLOAT, new double[][] {{1, 2, 0, 0}, {3, 4, 4, 0}});
        INDArray y = SequenceData.of(DataType.FLOAT, new double[][] {{2, 3, 0, 0}, {1, 1, 2, 0}});
        SGD sgd = new SGD(0.5);
        for (int i = 0; i < 20; i++) {
            net.trainStep(x, y, sgd);
            assertArrayEquals(new double[3], e.weightGradient().getRow(0).toDoubleVector(), 0);
        }
        assertArrayEquals(new double[3], e.weight().getRow(0).toDoubleVector(), 0);
        assertTrue(e.weight().getRow(1).sumNumber().doubleValue() != 0);
        assertThrows(IllegalArgumentException.class, () -> new Embedding(5, 3, 4).withPaddingId(5));
        e.weight().getRow(0).assign(7); // whatever the row holds, padding steps output zeros
        INDArray out = net.layer(0) instanceof Embedding emb ? emb.forward(x) : null;
        assertArrayEquals(
                new double[] {0, 0, 0, 0, 0, 0},
                out.get(
                                org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                                org.nd4j.linalg.indexing.NDArrayIndex.interval(6, 12))
                        .toDoubleVector(),
                0);
    }

    @Test
    void refusesIdsThatAreNotTokenIdsNamingLayerRowAndStep() {
        Network net = Network.builder()
                .add(new Embedding(4, 2, 3))
                .add(new Dense(6, 2))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        INDArray y = TestData.oneHot(DataType.FLOAT, 2, 2, 1);
        List<double[]> before = TestData.snapshot(net);
        for (double bad : new double[] {1.5, -1, 4, 1e30}) {
            INDArray x = SequenceData.of(DataType.FLOAT, new double[][] {{0, 1, 2}, {3, 2, bad}});
            IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> net.predict(x));
            assertTrue(p.getMessage().contains("Embedding(4x2"), p.getMessage());
            assertTrue(p.getMessage().contains("row 1, step 2"), p.getMessage());
            assertTrue(p.getMessage().contains("[0, 4)"), p.getMessage());
            IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> net.trainStep(x, y, 0.1));
            assertEquals(p.getMessage(), t.getMessage());
            assertThrows(IllegalArgumentException.class, () -> net.loss(x, y));
            assertThrows(IllegalArgumentException.class, () -> net.gradients(x, y));
        }
        assertTrue(TestData.bitIdentical(before, TestData.snapshot(net)), "refused steps change nothing");
    }

    @Test
    void gradientCheckAloneAndInANetwork() {
        Network alone = Network.builder()
                .dataType(DataType.DOUBLE)
                .seed(3)
                .add(new Embedding(5, 3, 4).withPaddingId(1))
                .loss(Loss.mse())
                .build();
        INDArray x = SequenceData.ids(DataType.DOUBLE, 3, 4, 5, 4);
        assertTrue(GradientCheck.worst(
                        ParameterGradientCheck.check(alone, x, TestData.gaussian(DataType.DOUBLE, 3, 12, 1, 5)))
                < 1e-6);
        Network net = Network.builder()
                .dataType(DataType.DOUBLE)
                .seed(3)
                .add(new Embedding(6, 3, 4))
                .add(new TimeDistributed(new Dense(3, 4, Activation.tanh()), 4))
                .add(GlobalTimePooling.average(4, 4))
                .add(new Dense(4, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        INDArray ids = SequenceData.ids(DataType.DOUBLE, 5, 4, 6, 6);
        var result = ParameterGradientCheck.check(net, ids, TestData.oneHot(DataType.DOUBLE, 5, 3, 7));
        assertEquals(5, result.size());
        assertTrue(GradientCheck.worst(result) < 1e-6, result.toString());
        assertArrayEquals(
                new double[5 * 4],
                net.gradients(ids, TestData.oneHot(DataType.DOUBLE, 5, 3, 7))
                        .reshape(20)
                        .toDoubleVector(),
                0);
    }

    @Test
    void savesLoadsAndExportsToOnnx() throws Exception {
        Network net = Network.builder()
                .seed(4)
                .add(new Embedding(9, 3, 5).withPaddingId(0))
                .add(new Dense(15, 4, Activation.relu()))
                .add(new Dense(4, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        INDArray x = SequenceData.ids(DataType.FLOAT, 7, 5, 9, 8);
        Network loaded = SequenceExports.assertRoundTrip(net, x, dir);
        assertEquals(0, ((Embedding) loaded.layer(0)).paddingId());
        assertEquals(net.layer(0).spec(), loaded.layer(0).spec());
        SequenceExports.assertOnnxMatches(net, x, dir, 1e-5);
    }
}
