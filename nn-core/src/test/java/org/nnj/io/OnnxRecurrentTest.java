package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.layers.Bidirectional;
import org.nnj.layers.Dense;
import org.nnj.layers.GRU;
import org.nnj.layers.LSTM;
import org.nnj.layers.Layer;
import org.nnj.layers.Parameter;
import org.nnj.layers.RecurrentLayer;
import org.nnj.layers.SequenceShape;
import org.nnj.layers.SimpleRNN;
import org.nnj.losses.Loss;
import org.nnj.models.Network;

/**
 * Recurrent networks exported to ONNX (RNN, LSTM, GRU operators, gate blocks reordered, GRU with
 * linear_before_reset, Bidirectional as direction="bidirectional") compute in ONNX Runtime what
 * predict computes, to 1e-4; and they save and load bit for bit.
 */
class OnnxRecurrentTest {
    @TempDir
    Path dir;

    private static final SequenceShape IN = new SequenceShape(5, 3);

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

    private static Layer layer(String kind, SequenceShape in, int units, boolean seq, boolean bidi) {
        RecurrentLayer l =
                switch (kind) {
                    case "rnn" -> new SimpleRNN(in, units, seq);
                    case "lstm" -> new LSTM(in, units, seq);
                    default -> new GRU(in, units, seq);
                };
        return bidi ? new Bidirectional(l) : l;
    }

    private static Network network(Layer... layers) {
        Network.Builder b = Network.builder().seed(3);
        for (Layer l : layers) {
            b.add(l);
        }
        Network net = b.add(new Dense(layers[layers.length - 1].outputSize(), 3))
                .loss(Loss.mse())
                .build();
        for (Parameter p : net.parameters()) { // larger, distinct values, so that a wrong gate order shows
            p.value()
                    .addi(TestData.gaussian(
                            DataType.FLOAT,
                            (int) p.value().size(0),
                            (int) p.value().size(1),
                            0.4,
                            9));
        }
        return net;
    }

    private void checkInOnnxRuntime(Network net) throws Exception {
        Path file = dir.resolve("model.onnx");
        Onnx.export(net, null, file);
        INDArray x = TestData.gaussian(DataType.FLOAT, 7, net.inputSize(), 1, 4);
        INDArray expected = net.predict(x);
        float[][] actual = OnnxTest.run(file, x.toFloatMatrix());
        assertEquals(7, actual.length);
        for (int r = 0; r < 7; r++) {
            for (int c = 0; c < net.outputSize(); c++) {
                assertEquals(expected.getDouble(r, c), actual[r][c], 1e-4, "row " + r + " column " + c);
            }
        }
    }

    @ParameterizedTest(name = "{0} sequences={1} bidirectional={2}")
    @MethodSource("cases")
    void onnxRuntimeComputesWhatPredictComputes(String kind, boolean seq, boolean bidi) throws Exception {
        checkInOnnxRuntime(network(layer(kind, IN, 4, seq, bidi)));
    }

    @Test
    void stackedRecurrentLayers() throws Exception {
        Layer first = layer("lstm", IN, 4, true, true);
        checkInOnnxRuntime(network(first, layer("gru", new SequenceShape(5, 8), 3, false, false)));
    }

    @ParameterizedTest(name = "{0} sequences={1} bidirectional={2}")
    @MethodSource("cases")
    void savesAndLoadsBitIdentically(String kind, boolean seq, boolean bidi) throws Exception {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            Network net = Network.builder()
                    .seed(3)
                    .dataType(type)
                    .add(layer(kind, IN, 4, seq, bidi))
                    .add(new Dense(seq ? 5 * 4 * (bidi ? 2 : 1) : 4 * (bidi ? 2 : 1), 2))
                    .loss(Loss.mse())
                    .build();
            Path file = dir.resolve(kind + type + ".nnj");
            ModelFile.save(file, net);
            Network back = ModelFile.load(file).network();
            INDArray x = TestData.gaussian(type, 6, IN.size(), 1, 5);
            assertArrayEquals(
                    net.predict(x).castTo(DataType.DOUBLE).data().asDouble(),
                    back.predict(x).castTo(DataType.DOUBLE).data().asDouble(),
                    0,
                    type.toString());
            assertEquals(net.summary(), back.summary());
            assertEquals(net.layer(0).spec(), back.layer(0).spec());
        }
    }
}
