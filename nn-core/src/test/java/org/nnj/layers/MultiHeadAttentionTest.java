package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.io.ModelFile;
import org.nnj.kernels.Allocations;
import org.nnj.kernels.Matrix;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.train.GradientCheck;

class MultiHeadAttentionTest {
    static MultiHeadAttention built(int time, int d, int heads, boolean causal, DataType type, long seed) {
        MultiHeadAttention a = new MultiHeadAttention(time, d, heads, causal);
        a.build(type, new Random(seed));
        for (Parameter p : a.parameters()) { // non-zero biases too
            p.value()
                    .addi(TestData.gaussian(
                            type, (int) p.value().size(0), (int) p.value().size(1), 0.3, seed++));
        }
        return a;
    }

    static MultiHeadAttention identityWeights(int heads, boolean causal, double[][] wOut, double[] bOut) {
        MultiHeadAttention a = new MultiHeadAttention(2, 2, heads, causal);
        a.build(DataType.DOUBLE, new Random(1));
        a.inProjectionWeight()
                .assign(Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}, {0, 1}}));
        a.inProjectionBias().assign(0);
        a.outProjectionWeight().assign(Nd4j.createFromArray(wOut));
        a.outProjectionBias().assign(Nd4j.createFromArray(new double[][] {bOut}));
        return a;
    }

    /**
     * Two tokens x1 = (1, 0), x2 = (0, 1), W_q = W_k = W_v = I, zero in-projection bias, so Q = K = V = X.
     *
     * <p>One head (d_h = 2): S = X Xᵀ / √2 = [[0.70711, 0], [0, 0.70711]]; row 1: softmax(0.70711, 0) =
     * (e^0.70711, 1) / (e^0.70711 + 1) = (2.02811, 1) / 3.02811 = (0.66976, 0.33024), so with W_out = I,
     * b_out = 0, y1 = 0.66976 x1 + 0.33024 x2 = (0.66976, 0.33024); y2 = (0.33024, 0.66976) by symmetry.
     * Causal: query 1 sees only key 1, y1 = x1 = (1, 0); y2 unchanged.
     *
     * <p>Two heads (d_h = 1, scale 1): head 1 is column 0, q = k = v = (1, 0) over the two tokens:
     * S = [[1, 0], [0, 0]], row 1 softmax(1, 0) = (e, 1) / (e + 1) = (0.73106, 0.26894), o1 = 0.73106;
     * row 2 softmax(0, 0) = (0.5, 0.5), o2 = 0.5. Head 2 is column 1, q = k = v = (0, 1): row 1 (0.5,
     * 0.5), o1 = 0.5; row 2 softmax(0, 1) = (0.26894, 0.73106), o2 = 0.73106. C = [[0.73106, 0.5], [0.5,
     * 0.73106]]; with W_out = [[1, 2], [0, 1]], b_out = (0.5, -1): y = (c1 + 2 c2 + 0.5, c2 - 1), so y1 =
     * (0.73106 + 1 + 0.5, 0.5 - 1) = (2.23106, -0.5), y2 = (0.5 + 1.46212 + 0.5, 0.73106 - 1) =
     * (2.46212, -0.26894).
     */
    @Test
    void handComputedTwoTokensOneAndTwoHeads() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 0, 0, 1}});
        double[][] eye = {{1, 0}, {0, 1}};
        double p = Math.exp(Math.sqrt(0.5)) / (Math.exp(Math.sqrt(0.5)) + 1); // 0.66976
        assertEquals(0.66976, p, 1e-5);
        assertArrayEquals(
                new double[] {p, 1 - p, 1 - p, p},
                identityWeights(1, false, eye, new double[] {0, 0}).forward(x).toDoubleVector(),
                1e-12);
        assertArrayEquals(
                new double[] {1, 0, 1 - p, p},
                identityWeights(1, true, eye, new double[] {0, 0}).forward(x).toDoubleVector(),
                1e-12);
        double s = Math.E / (Math.E + 1); // 0.73106
        assertArrayEquals(
                new double[] {s + 1 + 0.5, -0.5, 0.5 + 2 * s + 0.5, s - 1},
                identityWeights(2, false, new double[][] {{1, 2}, {0, 1}}, new double[] {0.5, -1})
                        .forward(x)
                        .toDoubleVector(),
                1e-12);
        assertArrayEquals(
                new double[] {2.23106, -0.5, 2.46212, -0.26894},
                identityWeights(2, false, new double[][] {{1, 2}, {0, 1}}, new double[] {0.5, -1})
                        .forward(x)
                        .toDoubleVector(),
                1e-5);
    }

    /**
     * The published equations (Vaswani et al. 2017, §3.2; PyTorch's multi_head_attention_forward),
     * written with ND4J's own matrix operations: head_h = softmax(Q_h K_hᵀ / √d_h + M) V_h with M = -∞
     * above the diagonal if causal, Y = Concat(head_1..head_H) W_oᵀ + b_o.
     */
    @Test
    void matchesThePublishedEquationsComputedIndependently() {
        for (int heads : new int[] {1, 2, 4}) {
            for (boolean causal : new boolean[] {false, true}) {
                int t = 5;
                int d = 8;
                MultiHeadAttention a = built(t, d, heads, causal, DataType.DOUBLE, 30 + heads);
                INDArray xs = TestData.gaussian(DataType.DOUBLE, 3, t * d, 1, 40 + heads);
                INDArray actual = a.forward(xs);
                INDArray w = a.inProjectionWeight();
                INDArray b = a.inProjectionBias();
                int dh = d / heads;
                for (int n = 0; n < 3; n++) {
                    INDArray x = xs.getRow(n).dup().reshape(t, d);
                    INDArray[] qkv = new INDArray[3];
                    for (int part = 0; part < 3; part++) {
                        INDArray wp = w.get(
                                org.nd4j.linalg.indexing.NDArrayIndex.interval(part * d, (part + 1) * d),
                                org.nd4j.linalg.indexing.NDArrayIndex.all());
                        INDArray bp = b.get(
                                org.nd4j.linalg.indexing.NDArrayIndex.all(),
                                org.nd4j.linalg.indexing.NDArrayIndex.interval(part * d, (part + 1) * d));
                        qkv[part] = x.mmul(wp.transpose()).addRowVector(bp);
                    }
                    INDArray concat = Nd4j.create(DataType.DOUBLE, t, d);
                    for (int h = 0; h < heads; h++) {
                        org.nd4j.linalg.indexing.INDArrayIndex cols =
                                org.nd4j.linalg.indexing.NDArrayIndex.interval(h * dh, (h + 1) * dh);
                        INDArray qh = qkv[0].get(org.nd4j.linalg.indexing.NDArrayIndex.all(), cols);
                        INDArray kh = qkv[1].get(org.nd4j.linalg.indexing.NDArrayIndex.all(), cols);
                        INDArray vh = qkv[2].get(org.nd4j.linalg.indexing.NDArrayIndex.all(), cols);
                        INDArray scores = qh.mmul(kh.transpose()).div(Math.sqrt(dh));
                        if (causal) {
                            for (int i = 0; i < t; i++) {
                                for (int j = i + 1; j < t; j++) {
                                    scores.putScalar(i, j, Double.NEGATIVE_INFINITY);
                                }
                            }
                        }
                        INDArray e = Transforms.exp(
                                scores.subColumnVector(scores.max(1).reshape(t, 1)));
                        INDArray probs = e.divColumnVector(e.sum(1).reshape(t, 1));
                        concat.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), cols)
                                .assign(probs.mmul(vh));
                    }
                    INDArray y =
                            concat.mmul(a.outProjectionWeight().transpose()).addRowVector(a.outProjectionBias());
                    assertArrayEquals(
                            y.reshape(t * d).toDoubleVector(),
                            actual.getRow(n).toDoubleVector(),
                            1e-12,
                            heads + " heads, causal " + causal + ", example " + n);
                }
            }
        }
    }

    /** kernels.Attention (the fast path) against AttentionReference, with and without masks, both types. */
    @Test
    void kernelMatchesTheReferenceInFloat32AndFloat64() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (boolean causal : new boolean[] {false, true}) {
                for (boolean masked : new boolean[] {false, true}) {
                    compareWithReference(type, causal, masked);
                }
            }
        }
    }

    private static void compareWithReference(DataType type, boolean causal, boolean masked) {
        double tol = type == DataType.FLOAT ? 3e-5 : 1e-11;
        String what = type + (causal ? " causal" : "") + (masked ? " masked" : "");
        int t = 6;
        int d = 8;
        int heads = 2;
        int batch = 3;
        MultiHeadAttention a = built(t, d, heads, causal, type, 7);
        INDArray x = TestData.gaussian(type, batch, t * d, 1, 8);
        INDArray g = TestData.gaussian(type, batch, t * d, 1, 9);
        INDArray mask = masked ? lengths(type, t, 6, 4, 1) : null;
        INDArray[] inputs = masked ? new INDArray[] {x, mask} : new INDArray[] {x};
        for (boolean training : new boolean[] {true, false}) {
            Matrix y = Matrix.allocate(type, batch, t * d);
            a.forward(inputs, y.array(), training);
            for (int n = 0; n < batch; n++) {
                double[][] ys = a.reference(Matrix.of(x, "x"), n, masked ? Matrix.of(mask, "mask") : null).y;
                for (int i = 0; i < t * d; i++) {
                    assertEquals(ys[i / d][i % d], y.get(n, i), tol, what + " training " + training + " y " + i);
                }
            }
        }
        Matrix y = Matrix.allocate(type, batch, t * d);
        a.forward(inputs, y.array(), true);
        Matrix dx = Matrix.allocate(type, batch, t * d);
        a.backward(inputs, y.array(), g.dup(), new INDArray[] {dx.array(), null});
        double[][] dWin = new double[3 * d][d];
        double[] dbIn = new double[3 * d];
        double[][] dWout = new double[d][d];
        double[] dbOut = new double[d];
        for (int n = 0; n < batch; n++) {
            double[][] gs = LayerNormalizationTest.steps(g, n, t, d);
            double[][] dxs = a.reference(Matrix.of(x, "x"), n, masked ? Matrix.of(mask, "mask") : null)
                    .backward(gs, dWin, dbIn, dWout, dbOut);
            for (int i = 0; i < t * d; i++) {
                assertEquals(dxs[i / d][i % d], dx.get(n, i), tol, what + " dx " + i);
            }
        }
        List<Parameter> ps = a.parameters();
        assertArrayEquals(flat(dWin), ps.get(0).gradient().dup().data().asDouble(), tol * 10, what + " dW_in");
        assertArrayEquals(dbIn, ps.get(1).gradient().dup().data().asDouble(), tol * 10, what + " db_in");
        assertArrayEquals(flat(dWout), ps.get(2).gradient().dup().data().asDouble(), tol * 10, what + " dW_out");
        assertArrayEquals(dbOut, ps.get(3).gradient().dup().data().asDouble(), tol * 10, what + " db_out");
    }

    static double[] flat(double[][] m) {
        return java.util.Arrays.stream(m)
                .flatMapToDouble(java.util.Arrays::stream)
                .toArray();
    }

    /** A mask (one row per length): 1 for the first {@code length} steps, 0 after. */
    static INDArray lengths(DataType type, int time, int... lengths) {
        double[][] m = new double[lengths.length][time];
        for (int n = 0; n < lengths.length; n++) {
            for (int s = 0; s < lengths[n]; s++) {
                m[n][s] = 1;
            }
        }
        return Nd4j.createFromArray(m).castTo(type);
    }

    /**
     * A sequence of 3 real steps padded to 5 (padding filled with noise) with its mask gives exactly
     * the outputs, input gradients and parameter gradients of the same layer on the 3 steps alone; the
     * outputs at padding are 0 and so are the input gradients there.
     */
    @Test
    void aPaddedSequenceWithItsMaskGivesTheUnpaddedOutputsAndGradients() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            for (boolean causal : new boolean[] {false, true}) {
                int d = 4;
                MultiHeadAttention padded = built(5, d, 2, causal, type, 50);
                MultiHeadAttention alone = new MultiHeadAttention(3, d, 2, causal);
                alone.build(type, new Random(1));
                for (int i = 0; i < 4; i++) {
                    alone.parameters()
                            .get(i)
                            .value()
                            .assign(padded.parameters().get(i).value());
                }
                INDArray real = TestData.gaussian(type, 1, 3 * d, 1, 51);
                INDArray xp = TestData.gaussian(type, 1, 5 * d, 5, 52); // noise at the padding
                xp.get(
                                org.nd4j.linalg.indexing.NDArrayIndex.all(),
                                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3 * d))
                        .assign(real);
                INDArray mask = lengths(type, 5, 3);
                INDArray g = TestData.gaussian(type, 1, 5 * d, 1, 53);
                INDArray gReal = g.get(
                                org.nd4j.linalg.indexing.NDArrayIndex.all(),
                                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3 * d))
                        .dup();
                Matrix yp = Matrix.allocate(type, 1, 5 * d);
                Matrix dxp = Matrix.allocate(type, 1, 5 * d);
                Matrix dMask = Matrix.allocate(type, 1, 5);
                dMask.fill(7);
                padded.forward(new INDArray[] {xp, mask}, yp.array(), true);
                padded.backward(
                        new INDArray[] {xp, mask}, yp.array(), g.dup(), new INDArray[] {dxp.array(), dMask.array()});
                Matrix y = Matrix.allocate(type, 1, 3 * d);
                Matrix dx = Matrix.allocate(type, 1, 3 * d);
                alone.forward(real, y.array(), true);
                alone.backward(real, y.array(), gReal, dx.array());
                String what = type + " causal " + causal;
                // Equal up to the rounding of the products: OpenBLAS blocks a 3-row and a 5-row product
                // differently (a last-place difference); the padding contributes exact zeros, and the
                // outputs and input gradients at the padding are exactly 0.
                double ulps = type == DataType.DOUBLE ? 1e-14 : 1e-6;
                for (int i = 0; i < 5 * d; i++) {
                    assertEquals(i < 3 * d ? y.get(i) : 0, yp.get(i), i < 3 * d ? ulps : 0, what + " y " + i);
                    assertEquals(i < 3 * d ? dx.get(i) : 0, dxp.get(i), i < 3 * d ? ulps : 0, what + " dx " + i);
                }
                for (int k = 0; k < 4; k++) {
                    assertArrayEquals(
                            alone.parameters().get(k).gradient().dup().data().asDouble(),
                            padded.parameters().get(k).gradient().dup().data().asDouble(),
                            ulps,
                            what + " " + alone.parameters().get(k).name());
                }
                assertArrayEquals(new double[5], dMask.array().dup().data().asDouble(), 0, "the mask's gradient is 0");
                // inference too, in a batch with an unpadded sequence
                INDArray both = Nd4j.vstack(xp, TestData.gaussian(type, 1, 5 * d, 1, 54));
                Matrix yb = Matrix.allocate(type, 2, 5 * d);
                padded.forward(new INDArray[] {both, lengths(type, 5, 3, 5)}, yb.array(), false);
                INDArray ya = alone.forward(real);
                for (int i = 0; i < 3 * d; i++) {
                    assertEquals(ya.getDouble(i), yb.get(0, i), ulps, what + " inference y " + i);
                }
            }
        }
    }

    @Test
    void gradientCheckAloneAndInASmallNetwork() {
        for (boolean causal : new boolean[] {false, true}) {
            Network alone = Network.builder()
                    .dataType(DataType.DOUBLE)
                    .seed(2)
                    .add(new MultiHeadAttention(3, 4, 2, causal))
                    .loss(Loss.mse())
                    .build();
            LayerNormalizationTest.perturb(alone, 60);
            Map<String, Double> r = GradientCheck.check(
                    alone,
                    TestData.gaussian(DataType.DOUBLE, 4, 12, 1, 61),
                    TestData.gaussian(DataType.DOUBLE, 4, 12, 1, 62));
            assertTrue(GradientCheck.worst(r) < 1e-6, causal + " " + r);
            Network net = Network.builder()
                    .dataType(DataType.DOUBLE)
                    .seed(2)
                    .add(new Dense(6, 16, Activation.tanh()))
                    .add(new LayerNormalization(new SequenceShape(4, 4)))
                    .add(new MultiHeadAttention(4, 4, 2, causal))
                    .add(new Dense(16, 3))
                    .loss(Loss.softmaxCrossEntropy())
                    .build();
            LayerNormalizationTest.perturb(net, 63);
            r = GradientCheck.check(
                    net, TestData.gaussian(DataType.DOUBLE, 5, 6, 1, 64), TestData.oneHot(DataType.DOUBLE, 5, 3, 65));
            assertTrue(GradientCheck.worst(r) < 1e-6, causal + " " + r);
        }
    }

    /** The masked path (MultiInputLayer's methods) against finite differences, float64, causal or not. */
    @Test
    void maskedBackwardMatchesFiniteDifferences() {
        for (boolean causal : new boolean[] {false, true}) {
            MultiHeadAttention a = built(4, 4, 2, causal, DataType.DOUBLE, 90);
            INDArray x = TestData.gaussian(DataType.DOUBLE, 3, 16, 1, 91);
            INDArray mask = lengths(DataType.DOUBLE, 4, 4, 2, 3);
            INDArray g = TestData.gaussian(DataType.DOUBLE, 3, 16, 1, 92);
            INDArray[] inputs = {x, mask};
            Matrix y = Matrix.allocate(DataType.DOUBLE, 3, 16);
            a.forward(inputs, y.array(), true);
            Matrix dx = Matrix.allocate(DataType.DOUBLE, 3, 16);
            a.backward(inputs, y.array(), g.dup(), new INDArray[] {dx.array(), null});
            List<double[]> grads = a.parameters().stream()
                    .map(p -> p.gradient().dup().data().asDouble())
                    .toList();
            BatchNormalization2DTest.Objective f = () -> {
                Matrix out = Matrix.allocate(DataType.DOUBLE, 3, 16);
                a.forward(inputs, out.array(), true);
                return out.array().mul(g).sumNumber().doubleValue();
            };
            for (int i = 0; i < 48; i++) {
                assertEquals(BatchNormalization2DTest.numeric(f, x, i), dx.get(i), 1e-8, causal + " dx " + i);
            }
            for (int k = 0; k < 4; k++) {
                INDArray value = a.parameters().get(k).value();
                for (int i = 0; i < value.length(); i += 3) {
                    assertEquals(
                            BatchNormalization2DTest.numeric(f, value, i),
                            grads.get(k)[i],
                            1e-8,
                            causal + " " + a.parameters().get(k).name() + " " + i);
                }
            }
        }
    }

    @Test
    void theJacobianIsWhatBackwardMultiplies() {
        MultiHeadAttention a = built(3, 4, 2, true, DataType.DOUBLE, 70);
        INDArray x = TestData.gaussian(DataType.DOUBLE, 1, 12, 1, 71);
        INDArray g = TestData.gaussian(DataType.DOUBLE, 1, 12, 1, 72);
        a.forward(x);
        assertArrayEquals(g.mmul(a.jacobian(x)).toDoubleVector(), a.backward(g).toDoubleVector(), 1e-12);
    }

    @Test
    void headsMustDivideTheModelWidth() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(4, 6, 4));
        assertTrue(e.getMessage().contains("heads (4) must divide dModel (6)"), e.getMessage());
    }

    @Test
    void trainsSavesLoadsAndAllocatesNothingPerStepAfterWarmUp(@TempDir Path dir) throws Exception {
        Network net = Network.builder()
                .seed(4)
                .add(new LayerNormalization(new SequenceShape(6, 8)))
                .add(new MultiHeadAttention(6, 8, 2, true))
                .add(new Dense(48, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        INDArray x = TestData.gaussian(DataType.FLOAT, 16, 48, 1, 1);
        INDArray y = TestData.oneHot(DataType.FLOAT, 16, 3, 2);
        Adam adam = new Adam(0.01);
        double first = net.trainStep(x, y, adam);
        net.predict(x);
        long before = Allocations.count();
        double last = first;
        for (int i = 0; i < 40; i++) {
            last = net.trainStep(x, y, adam);
        }
        assertEquals(before, Allocations.count(), "INDArrays allocated after warm-up");
        assertTrue(last < first, first + " -> " + last);
        Path file = dir.resolve("mha.nnj");
        ModelFile.save(file, net);
        Network loaded = ModelFile.load(file).network();
        assertEquals(net.summary(), loaded.summary());
        assertEquals(net.layer(1).spec(), loaded.layer(1).spec());
        assertTrue(((MultiHeadAttention) loaded.layer(1)).isCausal());
        assertArrayEquals(
                net.predict(x).data().asFloat(), loaded.predict(x).data().asFloat());
    }

    /** predict from several threads at once on one network gives each thread the single-threaded answer. */
    @Test
    void concurrentPredictionsAgree() throws Exception {
        Network net = Network.builder()
                .seed(5)
                .add(new MultiHeadAttention(8, 8, 4, true))
                .add(new LayerNormalization(new SequenceShape(8, 8)))
                .loss(Loss.mse())
                .build();
        List<INDArray> xs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            xs.add(TestData.gaussian(DataType.FLOAT, 5 + k, 64, 1, 80 + k));
            expected.add(net.predict(xs.get(k)).data().asFloat());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                int which = k;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        if (!java.util.Arrays.equals(
                                expected.get(which),
                                net.predict(xs.get(which)).data().asFloat())) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
