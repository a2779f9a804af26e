package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.activations.ElementwiseActivation;
import org.nnj.init.Initializer;
import org.nnj.kernels.Allocations;
import org.nnj.kernels.Matrix;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.optim.SGD;

/**
 * Layers with an activation whose backward needs z (GELU, SiLU): Dense and Conv2D keep Z of each
 * training pass; their backward pass equals the reference {@code dJ/dZ = dJ/dA ⊙ f'(Z)} with Z
 * computed on its own, whether Z was kept (training forward) or is computed again (after an inference
 * forward, which writes nothing to the layer); predictions from many threads agree; training
 * allocates nothing after warm-up, at two alternating batch sizes.
 */
class PreActivationsTest {
    static final List<Activation> GATED = List.of(Activation.gelu(), Activation.geluTanh(), Activation.silu());

    /** dJ/dW from x and dJ/dA for the layer's Z computed as x Wᵀ + b in double loops. */
    static double[][] referenceWeightGradient(Dense d, ElementwiseActivation f, INDArray x, INDArray g) {
        Matrix w = Matrix.of(d.weight(), "W");
        Matrix b = Matrix.of(d.bias(), "b");
        Matrix xm = Matrix.of(x, "x");
        Matrix gm = Matrix.of(g, "g");
        double[][] dw = new double[w.rows()][w.cols()];
        for (int r = 0; r < xm.rows(); r++) {
            for (int o = 0; o < w.rows(); o++) {
                double z = b.get(o);
                for (int i = 0; i < w.cols(); i++) {
                    z += xm.get(r, i) * w.get(o, i);
                }
                double dz = gm.get(r, o) * f.derivative(z); // dJ/dZ = dJ/dA ⊙ f'(Z)
                for (int i = 0; i < w.cols(); i++) {
                    dw[o][i] += dz * xm.get(r, i); // dJ/dW = dZᵀ X
                }
            }
        }
        return dw;
    }

    @Test
    void denseBackwardUsesZWhetherKeptOrComputedAgain() {
        for (Activation a : GATED) {
            Dense d = new Dense(4, 3, a, Initializer.normal(1), Initializer.normal(0.5));
            d.build(DataType.DOUBLE, new Random(3));
            INDArray x = TestData.gaussian(DataType.DOUBLE, 5, 4, 1.5, 7);
            INDArray g = TestData.gaussian(DataType.DOUBLE, 5, 3, 1, 8);
            double[][] expected = referenceWeightGradient(d, (ElementwiseActivation) a, x, g);

            // training forward keeps Z; an inference forward on other data in between must not disturb it
            Matrix out = Matrix.allocate(DataType.DOUBLE, 5, 3);
            d.forward(x, out.array(), true);
            Matrix other = Matrix.allocate(DataType.DOUBLE, 2, 3);
            d.forward(TestData.gaussian(DataType.DOUBLE, 2, 4, 3, 9), other.array(), false);
            Matrix gradX = Matrix.allocate(DataType.DOUBLE, 5, 4);
            d.backward(x, out.array(), g.dup(), gradX.array());
            assertClose(expected, d.weightGradient(), a + " kept Z");
            INDArray keptGradX = gradX.array().dup();

            // the tutorial form: forward(x) in inference mode, then backward(g) computes Z again
            d.forward(x);
            INDArray dx = d.backward(g);
            assertClose(expected, d.weightGradient(), a + " Z computed again");
            assertArrayEquals(keptGradX.data().asDouble(), dx.data().asDouble(), 1e-14, a + " dJ/dx");
        }
    }

    @Test
    void activationLayerReadsZFromItsInput() {
        for (Activation a : GATED) {
            ActivationLayer layer = new ActivationLayer(6, a);
            layer.build(DataType.DOUBLE, new Random(1));
            INDArray x = TestData.gaussian(DataType.DOUBLE, 3, 6, 2, 2);
            INDArray g = TestData.gaussian(DataType.DOUBLE, 3, 6, 1, 3);
            layer.forward(x);
            INDArray dx = layer.backward(g);
            for (int i = 0; i < 18; i++) {
                double expected = g.getDouble(i) * ((ElementwiseActivation) a).derivative(x.getDouble(i));
                assertEquals(expected, dx.getDouble(i), 1e-14, a + " element " + i);
            }
        }
    }

    @Test
    void conv2dBackwardIsTheSameWhetherZIsKeptOrComputedAgain() {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            for (Activation a : GATED) {
                ImageShape image = new ImageShape(2, 6, 6);
                Conv2D c = new Conv2D(image, 3, 3, 1, Padding.SAME, a, Initializer.normal(0.5));
                c.build(type, new Random(5));
                INDArray x = TestData.gaussian(type, 4, image.size(), 1, 6);
                INDArray g = TestData.gaussian(type, 4, c.outputSize(), 1, 7);
                Matrix out = Matrix.allocate(type, 4, c.outputSize());
                Matrix gradX = Matrix.allocate(type, 4, image.size());
                c.forward(x, out.array(), true);
                c.backward(x, out.array(), g.dup(), gradX.array());
                double[] kept = c.parameters().get(0).gradient().dup().data().asDouble();
                double[] keptX = gradX.array().dup().data().asDouble();

                c.forward(x); // inference, then Z again
                INDArray dx = c.backward(g);
                double[] again = c.parameters().get(0).gradient().data().asDouble();
                double tol = type == DataType.DOUBLE ? 1e-12 : 1e-4;
                assertArrayEquals(kept, again, tol, a + " " + type + " dJ/dW");
                assertArrayEquals(keptX, dx.data().asDouble(), tol, a + " " + type + " dJ/dx");

                // the kept Z is the layer's own Z: dJ/dZ = g ⊙ f'(Z), Z from an identity-activation twin
                Conv2D linear = new Conv2D(image, 3, 3, 1, Padding.SAME, Activation.identity(), Initializer.zeros());
                linear.build(type, new Random(5));
                linear.weight().assign(c.weight());
                linear.bias().assign(c.bias());
                INDArray z = linear.forward(x);
                INDArray dz = g.dup();
                for (int i = 0; i < dz.length(); i++) {
                    dz.putScalar(i, g.getDouble(i) * ((ElementwiseActivation) a).derivative(z.getDouble(i)));
                }
                linear.backward(dz);
                assertArrayEquals(
                        linear.parameters().get(0).gradient().data().asDouble(), kept, tol * 10, a + " " + type);
            }
        }
    }

    /** Conv2D's backward(g) (Z computed again after the inference forward) is Jᵀ g, J = diag(f'(z)) M. */
    @Test
    void anActivationLayerRunInPlaceRefusesTheBackwardPassThatNeedsZ() {
        ActivationLayer layer = new ActivationLayer(3, Activation.gelu());
        layer.build(DataType.DOUBLE, new Random(1));
        INDArray x = TestData.gaussian(DataType.DOUBLE, 2, 3, 1, 1);
        layer.forward(x, x, true); // in place: z is gone
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> layer.backward(x, x, x.dup(), null));
        assertTrue(e.getMessage().contains("in place") && e.getMessage().contains("gelu"), e.getMessage());
    }

    @Test
    void conv2dBackwardIsTheTransposedJacobianTimesTheGradient() {
        ImageShape in = new ImageShape(2, 4, 4);
        for (Activation a : GATED) {
            Conv2D layer = new Conv2D(in, 2, 3, 1, Padding.SAME, a, Initializer.normal(0.5));
            layer.build(DataType.DOUBLE, new Random(4));
            INDArray x = TestData.gaussian(DataType.DOUBLE, 1, in.size(), 1.5, 31);
            INDArray g = TestData.gaussian(DataType.DOUBLE, 1, layer.outputSize(), 1, 32);
            layer.forward(x);
            INDArray dx = layer.backward(g);
            INDArray expected = g.mmul(layer.jacobian(x));
            assertArrayEquals(expected.toDoubleVector(), dx.toDoubleVector(), 1e-12, layer.name());
        }
    }

    static Network network(Activation a) {
        return Network.builder()
                .seed(2)
                .add(new Conv2D(new ImageShape(1, 6, 6), 2, 3, 1, Padding.SAME, a, Initializer.normal(0.5)))
                .add(new Flatten(new ImageShape(2, 6, 6)))
                .add(new Dense(72, 8, a))
                .add(new ActivationLayer(8, a))
                .add(new Dense(8, 3))
                .loss(Loss.mse())
                .build();
    }

    @Test
    void trainingAllocatesNothingAfterWarmUpAtTwoBatchSizes() {
        for (Activation a : GATED) {
            Network net = network(a);
            INDArray x32 = TestData.gaussian(DataType.FLOAT, 32, 36, 1, 1);
            INDArray y32 = TestData.gaussian(DataType.FLOAT, 32, 3, 1, 2);
            INDArray x4 = TestData.gaussian(DataType.FLOAT, 4, 36, 1, 3);
            INDArray y4 = TestData.gaussian(DataType.FLOAT, 4, 3, 1, 4);
            SGD sgd = new SGD(0.01);
            net.trainStep(x32, y32, sgd);
            net.trainStep(x4, y4, sgd);
            long before = Allocations.count();
            for (int i = 0; i < 20; i++) {
                net.trainStep(x32, y32, sgd);
                net.trainStep(x4, y4, sgd);
            }
            assertEquals(before, Allocations.count(), a.toString());
        }
    }

    @Test
    void predictionsFromManyThreadsAgreeWithOneThread() throws Exception {
        for (Activation a : GATED) {
            Network net = network(a);
            net.trainStep(
                    TestData.gaussian(DataType.FLOAT, 8, 36, 1, 1), TestData.gaussian(DataType.FLOAT, 8, 3, 1, 2), 0.1);
            List<INDArray> inputs = new ArrayList<>();
            List<float[]> expected = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                INDArray x = TestData.gaussian(DataType.FLOAT, 1 + i, 36, 1, 10 + i);
                inputs.add(x);
                expected.add(net.predict(x).data().asFloat());
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    results.add(pool.submit(() -> {
                        for (int round = 0; round < 25; round++) {
                            for (int i = 0; i < inputs.size(); i++) {
                                if (!java.util.Arrays.equals(
                                        expected.get(i),
                                        net.predict(inputs.get(i)).data().asFloat())) {
                                    return false;
                                }
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> r : results) {
                    assertTrue(r.get(), a + ": a prediction from another thread differs");
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    private static void assertClose(double[][] expected, INDArray actual, String what) {
        Matrix m = Matrix.of(actual, what);
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                assertEquals(expected[r][c], m.get(r, c), 1e-12 * Math.max(1, Math.abs(expected[r][c])), what);
            }
        }
    }
}
