package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.nnj.io.SequenceExports;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.train.GradientCheck;

/** PaddingMask: 1 at real steps, 0 at the padding id, no gradient; kind and ONNX. */
class PaddingMaskTest {
    @TempDir
    Path dir;

    @Test
    void marksRealStepsAndPadding() {
        PaddingMask m = new PaddingMask(4, 0);
        m.build(DataType.FLOAT, new Random(1));
        INDArray x = SequenceData.of(DataType.FLOAT, new double[][] {{5, 2, 0, 0}, {0, 1, 3, 0}});
        SequenceData.assertClose(new double[][] {{1, 1, 0, 0}, {0, 1, 1, 0}}, m.forward(x), 0, "mask");
        SequenceData.assertClose(
                new double[2][4], m.backward(TestData.gaussian(DataType.FLOAT, 2, 4, 1, 1)), 0, "dJ/dx");
        SequenceData.assertClose(new double[4][4], m.jacobian(x.getRow(0, true)), 0, "d mask/dx");
        PaddingMask negative = new PaddingMask(2, -100);
        negative.build(DataType.DOUBLE, new Random(1));
        SequenceData.assertClose(
                new double[][] {{0, 1}},
                negative.forward(SequenceData.of(DataType.DOUBLE, new double[][] {{-100, 0}})),
                0,
                "mask");
    }

    @ParameterizedTest
    @EnumSource(
            value = DataType.class,
            names = {"FLOAT", "DOUBLE"})
    void fastPathMatchesTheReference(DataType type) {
        PaddingMask m = new PaddingMask(7, 2);
        m.build(type, new Random(1));
        INDArray x = SequenceData.ids(type, 6, 7, 4, 3);
        SequenceData.assertClose(PaddingMask.reference(SequenceData.rows(x), 2), m.forward(x), 0, "mask");
    }

    @Test
    void gradientCheckInANetwork() {
        // ids away from the padding id: a perturbation does not cross it, so the numeric gradient is 0 too
        Network net = Network.builder()
                .dataType(DataType.DOUBLE)
                .add(new PaddingMask(3, 0))
                .add(new Dense(3, 2))
                .loss(Loss.mse())
                .build();
        INDArray x = SequenceData.of(DataType.DOUBLE, new double[][] {{1, 2, 3}, {4, 5, 6}});
        double worst = GradientCheck.worst(GradientCheck.check(net, x, TestData.gaussian(DataType.DOUBLE, 2, 2, 1, 2)));
        assertTrue(worst < 1e-6, "worst " + worst);
    }

    @Test
    void savesLoadsAndExportsToOnnx() throws Exception {
        Network net = Network.builder()
                .seed(3)
                .add(new PaddingMask(5, 0))
                .add(new Dense(5, 3))
                .loss(Loss.mse())
                .build();
        INDArray x = SequenceData.ids(DataType.FLOAT, 8, 5, 3, 4);
        Network loaded = SequenceExports.assertRoundTrip(net, x, dir);
        assertEquals(net.layer(0).spec(), loaded.layer(0).spec());
        SequenceExports.assertOnnxMatches(net, x, dir, 1e-5);
    }
}
