package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.io.ModelFile;
import org.nnj.kernels.Allocations;
import org.nnj.kernels.Matrix;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.train.GradientCheck;

class LayerNormalizationTest {
    static LayerNormalization built(int time, int features, DataType type, long seed) {
        LayerNormalization ln = new LayerNormalization(time, features, LayerNormalization.DEFAULT_EPSILON);
        ln.build(type, new Random(seed));
        Random r = new Random(seed);
        for (int j = 0; j < features; j++) { // away from γ = 1, β = 0 so that both are exercised
            Matrix.of(ln.gamma(), "gamma").set(j, 0.5 + r.nextDouble());
            Matrix.of(ln.beta(), "beta").set(j, r.nextGaussian());
        }
        return ln;
    }

    /** x = (1, 2, 3): μ = 2, σ² = 2/3, y = (x - 2) / sqrt(2/3 + 1e-5) (γ = 1, β = 0). */
    @Test
    void aHandComputedStep() {
        LayerNormalization ln = new LayerNormalization(3);
        ln.build(DataType.DOUBLE, new Random(1));
        INDArray y = ln.forward(Nd4j.createFromArray(new double[][] {{1, 2, 3}}));
        double s = Math.sqrt(2.0 / 3 + 1e-5);
        assertArrayEquals(new double[] {-1 / s, 0, 1 / s}, y.toDoubleVector(), 1e-12);
    }

    /** The kernel (fast path) computes what the plain loops compute, forward and backward, in both types. */
    @Test
    void kernelMatchesTheReferenceInFloat32AndFloat64() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            double tol = type == DataType.FLOAT ? 2e-5 : 1e-12;
            int time = 5;
            int f = 7;
            LayerNormalization ln = built(time, f, type, 3);
            INDArray x = TestData.gaussian(type, 4, time * f, 2, 4).addi(1.5);
            INDArray g = TestData.gaussian(type, 4, time * f, 1, 5);
            Matrix y = Matrix.allocate(type, 4, time * f);
            ln.forward(x, y.array(), true);
            Matrix dx = Matrix.allocate(type, 4, time * f);
            ln.backward(x, y.array(), g.dup(), dx.array());
            double[] gamma = ln.gamma().toDoubleVector();
            double[] beta = ln.beta().toDoubleVector();
            double[] dGamma = new double[f];
            double[] dBeta = new double[f];
            for (int n = 0; n < 4; n++) {
                double[][] xs = steps(x, n, time, f);
                double[][] ys = LayerNormalization.reference(xs, gamma, beta, ln.epsilon());
                double[][] dxs = LayerNormalization.referenceBackward(
                        xs, steps(g, n, time, f), gamma, ln.epsilon(), dGamma, dBeta);
                for (int s = 0; s < time; s++) {
                    for (int j = 0; j < f; j++) {
                        assertEquals(ys[s][j], y.get(n, s * f + j), tol, type + " y");
                        assertEquals(dxs[s][j], dx.get(n, s * f + j), tol, type + " dx");
                    }
                }
            }
            assertArrayEquals(dGamma, ln.parameters().get(0).gradient().toDoubleVector(), tol * 10, type + " dγ");
            assertArrayEquals(dBeta, ln.parameters().get(1).gradient().toDoubleVector(), tol * 10, type + " dβ");
        }
    }

    static double[][] steps(INDArray x, int n, int time, int f) {
        double[][] s = new double[time][f];
        for (int t = 0; t < time; t++) {
            for (int j = 0; j < f; j++) {
                s[t][j] = x.getDouble(n, t * f + j);
            }
        }
        return s;
    }

    @Test
    void gradientCheckAloneAndInASmallNetwork() {
        Network alone = Network.builder()
                .dataType(DataType.DOUBLE)
                .seed(2)
                .add(new LayerNormalization(new SequenceShape(3, 4)))
                .loss(Loss.mse())
                .build();
        perturb(alone, 7);
        INDArray x = TestData.gaussian(DataType.DOUBLE, 5, 12, 1.5, 3);
        Map<String, Double> r = GradientCheck.check(alone, x, TestData.gaussian(DataType.DOUBLE, 5, 12, 1, 4));
        assertTrue(GradientCheck.worst(r) < 1e-6, r.toString());
        Network net = Network.builder()
                .dataType(DataType.DOUBLE)
                .seed(2)
                .add(new Dense(6, 8, Activation.tanh()))
                .add(new LayerNormalization(new SequenceShape(2, 4)))
                .add(new Dense(8, 3))
                .add(new LayerNormalization(3))
                .loss(Loss.mse())
                .build();
        perturb(net, 8);
        x = TestData.gaussian(DataType.DOUBLE, 5, 6, 1, 5);
        r = GradientCheck.check(net, x, TestData.gaussian(DataType.DOUBLE, 5, 3, 1, 6));
        assertTrue(GradientCheck.worst(r) < 1e-6, r.toString());
    }

    static void perturb(Network net, long seed) {
        for (Parameter p : net.parameters()) {
            p.value()
                    .addi(TestData.gaussian(
                            p.value().dataType(),
                            (int) p.value().size(0),
                            (int) p.value().size(1),
                            0.3,
                            seed++));
        }
    }

    /** Row k of the Jacobian is dy_k/dx, so gᵀ J is the backward's dJ/dx. */
    @Test
    void theJacobianIsWhatBackwardMultiplies() {
        LayerNormalization ln = built(2, 3, DataType.DOUBLE, 9);
        INDArray x = TestData.gaussian(DataType.DOUBLE, 1, 6, 1, 10);
        INDArray g = TestData.gaussian(DataType.DOUBLE, 1, 6, 1, 11);
        ln.forward(x);
        assertArrayEquals(
                g.mmul(ln.jacobian(x)).toDoubleVector(), ln.backward(g).toDoubleVector(), 1e-12);
    }

    @Test
    void trainsSavesLoadsAndAllocatesNothingPerStepAfterWarmUp(@TempDir Path dir) throws Exception {
        Network net = Network.builder()
                .seed(4)
                .add(new Dense(8, 12, Activation.relu()))
                .add(new LayerNormalization(new SequenceShape(3, 4)))
                .add(new Dense(12, 2))
                .loss(Loss.mse())
                .build();
        INDArray x = TestData.gaussian(DataType.FLOAT, 32, 8, 1, 1);
        INDArray y = TestData.gaussian(DataType.FLOAT, 32, 2, 1, 2);
        Adam adam = new Adam(0.01);
        double first = net.trainStep(x, y, adam);
        long before = Allocations.count();
        double last = first;
        for (int i = 0; i < 50; i++) {
            last = net.trainStep(x, y, adam);
        }
        assertEquals(before, Allocations.count(), "INDArrays allocated after warm-up");
        assertTrue(last < first, first + " -> " + last);
        Path file = dir.resolve("ln.nnj");
        ModelFile.save(file, net);
        Network loaded = ModelFile.load(file).network();
        assertEquals(net.summary(), loaded.summary());
        assertArrayEquals(
                net.predict(x).data().asFloat(), loaded.predict(x).data().asFloat());
        assertEquals(((LayerNormalization) net.layer(1)).spec(), loaded.layer(1).spec());
    }
}
