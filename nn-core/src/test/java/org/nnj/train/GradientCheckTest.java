package org.nnj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.init.Initializer;
import org.nnj.layers.ActivationLayer;
import org.nnj.layers.Dense;
import org.nnj.losses.BinaryCrossEntropy;
import org.nnj.losses.Loss;
import org.nnj.models.Network;

class GradientCheckTest {
    static final double TOLERANCE = 1e-6;

    static List<Activation> activations() {
        return List.of(
                Activation.identity(),
                Activation.step(),
                Activation.sigmoid(),
                Activation.tanh(),
                Activation.relu(),
                Activation.leakyRelu(0.1),
                Activation.softmax());
    }

    static List<Loss> losses() {
        return List.of(
                Loss.mae(),
                Loss.mse(),
                Loss.binaryCrossEntropy(),
                BinaryCrossEntropy.fromLogits(),
                Loss.categoricalCrossEntropy(),
                Loss.softmaxCrossEntropy());
    }

    /**
     * Every (layer form) x (activation) x (loss) that can be trained by gradient: the step activation
     * (derivative 0), softmax before softmax cross-entropy and the sigmoid before BCE on logits are
     * refused by the network ({@link #refusedCombinationsAreRefused}).
     */
    static Stream<Arguments> combinations() {
        List<Arguments> out = new ArrayList<>();
        for (String form : List.of("dense", "separate")) {
            for (Activation a : activations()) {
                for (Loss l : losses()) {
                    if (!refused(a, l)) {
                        out.add(Arguments.of(form, a, l));
                    }
                }
            }
        }
        return out.stream();
    }

    static boolean refused(Activation a, Loss l) {
        return a == Activation.step()
                || (a == Activation.softmax() && l.name().equals("softmax_crossentropy"))
                || (a == Activation.sigmoid() && l.name().equals("binary_crossentropy_from_logits"));
    }

    /** Issue 24, item 9: the combinations left out of the gradient check are refused, not computed. */
    @Test
    void refusedCombinationsAreRefused() {
        for (String form : List.of("dense", "separate")) {
            for (Activation a : activations()) {
                for (Loss l : losses()) {
                    if (refused(a, l)) {
                        assertThrows(
                                IllegalArgumentException.class,
                                () -> GradientCheck.check(
                                        network(form, a, l, 11),
                                        TestData.gaussian(DataType.DOUBLE, 6, 4, 1.0, 3),
                                        targets(l)));
                    }
                }
            }
        }
    }

    static Network network(String form, Activation a, Loss loss, long seed) {
        Network.Builder b =
                Network.builder().dataType(DataType.DOUBLE).seed(seed).loss(loss);
        Initializer init = Initializer.normal(0.8);
        if (form.equals("dense")) {
            b.add(new Dense(4, 5, a, init, Initializer.normal(0.3)))
                    .add(new Dense(5, 3, a, init, Initializer.normal(0.3)));
        } else {
            b.add(new Dense(4, 5, Activation.identity(), init, Initializer.normal(0.3)))
                    .add(new ActivationLayer(5, a))
                    .add(new Dense(5, 3, Activation.identity(), init, Initializer.normal(0.3)))
                    .add(new ActivationLayer(3, a));
        }
        return b.build();
    }

    static INDArray targets(Loss loss) {
        String n = loss.name();
        if (n.startsWith("categorical") || n.startsWith("softmax")) {
            return TestData.oneHot(DataType.DOUBLE, 6, 3, 7);
        }
        if (n.startsWith("binary")) {
            return TestData.probabilities(DataType.DOUBLE, 6, 3, 7);
        }
        return TestData.gaussian(DataType.DOUBLE, 6, 3, 1.0, 7);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("combinations")
    void backpropMatchesFiniteDifferences(String form, Activation activation, Loss loss) {
        Network net = network(form, activation, loss, 11);
        INDArray x = TestData.gaussian(DataType.DOUBLE, 6, 4, 1.0, 3);
        Map<String, Double> result = GradientCheck.check(net, x, targets(loss));
        assertEquals(net.parameters().size() + 1, result.size(), "one entry per parameter tensor plus the input");
        for (Map.Entry<String, Double> e : result.entrySet()) {
            assertTrue(
                    e.getValue() < TOLERANCE,
                    form + " " + activation + " " + loss.name() + " " + e.getKey() + ": max relative error "
                            + e.getValue());
        }
    }

    @Test
    void detectsAWrongGradient() {
        // The check must be able to fail: corrupt the analytic side by checking a network whose loss
        // gradient is scaled (MSE gradient of a different loss) and expect a large error.
        Loss wrong = new Loss() {
            @Override
            public String name() {
                return "wrong";
            }

            @Override
            public double value(INDArray p, INDArray y) {
                return Loss.mse().value(p, y);
            }

            @Override
            public double valueAndGradient(INDArray p, INDArray y, INDArray g) {
                double v = Loss.mse().valueAndGradient(p, y, g);
                g.putScalar(0, g.getDouble(0) * 1.01);
                return v;
            }
        };
        Network net = network("dense", Activation.tanh(), wrong, 5);
        INDArray x = TestData.gaussian(DataType.DOUBLE, 6, 4, 1.0, 3);
        Map<String, Double> result = GradientCheck.check(net, x, TestData.gaussian(DataType.DOUBLE, 6, 3, 1, 9));
        assertTrue(GradientCheck.worst(result) > 1e-4, "a 1% error in one gradient entry must show: " + result);
    }

    @Test
    void theNewerActivationsPassTheGradientCheckInANetwork() {
        for (Activation a : java.util.List.of(
                Activation.elu(0.7),
                Activation.selu(),
                Activation.softplus(),
                Activation.softsign(),
                Activation.hardSigmoid())) {
            Network net = network("dense", a, Loss.mse(), 2);
            INDArray x = TestData.gaussian(DataType.DOUBLE, 6, 4, 1.0, 3);
            Map<String, Double> result = GradientCheck.check(net, x, TestData.gaussian(DataType.DOUBLE, 6, 3, 1, 9));
            assertTrue(GradientCheck.worst(result) < 1e-6, a + ": " + result);
        }
    }

    /**
     * GELU (exact and tanh form) and SiLU, whose backward reads z: in Dense layers (Z kept by the layer),
     * as activation layers (z = the layer's input) and in a convolution, against central differences.
     */
    @Test
    void theGatedActivationsPassTheGradientCheckInDenseActivationAndConvolutionLayers() {
        for (Activation a : List.of(Activation.gelu(), Activation.geluTanh(), Activation.silu())) {
            for (String form : List.of("dense", "separate")) {
                Network net = network(form, a, Loss.mse(), 2);
                INDArray x = TestData.gaussian(DataType.DOUBLE, 6, 4, 1.0, 3);
                Map<String, Double> result =
                        GradientCheck.check(net, x, TestData.gaussian(DataType.DOUBLE, 6, 3, 1, 9));
                assertTrue(GradientCheck.worst(result) < TOLERANCE, a + " " + form + ": " + result);
            }
            org.nnj.layers.ImageShape image = new org.nnj.layers.ImageShape(1, 5, 5);
            Network conv = Network.builder()
                    .dataType(DataType.DOUBLE)
                    .seed(4)
                    .add(new org.nnj.layers.Conv2D(
                            image, 2, 3, 1, org.nnj.layers.Padding.SAME, a, Initializer.normal(0.8)))
                    .add(new org.nnj.layers.Flatten(new org.nnj.layers.ImageShape(2, 5, 5)))
                    .add(new Dense(50, 3, a, Initializer.normal(0.3)))
                    .loss(Loss.mse())
                    .build();
            INDArray x = TestData.gaussian(DataType.DOUBLE, 4, 25, 1.0, 5);
            Map<String, Double> result = GradientCheck.check(conv, x, TestData.gaussian(DataType.DOUBLE, 4, 3, 1, 6));
            assertTrue(GradientCheck.worst(result) < TOLERANCE, a + " conv2d: " + result);
        }
    }

    @Test
    void restoresParametersAndRejectsFloat32() {
        Network net = network("dense", Activation.sigmoid(), Loss.mse(), 1);
        var before = TestData.snapshot(net);
        GradientCheck.check(net, TestData.gaussian(DataType.DOUBLE, 6, 4, 1.0, 3), targets(Loss.mse()));
        assertTrue(TestData.bitIdentical(before, TestData.snapshot(net)));

        Network f32 = Network.builder().add(new Dense(2, 1)).loss(Loss.mse()).build();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> GradientCheck.check(
                        f32,
                        TestData.gaussian(DataType.FLOAT, 2, 2, 1, 1),
                        TestData.gaussian(DataType.FLOAT, 2, 1, 1, 1)));
        assertTrue(e.getMessage().contains("DOUBLE"), e.getMessage());
    }
}
