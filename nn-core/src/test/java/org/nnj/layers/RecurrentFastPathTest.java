package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fast path (kernels.Recurrent: one GEMM for every step's input projection, one per step for the
 * recurrent product, fused gate loops) computes what the plain reference loops compute: outputs,
 * parameter gradients and the input gradient, in float64 and float32, every cell, sequences and last,
 * with and without a mask, one direction and both.
 */
class RecurrentFastPathTest {
    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String kind : List.of("rnn", "lstm", "gru")) {
            for (boolean seq : new boolean[] {true, false}) {
                for (boolean bidi : new boolean[] {false, true}) {
                    for (boolean masked : new boolean[] {false, true}) {
                        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
                            b.add(Arguments.of(kind, seq, bidi, masked, type));
                        }
                    }
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} sequences={1} bidirectional={2} masked={3} {4}")
    @MethodSource("cases")
    void fastPathMatchesReference(String kind, boolean seq, boolean bidi, boolean masked, DataType type) {
        SequenceShape in = new SequenceShape(4, 3);
        int batch = 3;
        Layer layer = RecurrentFixtures.built(kind, in, 5, seq, bidi, type);
        INDArray x = RecurrentFixtures.gaussian(type, batch, in.size(), 1, 2);
        INDArray mask = masked ? RecurrentFixtures.mask(type, 4, new int[] {0, 1, 0}, new int[] {4, 2, 1}) : null;
        INDArray g = RecurrentFixtures.gaussian(type, batch, layer.outputSize(), 1, 3);
        INDArray[] fast = RecurrentFixtures.run(layer, x, mask, g);
        double[][] xd = RecurrentFixtures.doubles(x);
        double[][] md = RecurrentFixtures.doubles(mask);
        double[][] gd = RecurrentFixtures.doubles(g);
        double tol = type == DataType.DOUBLE ? 1e-12 : 2e-5;
        assertClose(
                RecurrentFixtures.flat(RecurrentFixtures.referenceForward(layer, xd, md)),
                RecurrentFixtures.flat(fast[0]),
                tol,
                "output");
        assertClose(
                RecurrentFixtures.flat(RecurrentFixtures.referenceInputGradient(layer, xd, md, gd)),
                RecurrentFixtures.flat(fast[1]),
                tol,
                "input gradient");
        List<double[]> ref = RecurrentFixtures.referenceParameterGradients(layer, xd, md, gd);
        for (int i = 0; i < ref.size(); i++) {
            Parameter p = layer.parameters().get(i);
            assertClose(ref.get(i), RecurrentFixtures.flat(p.gradient()), tol, p.name());
        }
    }

    /** Equal to {@code tol} relative to the largest magnitude of the expected values (at least 1). */
    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double scale = 1;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * scale, what + " element " + i);
        }
    }
}
