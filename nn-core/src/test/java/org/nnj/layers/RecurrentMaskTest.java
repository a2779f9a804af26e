package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A padded batch with its mask gives what each unpadded sequence gives on its own (a layer of the
 * same weights and the sequence's own length): the outputs on the real steps (zeros at padding), the
 * loss {@code J = Σ G ⊙ out}, the parameter gradients (the batch's being the sum of the sequences'),
 * and the input gradient on the real steps (zero at padding). Padding trails, leads, and sits in the
 * middle of a sequence.
 */
class RecurrentMaskTest {
    private static final int TIME = 6;
    private static final int FEATURES = 2;
    private static final int UNITS = 3;
    /** The real steps of each example of the padded batch. */
    private static final int[][] REAL = {{0, 1, 2, 3}, {2, 3, 4}, {0, 1, 3, 5}};

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String kind : List.of("rnn", "lstm", "gru")) {
            for (boolean seq : new boolean[] {true, false}) {
                for (boolean bidi : new boolean[] {false, true}) {
                    b.add(Arguments.of(kind, seq, bidi));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} sequences={1} bidirectional={2}")
    @MethodSource("cases")
    void paddedWithMaskIsTheUnpaddedSequence(String kind, boolean seq, boolean bidi) {
        DataType type = DataType.DOUBLE;
        Layer padded = RecurrentFixtures.built(kind, new SequenceShape(TIME, FEATURES), UNITS, seq, bidi, type);
        int width = padded.outputSize() / (seq ? TIME : 1); // values per output step
        INDArray x = RecurrentFixtures.gaussian(type, REAL.length, TIME * FEATURES, 1, 7);
        INDArray g = RecurrentFixtures.gaussian(type, REAL.length, padded.outputSize(), 1, 8);
        double[][] m = new double[REAL.length][TIME];
        for (int n = 0; n < REAL.length; n++) {
            for (int t : REAL[n]) {
                m[n][t] = 1;
            }
        }
        INDArray mask = Nd4j.create(m);
        INDArray[] run = RecurrentFixtures.run(padded, x, mask, g);
        double lossPadded = run[0].mul(g).sumNumber().doubleValue();
        double lossUnpadded = 0;
        double[][] gradSum = new double[padded.parameters().size()][];
        for (int n = 0; n < REAL.length; n++) {
            int len = REAL[n].length;
            Layer alone = RecurrentFixtures.built(kind, new SequenceShape(len, FEATURES), UNITS, seq, bidi, type);
            INDArray xn = Nd4j.zeros(type, 1, len * FEATURES);
            INDArray gn = Nd4j.zeros(type, 1, alone.outputSize());
            for (int k = 0; k < len; k++) {
                int t = REAL[n][k];
                for (int f = 0; f < FEATURES; f++) {
                    xn.putScalar(0, k * FEATURES + f, x.getDouble(n, t * FEATURES + f));
                }
            }
            for (int k = 0; k < (seq ? len : 1); k++) {
                int t = seq ? REAL[n][k] : 0;
                for (int j = 0; j < width; j++) {
                    gn.putScalar(0, k * width + j, g.getDouble(n, t * width + j));
                }
            }
            INDArray[] one = RecurrentFixtures.run(alone, xn, null, gn);
            lossUnpadded += one[0].mul(gn).sumNumber().doubleValue();
            for (int k = 0; k < (seq ? len : 1); k++) {
                int t = seq ? REAL[n][k] : 0;
                for (int j = 0; j < width; j++) {
                    assertEquals(one[0].getDouble(0, k * width + j), run[0].getDouble(n, t * width + j), 1e-12);
                }
            }
            for (int t = 0; t < TIME; t++) {
                int k = indexOf(REAL[n], t);
                for (int f = 0; f < FEATURES; f++) {
                    double expected = k < 0 ? 0 : one[1].getDouble(0, k * FEATURES + f);
                    assertEquals(expected, run[1].getDouble(n, t * FEATURES + f), 1e-12, "dJ/dx " + n + " " + t);
                }
                if (seq && k < 0) {
                    for (int j = 0; j < width; j++) {
                        assertEquals(0, run[0].getDouble(n, t * width + j), "padded output is zero");
                    }
                }
            }
            for (int i = 0; i < gradSum.length; i++) {
                double[] gi = RecurrentFixtures.flat(alone.parameters().get(i).gradient());
                if (gradSum[i] == null) {
                    gradSum[i] = new double[gi.length];
                }
                for (int e = 0; e < gi.length; e++) {
                    gradSum[i][e] += gi[e];
                }
            }
        }
        assertEquals(lossUnpadded, lossPadded, 1e-12, "loss");
        for (int i = 0; i < gradSum.length; i++) {
            Parameter p = padded.parameters().get(i);
            RecurrentFastPathTest.assertClose(gradSum[i], RecurrentFixtures.flat(p.gradient()), 1e-12, p.name());
        }
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
