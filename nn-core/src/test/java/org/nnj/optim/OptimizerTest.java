package org.nnj.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.kernels.Matrix;
import org.nnj.layers.Dense;
import org.nnj.layers.Parameter;
import org.nnj.losses.Loss;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.train.Trainer;

class OptimizerTest {
    // θ0 = [1, -2]; the first gradient is g1 = [0.5, -1], the second g2 = [0.1, 0.2]; η = 0.1.
    static final double[] THETA0 = {1, -2};
    static final double[] G1 = {0.5, -1};
    static final double[] G2 = {0.1, 0.2};

    /** Runs two steps and returns θ after each. */
    static double[][] twoSteps(Optimizer opt) {
        Matrix value = Matrix.of(Nd4j.createFromArray(new double[][] {THETA0}), "theta");
        Matrix grad = Matrix.allocate(DataType.DOUBLE, 1, 2);
        List<Parameter> params = List.of(new Parameter("theta", value.array(), grad.array()));
        double[][] out = new double[2][];
        double[][] gs = {G1, G2};
        for (int s = 0; s < 2; s++) {
            grad.set(0, gs[s][0]);
            grad.set(1, gs[s][1]);
            opt.step(params);
            out[s] = new double[] {value.get(0), value.get(1)};
        }
        return out;
    }

    static void assertSteps(double[][] expected, double[][] actual) {
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < 2; i++) {
                assertEquals(expected[s][i], actual[s][i], 1e-12, "step " + (s + 1) + ", element " + i);
            }
        }
    }

    @Test
    void sgd() {
        assertSteps(new double[][] {{0.95, -1.9}, {0.94, -1.92}}, twoSteps(new SGD(0.1)));
    }

    @Test
    void momentum() {
        // v1 = g1 = [0.5, -1], θ1 = θ0 - 0.1 v1; v2 = 0.9 v1 + g2 = [0.55, -0.7], θ2 = θ1 - 0.1 v2
        assertSteps(new double[][] {{0.95, -1.9}, {0.895, -1.83}}, twoSteps(new Momentum(0.1, 0.9)));
    }

    @Test
    void nesterov() {
        // θ1 = θ0 - 0.1 (g1 + 0.9 g1) = [0.905, -1.81]; v2 = [0.55, -0.7];
        // θ2 = θ1 - 0.1 (g2 + 0.9 v2) = [0.905 - 0.0595, -1.81 + 0.043]
        assertSteps(new double[][] {{0.905, -1.81}, {0.8455, -1.767}}, twoSteps(new Nesterov(0.1, 0.9)));
    }

    @Test
    void adaGrad() {
        double eps = 1e-8;
        double[][] expected = {
            {1 - 0.1 * 0.5 / (0.5 + eps), -2 + 0.1 * 1 / (1 + eps)},
            {0, 0}
        };
        expected[1][0] = expected[0][0] - 0.1 * 0.1 / (Math.sqrt(0.25 + 0.01) + eps);
        expected[1][1] = expected[0][1] - 0.1 * 0.2 / (Math.sqrt(1 + 0.04) + eps);
        assertSteps(expected, twoSteps(new AdaGrad(0.1, eps)));
    }

    @Test
    void rmsProp() {
        double eps = 1e-8;
        double s10 = 0.1 * 0.25;
        double s11 = 0.1 * 1;
        double[][] expected = new double[2][2];
        expected[0][0] = 1 - 0.1 * 0.5 / (Math.sqrt(s10) + eps);
        expected[0][1] = -2 + 0.1 * 1 / (Math.sqrt(s11) + eps);
        double s20 = 0.9 * s10 + 0.1 * 0.01;
        double s21 = 0.9 * s11 + 0.1 * 0.04;
        expected[1][0] = expected[0][0] - 0.1 * 0.1 / (Math.sqrt(s20) + eps);
        expected[1][1] = expected[0][1] - 0.1 * 0.2 / (Math.sqrt(s21) + eps);
        assertSteps(expected, twoSteps(new RMSProp(0.1, 0.9, eps)));
    }

    static double[][] adamExpected(double decay) {
        double eps = 1e-8;
        // step 1: m = 0.1 g1, v = 0.001 g1², m̂ = g1, v̂ = g1² -> θ moves by 0.1 g1 / (|g1| + ε)
        double[] t1 = {
            THETA0[0] * (1 - 0.1 * decay) - 0.1 * 0.5 / (0.5 + eps), THETA0[1] * (1 - 0.1 * decay) + 0.1 * 1 / (1 + eps)
        };
        // step 2: m = 0.9 m + 0.1 g2, v = 0.999 v + 0.001 g2², bias corrections 1 - 0.9², 1 - 0.999²
        double[] m = {0.09 * 0.5 + 0.1 * 0.1, 0.09 * -1 + 0.1 * 0.2};
        double[] v = {0.999 * 0.001 * 0.25 + 0.001 * 0.01, 0.999 * 0.001 * 1 + 0.001 * 0.04};
        double c1 = 1 - 0.81;
        double c2 = 1 - 0.999 * 0.999;
        double[] t2 = new double[2];
        for (int i = 0; i < 2; i++) {
            t2[i] = t1[i] * (1 - 0.1 * decay) - 0.1 * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
        }
        return new double[][] {t1, t2};
    }

    @Test
    void adamWithBiasCorrection() {
        assertSteps(adamExpected(0), twoSteps(new Adam(0.1)));
    }

    @Test
    void adamW() {
        assertSteps(adamExpected(0.01), twoSteps(new AdamW(0.1, 0.01)));
        assertSteps(adamExpected(0.01), twoSteps(new Adam(0.1).withWeightDecay(0.01)));
    }

    @Test
    void l2PenaltyAddsLambdaThetaToTheGradient() {
        // g1' = g1 + 0.5 θ0 = [1.0, -2.0]; θ1 = θ0 - 0.1 g1' = [0.9, -1.8]
        double[][] got = twoSteps(new SGD(0.1).withL2(0.5));
        assertEquals(0.9, got[0][0], 1e-12);
        assertEquals(-1.8, got[0][1], 1e-12);
    }

    @Test
    void l1PenaltyAddsLambdaSignThetaToTheGradient() {
        // g1' = g1 + 0.1 sign(θ0) = [0.6, -1.1]; θ1 = θ0 - 0.1 g1' = [0.94, -1.89]
        // g2' = g2 + 0.1 sign(θ1) = [0.2, 0.1]; θ2 = θ1 - 0.1 g2' = [0.92, -1.9]
        double[][] got = twoSteps(new SGD(0.1).withL1(0.1));
        assertEquals(0.94, got[0][0], 1e-12);
        assertEquals(-1.89, got[0][1], 1e-12);
        assertEquals(0.92, got[1][0], 1e-12);
        assertEquals(-1.9, got[1][1], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new SGD(0.1).withL1(-1));
    }

    @Test
    void clippingScalesToTheGlobalNorm() {
        // ‖g1‖ = sqrt(1.25) > 0.5: g1 scaled to norm 0.5; ‖g2‖ = sqrt(0.05) < 0.5: unchanged
        double[][] got = twoSteps(new SGD(1).withGradientClipping(0.5));
        double k = 0.5 / Math.sqrt(1.25);
        assertEquals(1 - 0.5 * k, got[0][0], 1e-12);
        assertEquals(-2 + 1 * k, got[0][1], 1e-12);
        assertEquals(got[0][0] - 0.1, got[1][0], 1e-12);
        assertEquals(got[0][1] - 0.2, got[1][1], 1e-12);
    }

    @Test
    void schedules() {
        assertEquals(0.1, LearningRateSchedule.step(10, 0.5).rate(0.1, 9), 1e-15);
        assertEquals(0.05, LearningRateSchedule.step(10, 0.5).rate(0.1, 10), 1e-15);
        assertEquals(0.1 * 0.9 * 0.9, LearningRateSchedule.exponential(0.9).rate(0.1, 2), 1e-15);
        assertEquals(0.1, LearningRateSchedule.cosine(100, 0).rate(0.1, 0), 1e-15);
        assertEquals(0.05, LearningRateSchedule.cosine(100, 0).rate(0.1, 50), 1e-15);
        assertEquals(0.001, LearningRateSchedule.cosine(100, 0.001).rate(0.1, 500), 1e-15);
        // the schedule drives the steps: η_0 = 0.1, η_1 = 0.05
        double[][] got = twoSteps(new SGD(0.1).withSchedule(LearningRateSchedule.exponential(0.5)));
        assertEquals(1 - 0.1 * 0.5, got[0][0], 1e-12);
        assertEquals(got[0][0] - 0.05 * 0.1, got[1][0], 1e-12);
    }

    /** One 1 x 2 float64 parameter θ0 with gradient g1. */
    static List<Parameter> theta() {
        Matrix value = Matrix.of(Nd4j.createFromArray(new double[][] {THETA0}), "theta");
        Matrix grad = Matrix.of(Nd4j.createFromArray(new double[][] {G1}), "grad");
        return List.of(new Parameter("theta", value.array(), grad.array()));
    }

    /**
     * A schedule whose rate at some step is negative, zero or NaN is refused at that step, naming the
     * schedule, the step and the rate, with the parameters and step count as they were.
     */
    @Test
    void aScheduleRateThatIsNotFiniteAndPositiveIsRefusedAtItsStep() {
        for (double bad : new double[] {-0.1, 0, Double.NaN, Double.POSITIVE_INFINITY}) {
            LearningRateSchedule schedule = new LearningRateSchedule() {
                @Override
                public double rate(double base, long step) {
                    return step < 1 ? base : bad;
                }

                @Override
                public String toString() {
                    return "badAfterOne";
                }
            };
            Optimizer opt = new Adam(0.1).withSchedule(schedule);
            List<Parameter> params = theta();
            opt.step(params);
            double[] before = bits(params.get(0).value());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.step(params));
            assertTrue(e.getMessage().contains("badAfterOne"), e.getMessage());
            assertTrue(e.getMessage().contains("at step 1"), e.getMessage());
            assertTrue(e.getMessage().contains("rate " + bad), e.getMessage());
            assertArrayEquals(before, bits(params.get(0).value()));
            assertEquals(1, opt.steps());
        }
        // the library's schedules name themselves
        LearningRateSchedule cosine = LearningRateSchedule.cosine(10, 0);
        assertTrue(cosine.toString().contains("cosine(totalSteps=10"), cosine.toString());
        // cosine annealing to 0 reaches a rate of 0 at step totalSteps, which is refused there
        Optimizer annealed = new SGD(0.1).withSchedule(LearningRateSchedule.cosine(2, 0));
        List<Parameter> params = theta();
        annealed.step(params);
        annealed.step(params);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> annealed.step(params));
        assertTrue(e.getMessage().contains("at step 2"), e.getMessage());
    }

    /**
     * Decoupled weight decay multiplies θ by {@code 1 - η_t λ}: {@code η_t λ >= 1} (here 1 * 1e6) would
     * flip the weights' sign or zero them, and is refused at the step naming both values; a schedule
     * that raises η_t into that range is refused at the step where it does.
     */
    @Test
    void weightDecayWhoseFactorIsNotPositiveIsRefusedAtTheStep() {
        List<Parameter> params = theta();
        double[] before = bits(params.get(0).value());
        Optimizer opt = new SGD(1).withWeightDecay(1e6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.step(params));
        assertTrue(e.getMessage().contains("weightDecay 1000000.0"), e.getMessage());
        assertTrue(e.getMessage().contains("learning rate 1.0"), e.getMessage());
        assertTrue(e.getMessage().contains("flip sign"), e.getMessage());
        assertArrayEquals(before, bits(params.get(0).value()));
        assertEquals(0, opt.steps());
        assertThrows(
                IllegalArgumentException.class,
                () -> new AdamW(0.5).withWeightDecay(2).step(params));
        // η_0 λ = 0.5, then the schedule doubles the rate: η_1 λ = 1 is refused at step 1
        Optimizer rising = new SGD(0.5).withWeightDecay(1).withSchedule((base, step) -> base * (1 + step));
        rising.step(params);
        double[] afterOne = bits(params.get(0).value());
        IllegalArgumentException at1 = assertThrows(IllegalArgumentException.class, () -> rising.step(params));
        assertTrue(at1.getMessage().contains("at step 1"), at1.getMessage());
        assertArrayEquals(afterOne, bits(params.get(0).value()));
    }

    static Network tinyNetwork(long seed) {
        return Network.builder()
                .seed(seed)
                .add(new Dense(2, 1, Activation.sigmoid()))
                .loss(Loss.binaryCrossEntropy())
                .build();
    }

    /**
     * An optimizer is bound to the parameters it first stepped: another network's are refused (its
     * step count and Adam's bias correction would carry over), with nothing changed; the same network
     * trains on (Trainer.fit twice), and fresh() gives an unbound optimizer of the same settings.
     */
    @Test
    void anOptimizerIsBoundToTheParametersItFirstStepped() {
        INDArray x = TestData.gaussian(DataType.FLOAT, 8, 2, 1, 4);
        INDArray y = Nd4j.createFromArray(new float[][] {{0}, {1}, {0}, {1}, {0}, {1}, {0}, {1}});
        Network first = tinyNetwork(1);
        Network second = tinyNetwork(2);
        Adam adam = new Adam(0.01);
        first.trainStep(x, y, adam);
        List<double[]> before = TestData.snapshot(second);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> second.trainStep(x, y, adam));
        assertTrue(e.getMessage().contains("create a new optimizer"), e.getMessage());
        assertTrue(e.getMessage().contains("layer0.weight"), e.getMessage());
        assertTrue(TestData.bitIdentical(before, TestData.snapshot(second)));
        assertEquals(1, adam.steps());
        assertThrows(IllegalArgumentException.class, () -> adam.step(second.parameters()));
        // the same network keeps training, through trainStep and through a trainer, twice
        first.trainStep(x, y, adam);
        Trainer trainer = Trainer.builder()
                .epochs(2)
                .batchSize(4)
                .optimizer(adam)
                .progressBar(false)
                .build();
        trainer.fit(first, x, y);
        trainer.fit(first, x, y);
        assertEquals(2 + 2 * 2 * 2, adam.steps());
        IllegalArgumentException fit = assertThrows(IllegalArgumentException.class, () -> trainer.fit(second, x, y));
        assertTrue(fit.getMessage().startsWith("optimizer: "), fit.getMessage());
        assertTrue(TestData.bitIdentical(before, TestData.snapshot(second)));
        // a fresh optimizer of the same settings takes the second network from step 0, as a new one does
        Optimizer fresh = adam.fresh();
        assertEquals(0, fresh.steps());
        assertEquals(adam.toString(), fresh.toString());
        Network twin = tinyNetwork(2);
        second.trainStep(x, y, fresh);
        twin.trainStep(x, y, new Adam(0.01));
        assertTrue(TestData.bitIdentical(TestData.snapshot(twin), TestData.snapshot(second)));
    }

    /** Network.trainStep checks the rate before its forward pass: a refused step changes nothing. */
    @Test
    void trainStepRefusesABadRateBeforeItsForwardPass() {
        Network net = Network.builder()
                .seed(1)
                .add(new Dense(2, 3, Activation.relu()))
                .add(new org.nnj.layers.BatchNormalization(3))
                .add(new Dense(3, 1, Activation.identity()))
                .loss(Loss.mse())
                .build();
        INDArray x = TestData.gaussian(DataType.FLOAT, 4, 2, 1, 2);
        INDArray y = TestData.gaussian(DataType.FLOAT, 4, 1, 1, 3);
        Optimizer opt = new SGD(0.1).withSchedule((base, step) -> -base);
        List<double[]> before = TestData.snapshot(net);
        float[] mean =
                ((org.nnj.layers.BatchNormalization) net.layer(1)).runningMean().toFloatVector();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.trainStep(x, y, opt));
        assertTrue(e.getMessage().contains("rate -0.1 at step 0"), e.getMessage());
        assertTrue(TestData.bitIdentical(before, TestData.snapshot(net)));
        assertArrayEquals(
                mean,
                ((org.nnj.layers.BatchNormalization) net.layer(1)).runningMean().toFloatVector());
        assertEquals(0, opt.steps());
    }

    @Test
    void rejectsBadHyperParameters() {
        assertThrows(IllegalArgumentException.class, () -> new SGD(0));
        assertThrows(IllegalArgumentException.class, () -> new SGD(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Momentum(0.1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, -0.1, 0.999, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new RMSProp(0.1, 0.9, 0));
        assertThrows(IllegalArgumentException.class, () -> new SGD(0.1).withGradientClipping(0));
        assertThrows(IllegalArgumentException.class, () -> new SGD(0.1).withL2(-1));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponential(1.5));
    }

    static Stream<Arguments> optimizers() {
        List<Object[]> list = List.of(
                new Object[] {"SGD", (Supplier<Optimizer>) () -> new SGD(0.5)},
                new Object[] {"Momentum", (Supplier<Optimizer>) () -> new Momentum(0.1, 0.9)},
                new Object[] {"Nesterov", (Supplier<Optimizer>) () -> new Nesterov(0.1, 0.9)},
                new Object[] {"AdaGrad", (Supplier<Optimizer>) () -> new AdaGrad(0.5)},
                new Object[] {"RMSProp", (Supplier<Optimizer>) () -> new RMSProp(0.01)},
                new Object[] {"Adam", (Supplier<Optimizer>) () -> new Adam(0.05)},
                new Object[] {"AdamW", (Supplier<Optimizer>) () -> new AdamW(0.05)});
        return list.stream().map(o -> Arguments.of(Named.of((String) o[0], o[1])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void drivesLogisticRegressionOnASeparableSet(Supplier<Optimizer> factory) {
        int n = 200;
        INDArray raw = TestData.gaussian(DataType.FLOAT, n, 2, 1, 1);
        float[][] x = new float[n][2];
        float[][] y = new float[n][1];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            x[i][0] = raw.getFloat(i, 0) * 0.5f + (c == 1 ? 2 : -2);
            x[i][1] = raw.getFloat(i, 1) * 0.5f + (c == 1 ? 1 : -1);
            y[i][0] = c;
        }
        Network net = Network.builder()
                .seed(3)
                .add(new Dense(2, 1, Activation.sigmoid()))
                .loss(Loss.binaryCrossEntropy())
                .build();
        History h = Trainer.builder()
                .epochs(30)
                .batchSize(20)
                .optimizer(factory.get())
                .seed(1)
                .progressBar(false)
                .build()
                .fit(net, Nd4j.createFromArray(x), Nd4j.createFromArray(y));
        assertTrue(
                h.last("loss") < 0.1,
                "final loss " + h.last("loss") + " from " + h.loss().get(0));
    }

    static Stream<Arguments> optimizersAndTypes() {
        return optimizers()
                .flatMap(o -> Stream.of(
                        Arguments.of(o.get()[0], DataType.FLOAT, Float.NaN),
                        Arguments.of(o.get()[0], DataType.FLOAT, Float.POSITIVE_INFINITY),
                        Arguments.of(o.get()[0], DataType.DOUBLE, Double.NaN),
                        Arguments.of(o.get()[0], DataType.DOUBLE, Double.NEGATIVE_INFINITY)));
    }

    /**
     * A gradient with one bad value deep in a parameter of several chunks (after a parameter and two
     * chunks that were already written): the step is refused, every value is bit for bit what it was,
     * the step count is unchanged, and the next good step gives exactly what an optimizer that never
     * saw the bad gradient gives (so the state was not advanced either).
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("optimizersAndTypes")
    void refusesANonFiniteStepAndLeavesEverythingAsItWas(Supplier<Optimizer> factory, DataType type, double bad) {
        // three chunks, on the calling thread; then twenty, shared with the second core, whose result
        // must be the reference's on one core
        for (int big : new int[] {2 * StepEngine.CHUNK + 904, 20 * StepEngine.CHUNK + 904}) {
            assertEquals(big > StepEngine.PARALLEL_FROM, big > 3 * StepEngine.CHUNK);
            refusesANonFiniteStep(factory, type, bad, big);
        }
    }

    private static void refusesANonFiniteStep(Supplier<Optimizer> factory, DataType type, double bad, int big) {
        List<Parameter> params = smallAndBig(type, big);
        List<Parameter> twin = copies(params);
        Optimizer opt = factory.get();
        Optimizer reference = factory.get();
        Nd4j.getRandom().setSeed(5);
        INDArray[] g1 = {Nd4j.randn(type, 3, 3), Nd4j.randn(type, 1, big)};
        INDArray[] g2 = {Nd4j.randn(type, 3, 3), Nd4j.randn(type, 1, big)};
        for (int i = 0; i < 2; i++) {
            params.get(i).gradient().assign(g1[i]);
            twin.get(i).gradient().assign(g1[i]);
        }
        opt.step(params);
        oneCore(() -> reference.step(twin));

        double[][] before = params.stream().map(p -> bits(p.value())).toArray(double[][]::new);
        params.get(0).gradient().assign(g2[0]);
        params.get(1).gradient().assign(g2[1]);
        params.get(1).gradient().putScalar(big - 700, bad);
        NonFiniteUpdateException e = assertThrows(NonFiniteUpdateException.class, () -> opt.step(params));
        assertTrue(e.getMessage().contains("b"), e.getMessage());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(
                    before[i], bits(params.get(i).value()), "parameter " + i + " was changed by a refused step");
        }
        assertEquals(1, opt.steps());

        params.get(1).gradient().assign(g2[1]);
        opt.step(params);
        for (int i = 0; i < 2; i++) {
            twin.get(i).gradient().assign(g2[i]);
        }
        oneCore(() -> reference.step(twin));
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(
                    bits(twin.get(i).value()),
                    bits(params.get(i).value()),
                    "parameter " + i + " after the next good step");
        }
    }

    static Stream<Arguments> optimizersAndFloatTypes() {
        return optimizers()
                .flatMap(o ->
                        Stream.of(Arguments.of(o.get()[0], DataType.FLOAT), Arguments.of(o.get()[0], DataType.DOUBLE)));
    }

    /**
     * {@code undoLastStep} after three good steps: the parameters are bit for bit those before the
     * third, the step count is back to 2, a second undo is refused, and the next step (with another
     * gradient) gives exactly what an optimizer that only ever took the first two steps gives (so the
     * state went back too). An optimizer with no step, or asked about another list, undoes nothing.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("optimizersAndFloatTypes")
    void undoLastStepPutsParametersStateAndCountBack(Supplier<Optimizer> factory, DataType type) {
        int big = 20 * StepEngine.CHUNK + 904; // shared with the second core
        List<Parameter> params = smallAndBig(type, big);
        List<Parameter> twin = copies(params);
        Optimizer opt = factory.get();
        Optimizer reference = factory.get();
        assertFalse(opt.undoLastStep(params), "no step to undo yet");
        Nd4j.getRandom().setSeed(7);
        INDArray[][] g = new INDArray[4][];
        for (int s = 0; s < 4; s++) {
            g[s] = new INDArray[] {Nd4j.randn(type, 3, 3), Nd4j.randn(type, 1, big)};
        }
        double[][] beforeThird = null;
        for (int s = 0; s < 3; s++) {
            if (s == 2) {
                beforeThird = params.stream().map(p -> bits(p.value())).toArray(double[][]::new);
            }
            for (int i = 0; i < 2; i++) {
                params.get(i).gradient().assign(g[s][i]);
            }
            opt.step(params);
        }
        assertFalse(opt.undoLastStep(twin), "another list's step");
        assertTrue(opt.undoLastStep(params));
        assertEquals(2, opt.steps());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(beforeThird[i], bits(params.get(i).value()), "parameter " + i + " after the undo");
        }
        assertFalse(opt.undoLastStep(params), "a step is taken back once");

        for (int s : new int[] {0, 1, 3}) { // the reference never sees the third gradient
            for (int i = 0; i < 2; i++) {
                twin.get(i).gradient().assign(g[s][i]);
            }
            oneCore(() -> reference.step(twin));
        }
        for (int i = 0; i < 2; i++) {
            params.get(i).gradient().assign(g[3][i]);
        }
        opt.step(params);
        assertEquals(3, opt.steps());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(
                    bits(twin.get(i).value()), bits(params.get(i).value()), "parameter " + i + " after the next step");
        }
    }

    /** A 3 x 3 parameter "a" and a 1 x big parameter "b", random values, zero gradients. */
    private static List<Parameter> smallAndBig(DataType type, int big) {
        return List.of(
                new Parameter("a", Nd4j.rand(type, 3, 3), Nd4j.zeros(type, 3, 3)),
                new Parameter("b", Nd4j.rand(type, 1, big), Nd4j.zeros(type, 1, big)));
    }

    /** The same parameters with copies of their values and gradients, for a reference optimizer. */
    private static List<Parameter> copies(List<Parameter> params) {
        return params.stream()
                .map(p -> new Parameter(p.name(), p.value().dup(), p.gradient().dup()))
                .toList();
    }

    /** Runs a step with every chunk on the calling thread. */
    private static void oneCore(Runnable step) {
        StepEngine.useSecondCore = false;
        try {
            step.run();
        } finally {
            StepEngine.useSecondCore = true;
        }
    }

    /** The values, exactly (a float32 value is a double exactly; assertArrayEquals compares bits). */
    static double[] bits(INDArray a) {
        return a.dup().data().asDouble();
    }
}
