package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.nnj.io.ModelFile;
import org.nnj.io.Onnx;
import org.nnj.io.SequenceExports;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.train.GradientCheck;

/** TimeDistributed: a flat layer at every step, shared parameters, gradients summed over steps. */
class TimeDistributedTest {
    @TempDir
    Path dir;

    @Test
    void appliesTheInnerLayerAtEveryStepAndSumsItsGradients() {
        Dense d = new Dense(2, 1);
        TimeDistributed td = new TimeDistributed(d, 3);
        td.build(DataType.DOUBLE, new Random(1));
        d.weight().assign(SequenceData.of(DataType.DOUBLE, new double[][] {{1, 2}}));
        d.bias().assign(0.5);
        INDArray x = SequenceData.of(DataType.DOUBLE, new double[][] {{1, 1, 2, 0, 0, 3}});
        SequenceData.assertClose(new double[][] {{3.5, 2.5, 6.5}}, td.forward(x), 0, "W x_t + b");
        INDArray gradIn = td.backward(SequenceData.of(DataType.DOUBLE, new double[][] {{1, 10, 100}}));
        // dJ/dW = Σ_t g_t x_t = 1·[1, 1] + 10·[2, 0] + 100·[0, 3]; dJ/db = Σ_t g_t; dJ/dx_t = g_t W
        SequenceData.assertClose(new double[][] {{21, 301}}, d.weightGradient(), 0, "dJ/dW");
        SequenceData.assertClose(new double[][] {{111}}, d.biasGradient(), 0, "dJ/db");
        SequenceData.assertClose(new double[][] {{1, 2, 10, 20, 100, 200}}, gradIn, 0, "dJ/dx");
        SequenceData.assertClose(
                new double[][] {{1, 2, 0, 0, 0, 0}, {0, 0, 1, 2, 0, 0}, {0, 0, 0, 0, 1, 2}},
                td.jacobian(x),
                0,
                "block-diagonal Jacobian");
        assertEquals(2 + 1, td.parameterCount());
        assertEquals(d.parameters(), td.parameters());
    }

    @ParameterizedTest
    @EnumSource(
            value = DataType.class,
            names = {"FLOAT", "DOUBLE"})
    void matchesTheInnerLayerRunStepByStep(DataType type) {
        for (Activation a : new Activation[] {Activation.relu(), Activation.softmax()}) {
            Dense d = new Dense(4, 3, a);
            TimeDistributed td = new TimeDistributed(d, 5);
            td.build(type, new Random(2));
            d.bias().assign(TestData.gaussian(type, 1, 3, 1, 3));
            INDArray x = TestData.gaussian(type, 6, 20, 1, 4);
            double[][] expected = TimeDistributed.reference(
                    SequenceData.rows(x),
                    5,
                    step -> SequenceData.rows(d.forward(SequenceData.of(type, new double[][] {step})))[0]);
            double tol = type == DataType.FLOAT ? 1e-6 : 1e-13;
            SequenceData.assertClose(expected, td.forward(x), tol, a.name() + " forward");
        }
    }

    @Test
    void refusesLayersThatAreNotFlat() {
        Conv2D conv = new Conv2D(
                new ImageShape(1, 3, 3), 1, 2, 1, Padding.VALID, Activation.relu(), org.nnj.init.Initializer.he());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TimeDistributed(conv, 2));
        assertTrue(e.getMessage().contains("flat layer"), e.getMessage());
    }

    @Test
    void gradientCheckAloneAndInANetwork() {
        Network alone = Network.builder()
                .dataType(DataType.DOUBLE)
                .seed(3)
                .add(new TimeDistributed(new Dense(3, 2, Activation.tanh()), 4))
                .loss(Loss.mse())
                .build();
        INDArray x = TestData.gaussian(DataType.DOUBLE, 3, 12, 1, 5);
        double worst =
                GradientCheck.worst(GradientCheck.check(alone, x, TestData.gaussian(DataType.DOUBLE, 3, 8, 1, 6)));
        assertTrue(worst < 1e-6, "worst " + worst);
        Network net = Network.builder()
                .dataType(DataType.DOUBLE)
                .seed(3)
                .add(new TimeDistributed(new Dense(3, 4, Activation.softmax()), 4))
                .add(new TimeDistributed(new Dense(4, 2, Activation.sigmoid()), 4))
                .add(GlobalTimePooling.max(4, 2))
                .add(new Dense(2, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        var result = GradientCheck.check(net, x, TestData.oneHot(DataType.DOUBLE, 3, 3, 7));
        assertTrue(GradientCheck.worst(result) < 1e-6, result.toString());
    }

    @Test
    void savesLoadsAndExportsToOnnxWithADenseInside() throws Exception {
        for (Activation a : new Activation[] {Activation.relu(), Activation.softmax(), Activation.tanh()}) {
            Network net = Network.builder()
                    .seed(6)
                    .add(new TimeDistributed(new Dense(3, 4, a), 5))
                    .add(new Dense(20, 2))
                    .loss(Loss.softmaxCrossEntropy())
                    .build();
            ((TimeDistributed) net.layer(0)).inner().parameters().get(1).value().assign(0.3); // a non-zero bias
            INDArray x = TestData.gaussian(DataType.FLOAT, 7, 15, 1, 8);
            Network loaded = SequenceExports.assertRoundTrip(net, x, dir);
            assertEquals(net.layer(0).spec(), loaded.layer(0).spec());
            SequenceExports.assertOnnxMatches(net, x, dir, 1e-5);
        }
        Network other = Network.builder()
                .add(new TimeDistributed(new ActivationLayer(3, Activation.relu()), 2))
                .loss(Loss.mse())
                .build();
        IllegalArgumentException save =
                assertThrows(IllegalArgumentException.class, () -> ModelFile.save(dir.resolve("x.nnj"), other));
        assertTrue(save.getMessage().contains("time_distributed"), save.getMessage());
        IllegalArgumentException onnx =
                assertThrows(IllegalArgumentException.class, () -> Onnx.export(other, null, dir.resolve("x.onnx")));
        assertTrue(onnx.getMessage().contains("Dense inner layer"), onnx.getMessage());
    }
}
