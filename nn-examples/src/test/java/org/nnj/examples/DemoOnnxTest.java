package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.io.Onnx;
import org.nnj.layers.Parameter;
import org.nnj.models.Network;

/**
 * The sequence demos' networks, as their recipes build them, exported with {@code Onnx.export} (what
 * {@code --export-onnx} writes) and run in ONNX Runtime: the same predictions as {@code predict}, on token
 * rows with padding where the model masks it.
 */
class DemoOnnxTest {
    @TempDir
    Path dir;

    /** Parameters moved off their initial values, so that every one of them is checked. */
    private static Network perturbed(Network net) {
        Random r = new Random(7);
        for (Parameter p : net.parameters()) {
            INDArray v = p.value();
            for (long i = 0; i < v.length(); i++) {
                v.putScalar(i, v.getDouble(i) + 0.1 * r.nextGaussian());
            }
        }
        return net;
    }

    /** Rows of ids in [1, vocabulary), each padded with 0 after a random length (or not, if no padding). */
    private static float[][] tokens(int rows, int time, int vocabulary, boolean padded) {
        Random r = new Random(3);
        float[][] x = new float[rows][time];
        for (int i = 0; i < rows; i++) {
            int length = padded ? 1 + r.nextInt(time) : time;
            for (int t = 0; t < length; t++) {
                x[i][t] = 1 + r.nextInt(vocabulary - 1);
            }
        }
        return x;
    }

    private void agrees(String name, Network net, float[][] x, double tolerance) throws Exception {
        INDArray expected = net.predict(Nd4j.createFromArray(x).castTo(DataType.FLOAT));
        Path file = dir.resolve(name + ".onnx");
        Onnx.export(net, null, file);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
                OnnxTensor in = OnnxTensor.createTensor(env, x)) {
            String input = session.getInputNames().iterator().next();
            try (OrtSession.Result result = session.run(Map.of(input, in))) {
                float[][] actual = (float[][]) result.get(0).getValue();
                for (int i = 0; i < x.length; i++) {
                    for (int c = 0; c < actual[i].length; c++) {
                        assertEquals(
                                expected.getDouble(i, c), actual[i][c], tolerance, name + " row " + i + " col " + c);
                    }
                }
            }
        }
    }

    @Test
    void theNamesModelsExport() throws Exception {
        agrees("names-mlp", perturbed(NamesModels.mlp(1)), tokens(5, 3, 27, false), 1e-4);
        for (String kind : new String[] {"gru", "lstm"}) {
            Network net = perturbed(NamesModels.recurrent(kind, 12, 1));
            agrees("names-" + kind, net, tokens(5, net.inputSize(), 27, false), 1e-4);
        }
        Network transformer = perturbed(NamesModels.transformer(16, 1));
        agrees("names-transformer", transformer, tokens(5, transformer.inputSize(), 27, false), 1e-4);
    }

    @Test
    void theTextModelsExport() throws Exception {
        for (String model : new String[] {"mean", "gru", "transformer"}) {
            Network net = perturbed(TextModels.build(model, 50, 12, 1));
            agrees("text-" + model, net, tokens(6, 12, 50, true), 1e-4);
        }
    }

    @Test
    void theForecastModelsExport() throws Exception {
        Random r = new Random(5);
        float[][] windows = new float[4][16];
        for (float[] w : windows) {
            for (int t = 0; t < w.length; t++) {
                w[t] = (float) r.nextGaussian();
            }
        }
        agrees("forecast-lstm", perturbed(ForecastModels.lstm(16, 1)), windows, 1e-4);
        agrees("forecast-mlp", perturbed(Forecaster.mlp(16, 1)), windows, 1e-4);
    }
}
