package org.nnj.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.activations.Activation;
import org.nnj.data.MinMaxScaler;
import org.nnj.data.Standardizer;
import org.nnj.init.Initializer;
import org.nnj.layers.ActivationLayer;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;

/**
 * Settings valid as doubles that overflow float32 (largest finite value 3.4028235E38) are refused
 * where the type becomes known: at network build, layer build and normalizer transform.
 */
class RepresentableSettingsTest {
    static void assertNamesFloatMax(IllegalArgumentException e, String setting) {
        assertTrue(e.getMessage().contains(setting), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(Float.MAX_VALUE)), e.getMessage());
    }

    @Test
    void constantInitializerBeyondFloat32IsRefusedAtBuild() {
        Dense first = new Dense(2, 3, Activation.relu());
        Dense layer = new Dense(3, 1, Activation.identity(), Initializer.constant(1e39));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Network.builder().add(first).add(layer).loss(Loss.mse()).build());
        assertNamesFloatMax(e, "layer 1");
        assertNamesFloatMax(e, "weightInit constant value");
        assertFalse(first.isBuilt(), "no layer is built when one setting does not fit");
        assertFalse(layer.isBuilt());
        // the same setting fits a float64 network
        Network net = Network.builder()
                .dataType(DataType.DOUBLE)
                .add(new Dense(2, 1, Activation.identity(), Initializer.constant(1e39)))
                .loss(Loss.mse())
                .build();
        assertEquals(1e39, net.parameters().get(0).value().getDouble(0), 1e24);
    }

    @Test
    void uniformAndNormalBeyondFloat32AreRefusedAtLayerBuild() {
        Dense u = new Dense(2, 1, Activation.identity(), Initializer.uniform(-1e39, 1), Initializer.zeros());
        assertNamesFloatMax(
                assertThrows(IllegalArgumentException.class, () -> u.build(DataType.FLOAT, new java.util.Random(0))),
                "uniform low");
        assertFalse(u.isBuilt());
        Dense n = new Dense(2, 1, Activation.identity(), Initializer.xavierUniform(), Initializer.normal(1e39));
        assertNamesFloatMax(
                assertThrows(IllegalArgumentException.class, () -> n.build(DataType.FLOAT, new java.util.Random(0))),
                "biasInit normal std");
    }

    @Test
    void leakyReluAlphaBeyondFloat32IsRefusedAtBuild() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Network.builder()
                .add(new Dense(2, 3, Activation.leakyRelu(1e40)))
                .add(new Dense(3, 1, Activation.identity()))
                .loss(Loss.mse())
                .build());
        assertNamesFloatMax(e, "layer 0");
        assertNamesFloatMax(e, "leakyRelu alpha");
        IllegalArgumentException own = assertThrows(IllegalArgumentException.class, () -> Network.builder()
                .add(new Dense(2, 3, Activation.identity()))
                .add(new ActivationLayer(3, Activation.leakyRelu(1e40)))
                .add(new Dense(3, 1, Activation.identity()))
                .loss(Loss.mse())
                .build());
        assertNamesFloatMax(own, "layer 1");
    }

    @Test
    void standardizerWhoseInverseStdOverflowsIsRefusedAtTransform() {
        Standardizer s = new Standardizer(new double[] {0, 0}, new double[] {1, 1e-320});
        INDArray x = Nd4j.createFromArray(new float[][] {{1, 2}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.transform(x));
        assertNamesFloatMax(e, "std[1] = 1.0E-320");
        assertThrows(IllegalArgumentException.class, () -> s.inverse(x));
        // 1e-39 is a normal double, but its inverse does not fit float32; it does fit float64
        Standardizer t = new Standardizer(new double[] {0}, new double[] {1e-39});
        assertThrows(IllegalArgumentException.class, () -> t.transform(Nd4j.createFromArray(new float[][] {{1}})));
        assertEquals(
                1e39, t.transform(Nd4j.createFromArray(new double[][] {{1}})).getDouble(0), 1e24);
        // a mean beyond float32
        Standardizer m = new Standardizer(new double[] {1e39}, new double[] {1});
        assertNamesFloatMax(
                assertThrows(
                        IllegalArgumentException.class, () -> m.transform(Nd4j.createFromArray(new float[][] {{1}}))),
                "mean[0]");
        MinMaxScaler r = new MinMaxScaler(new double[] {0}, new double[] {1e-40});
        assertNamesFloatMax(
                assertThrows(
                        IllegalArgumentException.class, () -> r.transform(Nd4j.createFromArray(new float[][] {{1}}))),
                "range[0]");
    }
}
