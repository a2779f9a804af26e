package org.nnj.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.layers.Parameter;

/**
 * The fast loops ({@code kernels.Updates}) against each optimizer's per-element float64 {@link
 * Optimizer#reference}, in the manner of PyTorch's {@code test_foreach_matches_forloop}: every
 * optimizer x {float32, float64} x {one core, two} x {plain, L1, L2, decoupled decay, clipping, a
 * schedule}, {@value #STEPS} steps, on a 3 x 5 parameter and a 1 x {@value #BIG} one (17 chunks,
 * over {@link StepEngine#PARALLEL_FROM}: shared with the second core unless it is switched off).
 * Both the parameters and the state ({@link Optimizer#state}) are compared after every step.
 *
 * <p><b>float64</b>: the fast run and a reference run from the same start, each on its own for all
 * the steps, agree within {@value #RELATIVE_64} relative. (The float64 loops evaluate the
 * reference's expressions in the same order, and Java does not contract them into fused
 * multiply-adds, so in fact they agree to the bit.)
 *
 * <p><b>float32</b>: each step of the fast run is compared with the reference taking the same step
 * in float64 from the fast run's float32 values and state (exact in float64, put into a fresh
 * reference optimizer with {@link Optimizer#restoreState}), so that the bound is one step's rounding,
 * not rounding compounded by the data. The bound, to first order in the float32 unit roundoff {@code
 * u = 2^-24}, counting a relative error of at most u for each float32 operation and for each cast of
 * a float64 scalar (η_t, {@code 1 - η_t λ}, β, ρ, μ, ε, the folded Adam scalars) to float32:
 * <ul>
 *   <li>the penalized gradient {@code g' = c g + λ1 sign(θ) + λ2 θ} is off by at most {@code 3u |g'|}
 *       (the test's penalties are at most 2% of |g|, so nothing cancels);
 *   <li>a state slot {@code s' = a s + b h} ({@code h = g'} or {@code g'²}: momentum's v, Adam's m and
 *       v, AdaGrad's and RMSProp's sums) is off by at most {@code 2u|a s| + (3u + 2·3u)|b h| + u|s'|
 *       ≤ 10u (|s| + |s'|)}, since {@code |a s| + |b h| ≤ 2|s| + |s'|} even when the two cancel:
 *       {@value #STATE_UNITS} u (|s| + |s'|) is the state's bound;
 *   <li>the step Δ (SGD's {@code η g}, momentum's {@code η v}, Nesterov's {@code η (g + μ v)}, the
 *       adaptive {@code η g / (sqrt(s) + ε)}, Adam's {@code η_t m / (sqrt(v) + ε_t)}) is off by at most
 *       {@code 15u D}, D being η times the sum of the magnitudes of the terms Δ is made of (Adam, the
 *       deepest: 3u for the cast of η_t, the product and the quotient, 5u for m, 7u for {@code
 *       sqrt(v) + ε_t});
 *   <li>the new value {@code θ' = (1 - η_t λ) θ - Δ} is off by at most {@code 2u |(1 - η_t λ) θ| + 15u D
 *       + u |θ'|}.
 * </ul>
 * The data make D small: values and gradients are drawn from ±[0.5, 1.5] and the rates are chosen so
 * that D ≤ 1/32 at every step (SGD: 1.53 η; momentum: 5.2 η and Nesterov 6.2 η over four steps;
 * AdaGrad: η; RMSProp: {@code η / sqrt(1 - ρ)} = 3.2 η; Adam: {@code η max|g| / min|g|} = 3 η), so that
 * |θ'| stays ≥ 0.5 - 4/32 and {@code D ≤ |θ'| / 12}. Then the error is at most {@code u |θ'| (1 + 2 (1
 * + 1/12) + 15/12) = 4.4 u |θ'|}, and since {@code u |x| < ulp(x)}, under 5 ulps of the float64
 * value: {@value #VALUE_ULPS} ulps is the parameters' bound. (Observed: at most 2.0 ulps for the
 * parameters, RMSProp with decay, and 4.6 u (|s| + |s'|) for the state, Adam with clipping.) A
 * planted change to one rule fails its 12 or 24 cases: Nesterov's float32 loop looking ahead along
 * the old velocity, the float32 Adam leaving ε without its bias correction, or ρ and 1 - ρ swapped in
 * RMSProp's reference.
 */
class FastMatchesReferenceTest {
    static final int STEPS = 4;
    static final int BIG = 17 * StepEngine.CHUNK + 5;
    static final double RELATIVE_64 = 1e-14;
    static final double VALUE_ULPS = 5;
    static final double STATE_UNITS = 10;
    static final double U = 0x1p-24;

    static final List<String> OPTIMIZERS =
            List.of("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam", "AdamW");
    static final List<String> CONFIGS = List.of("plain", "L1", "L2", "decay", "clip", "schedule");

    /**
     * The rates keep D ≤ 1/32 (see the class comment). ε is 1e-3 (AdamW keeps the default 1e-8), so
     * that it shows in float32 results: against {@code sqrt(v) ≈ 0.03} a change to ε's role moves θ
     * by far more than 5 ulps, while 1e-8 would move it by less than one.
     */
    static Optimizer base(String name) {
        return switch (name) {
            case "SGD" -> new SGD(0.02);
            case "Momentum" -> new Momentum(0.005, 0.9);
            case "Nesterov" -> new Nesterov(0.005, 0.9);
            case "AdaGrad" -> new AdaGrad(0.03, 1e-3);
            case "RMSProp" -> new RMSProp(0.009, 0.9, 1e-3);
            case "Adam" -> new Adam(0.01, 0.9, 0.999, 1e-3);
            case "AdamW" -> new AdamW(0.01);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** The gradients' global norm is about 194: clipping at 50 scales them by about 0.26. */
    static Optimizer configured(String name, String config) {
        Optimizer o = base(name);
        return switch (config) {
            case "plain" -> o;
            case "L1" -> o.withL1(0.01);
            case "L2" -> o.withL2(0.01);
            case "decay" -> o.withWeightDecay(0.5);
            case "clip" -> o.withGradientClipping(50);
            case "schedule" -> o.withSchedule(LearningRateSchedule.exponential(0.7));
            default -> throw new IllegalArgumentException(config);
        };
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String o : OPTIMIZERS) {
            for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
                for (boolean twoCores : new boolean[] {false, true}) {
                    for (String c : CONFIGS) {
                        all.add(Arguments.of(o, type, twoCores, c));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} twoCores={2} {3}")
    @MethodSource("cases")
    void fastMatchesReference(String name, DataType type, boolean twoCores, String config) {
        Random random = new Random(name.hashCode() * 31L + config.hashCode());
        List<Parameter> params = List.of(parameter("a", type, 3, 5, random), parameter("b", type, 1, BIG, random));
        boolean float64 = type == DataType.DOUBLE;
        Optimizer fast = configured(name, config);
        List<Parameter> refParams = float64 ? copies(params) : null;
        Optimizer ref = float64 ? configured(name, config).reference(true) : null;
        for (int step = 1; step <= STEPS; step++) {
            for (Parameter p : params) {
                p.gradient().assign(values(type, p.value().rows(), p.value().columns(), random));
            }
            OptimizerState before = fast.state(params);
            if (float64) {
                for (int i = 0; i < params.size(); i++) {
                    refParams.get(i).gradient().assign(params.get(i).gradient());
                }
            } else { // the reference starts from the fast run's values and state, exactly
                refParams = copies(params);
                ref = configured(name, config).reference(true);
                ref.restoreState(refParams, before);
            }
            double[][] theta = params.stream().map(p -> bits(p.value())).toArray(double[][]::new);
            StepEngine.useSecondCore = twoCores;
            try {
                fast.step(params);
            } finally {
                StepEngine.useSecondCore = true;
            }
            ref.step(refParams);
            assertEquals(ref.steps(), fast.steps());
            OptimizerState fastState = fast.state(params);
            OptimizerState refState = ref.state(refParams);
            for (int i = 0; i < params.size(); i++) {
                String where = name + " " + config + " step " + step + ", "
                        + params.get(i).name();
                double[] got = bits(params.get(i).value());
                double[] want = bits(refParams.get(i).value());
                for (int e = 0; e < got.length; e++) {
                    if (float64) {
                        assertRelative(want[e], got[e], where);
                    } else {
                        double small = theta[i][e];
                        double ulps = Math.abs(got[e] - want[e]) / Math.ulp((float) want[e]);
                        int at = e;
                        assertTrue(
                                Math.abs(want[e] - small) <= Math.abs(want[e]) / 8,
                                () -> where + ": the data should keep each step small: " + small + " -> " + want[at]);
                        assertTrue(
                                ulps <= VALUE_ULPS,
                                () -> where + "[" + at + "]: " + got[at] + " is " + ulps + " ulps from " + want[at]);
                    }
                }
                double[][] gotState = fastState.slots().get(i);
                double[][] wantState = refState.slots().get(i);
                double[][] oldState = before.slots().get(i);
                assertEquals(wantState.length, gotState.length);
                for (int k = 0; k < gotState.length; k++) {
                    for (int e = 0; e < gotState[k].length; e++) {
                        String at = where + " state " + k;
                        double g = gotState[k][e];
                        double w = wantState[k][e];
                        if (float64) {
                            assertRelative(w, g, at);
                        } else {
                            double units = Math.abs(g - w) / (U * (Math.abs(oldState[k][e]) + Math.abs(w)));
                            assertTrue(
                                    units <= STATE_UNITS,
                                    () -> at + ": " + g + " is " + units + " u (|s| + |s'|) from " + w);
                        }
                    }
                }
            }
        }
    }

    static void assertRelative(double want, double got, String where) {
        assertTrue(
                Math.abs(got - want) <= RELATIVE_64 * Math.max(Math.abs(got), Math.abs(want)),
                () -> where + ": " + got + " against " + want);
    }

    /** rows x cols values from ±[0.5, 1.5], random signs. */
    static INDArray values(DataType type, long rows, long cols, Random random) {
        double[][] v = new double[(int) rows][(int) cols];
        for (double[] row : v) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (random.nextBoolean() ? 1 : -1) * (0.5 + random.nextDouble());
            }
        }
        return Nd4j.createFromArray(v).castTo(type);
    }

    static Parameter parameter(String name, DataType type, int rows, int cols, Random random) {
        return new Parameter(name, values(type, rows, cols, random), Nd4j.zeros(type, rows, cols));
    }

    /** float64 copies of the parameters' values and gradients (exact for float32). */
    static List<Parameter> copies(List<Parameter> params) {
        return params.stream()
                .map(p -> new Parameter(
                        p.name(),
                        p.value().castTo(DataType.DOUBLE).dup(),
                        p.gradient().castTo(DataType.DOUBLE).dup()))
                .toList();
    }

    static double[] bits(INDArray a) {
        return a.dup().data().asDouble();
    }
}
