package org.nnj.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Layers, data and flattening helpers shared by the recurrent layers' tests. */
final class RecurrentFixtures {
    private RecurrentFixtures() {}

    /** "rnn", "lstm" or "gru". */
    static RecurrentLayer cell(String kind, SequenceShape in, int units, boolean sequences) {
        return switch (kind) {
            case "rnn" -> new SimpleRNN(in, units, sequences);
            case "lstm" -> new LSTM(in, units, sequences);
            case "gru" -> new GRU(in, units, sequences);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** A built layer, the plain one or its Bidirectional. */
    static Layer built(String kind, SequenceShape in, int units, boolean sequences, boolean bidi, DataType type) {
        RecurrentLayer l = cell(kind, in, units, sequences);
        Layer layer = bidi ? new Bidirectional(l) : l;
        layer.build(type, new Random(11));
        // non-zero, distinct biases everywhere, so that they are all checked
        for (Parameter p : layer.parameters()) {
            p.value()
                    .addi(gaussian(
                            type, (int) p.value().size(0), (int) p.value().size(1), 0.2, 5));
        }
        return layer;
    }

    static INDArray gaussian(DataType type, int rows, int cols, double scale, long seed) {
        Random r = new Random(seed);
        double[][] v = new double[rows][cols];
        for (double[] row : v) {
            for (int j = 0; j < cols; j++) {
                row[j] = scale * r.nextGaussian();
            }
        }
        return Nd4j.create(v).castTo(type);
    }

    /** A batch x time mask from lengths and where the real steps start. */
    static INDArray mask(DataType type, int time, int[] starts, int[] lengths) {
        double[][] m = new double[starts.length][time];
        for (int n = 0; n < starts.length; n++) {
            for (int t = starts[n]; t < starts[n] + lengths[n]; t++) {
                m[n][t] = 1;
            }
        }
        return Nd4j.create(m).castTo(type);
    }

    static double[][] doubles(INDArray a) {
        return a == null ? null : a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    static double[] flat(INDArray a) {
        return a.castTo(DataType.DOUBLE).data().asDouble();
    }

    static double[] flat(double[][] a) {
        List<Double> v = new ArrayList<>();
        for (double[] row : a) {
            for (double d : row) {
                v.add(d);
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The reference parameter gradients of a layer, flat, in its parameters() order. */
    static List<double[]> referenceParameterGradients(Layer layer, double[][] x, double[][] mask, double[][] g) {
        List<double[]> out = new ArrayList<>();
        if (layer instanceof Bidirectional b) {
            Bidirectional.Gradients r = b.referenceBackward(x, mask, g);
            addWeights(out, r.forward());
            addWeights(out, r.backward());
        } else {
            addWeights(
                    out, ((RecurrentLayer) layer).referenceBackward(x, mask, g).weights());
        }
        return out;
    }

    static double[][] referenceInputGradient(Layer layer, double[][] x, double[][] mask, double[][] g) {
        return layer instanceof Bidirectional b
                ? b.referenceBackward(x, mask, g).input()
                : ((RecurrentLayer) layer).referenceBackward(x, mask, g).input();
    }

    static double[][] referenceForward(Layer layer, double[][] x, double[][] mask) {
        return layer instanceof Bidirectional b
                ? b.referenceForward(x, mask)
                : ((RecurrentLayer) layer).referenceForward(x, mask);
    }

    private static void addWeights(List<double[]> out, RecurrentReference.Weights w) {
        out.add(flat(w.wIh()));
        out.add(flat(w.wHh()));
        out.add(w.bIh().clone());
        out.add(w.bHh().clone());
    }

    /** Runs the engine's masked (or plain, mask null) forward and backward; returns {out, dJ/dx}. */
    static INDArray[] run(Layer layer, INDArray x, INDArray mask, INDArray gradOut) {
        DataType type = layer.dataType();
        INDArray out = Nd4j.zeros(type, x.size(0), layer.outputSize());
        INDArray dx = Nd4j.zeros(type, x.size(0), layer.inputSize());
        MultiInputLayer m = (MultiInputLayer) layer;
        INDArray[] in = mask == null ? new INDArray[] {x} : new INDArray[] {x, mask};
        m.forward(in, out, true);
        m.backward(in, out, gradOut.dup(), mask == null ? new INDArray[] {dx} : new INDArray[] {dx, null});
        return new INDArray[] {out, dx};
    }
}
