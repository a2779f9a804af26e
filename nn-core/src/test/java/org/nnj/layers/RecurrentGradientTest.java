package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.train.GradientCheck;

/**
 * Backpropagation through time against finite differences in float64: in a small network (the
 * recurrent layer, then Dense, then softmax cross-entropy; train/GradientCheck, every parameter and
 * every input value), and on its own with a padding mask (J = Σ G ⊙ out, the fourth-order stencil of
 * GradientCheck), for every cell, sequences and last, one direction and both.
 */
class RecurrentGradientTest {
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
    void gradientCheckInANetwork(String kind, boolean seq, boolean bidi) {
        SequenceShape in = new SequenceShape(4, 3);
        RecurrentLayer cell = RecurrentFixtures.cell(kind, in, 3, seq);
        Layer layer = bidi ? new Bidirectional(cell) : cell;
        Network net = Network.builder()
                .seed(4)
                .dataType(DataType.DOUBLE)
                .add(layer)
                .add(new Dense(layer.outputSize(), 3, Activation.identity()))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        INDArray x = TestData.gaussian(DataType.DOUBLE, 5, in.size(), 1, 6);
        INDArray y = TestData.oneHot(DataType.DOUBLE, 5, 3, 7);
        Map<String, Double> result = GradientCheck.check(net, x, y);
        assertTrue(GradientCheck.worst(result) < 1e-6, result.toString());
    }

    @ParameterizedTest(name = "{0} sequences={1} bidirectional={2}")
    @MethodSource("cases")
    void finiteDifferencesWithAMask(String kind, boolean seq, boolean bidi) {
        DataType type = DataType.DOUBLE;
        Layer layer = RecurrentFixtures.built(kind, new SequenceShape(5, 2), 3, seq, bidi, type);
        INDArray x = RecurrentFixtures.gaussian(type, 3, 10, 1, 9);
        INDArray mask = RecurrentFixtures.mask(type, 5, new int[] {0, 1, 2}, new int[] {5, 3, 2});
        mask.putScalar(0, 2, 0); // and a gap inside the first sequence
        INDArray g = RecurrentFixtures.gaussian(type, 3, layer.outputSize(), 1, 10);
        INDArray[] analytic = RecurrentFixtures.run(layer, x, mask, g);
        double worst = 0;
        for (Parameter p : layer.parameters()) {
            worst = Math.max(worst, maxError(p.gradient(), p.value(), layer, x, mask, g));
        }
        worst = Math.max(worst, maxError(analytic[1], x, layer, x, mask, g));
        assertTrue(worst < 1e-6, "worst relative error " + worst);
    }

    private static double loss(Layer layer, INDArray x, INDArray mask, INDArray g) {
        INDArray out = Nd4j.zeros(layer.dataType(), x.size(0), layer.outputSize());
        ((MultiInputLayer) layer).forward(new INDArray[] {x, mask}, out, false);
        return out.mul(g).sumNumber().doubleValue();
    }

    private static double maxError(
            INDArray analytic, INDArray values, Layer layer, INDArray x, INDArray m, INDArray g) {
        double eps = GradientCheck.DEFAULT_EPSILON;
        double worst = 0;
        INDArray a = analytic.dup();
        for (int i = 0; i < values.length(); i++) {
            double v = values.getDouble(i);
            values.putScalar(i, v + 2 * eps);
            double p2 = loss(layer, x, m, g);
            values.putScalar(i, v + eps);
            double p1 = loss(layer, x, m, g);
            values.putScalar(i, v - eps);
            double m1 = loss(layer, x, m, g);
            values.putScalar(i, v - 2 * eps);
            double m2 = loss(layer, x, m, g);
            values.putScalar(i, v);
            double numeric = (8 * (p1 - m1) - (p2 - m2)) / (12 * eps);
            double diff = Math.abs(numeric - a.getDouble(i));
            if (diff > GradientCheck.ABSOLUTE_TOLERANCE) {
                worst = Math.max(worst, diff / Math.max(Math.abs(numeric), Math.abs(a.getDouble(i))));
            }
        }
        return worst;
    }
}
