package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nnj.io.ModelFile;
import org.nnj.layers.Embedding;
import org.nnj.layers.LayerNormalization;
import org.nnj.layers.MultiHeadAttention;
import org.nnj.layers.PositionalEmbedding;
import org.nnj.losses.Loss;
import org.nnj.models.GraphBuilder;
import org.nnj.models.Network;
import org.nnj.models.Node;

/** The names demo: data, the bigram's closed form, a short MLP run, sampling, and bad options. */
class NamesDemoTest {
    @TempDir
    Path tmp;

    private final CliRunner runner = new CliRunner();

    @Test
    void theSplitIs6663And740AndEmmaIsBoundaryLettersBoundary() throws Exception {
        List<String> all = NamesData.bundled();
        assertEquals(7403, all.size());
        NamesData.Split split = NamesData.split(all);
        assertEquals(6663, split.train().size());
        assertEquals(740, split.validation().size());
        assertEquals(all.subList(6663, 7403), split.validation());
        assertArrayEquals(new int[] {0, 5, 13, 13, 1, 0}, NamesData.encode("emma"));
        NamesData.Examples w = NamesData.windows(List.of("emma"), 3);
        assertEquals(5, w.rows()); // e m m a . predicted
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 5, 0, 5, 13, 5, 13, 13, 13, 13, 1}, w.x());
        assertArrayEquals(new float[] {5, 13, 13, 1, 0}, w.y());
        NamesData.Examples s = NamesData.sequences(List.of("emma"), 7);
        assertArrayEquals(new float[] {0, 5, 13, 13, 1, 0, 0}, s.x());
        assertArrayEquals(new float[] {5, 13, 13, 1, 0, -1, -1}, s.y());
        assertEquals(13, NamesData.longest(all));
    }

    @Test
    void theBigramsValidationNllIsTheClosedForm() throws Exception {
        NamesData.Split split = NamesData.split(NamesData.bundled());
        double[][] n = new double[27][27];
        for (String name : split.train()) {
            String t = "." + name + ".";
            for (int i = 1; i < t.length(); i++) {
                n[index(t.charAt(i - 1))][index(t.charAt(i))]++;
            }
        }
        double sum = 0;
        long count = 0;
        for (String name : split.validation()) {
            String t = "." + name + ".";
            for (int i = 1; i < t.length(); i++) {
                double[] row = n[index(t.charAt(i - 1))];
                double total = 0;
                for (double c : row) {
                    total += c + 1;
                }
                sum -= Math.log((row[index(t.charAt(i))] + 1) / total);
                count++;
            }
        }
        double closed = sum / count;
        double nll = NamesModels.bigram(split.train(), 1).nll(split.validation());
        assertEquals(closed, nll, 1e-9);
        assertEquals(2.411, nll, 0.01);
    }

    private static int index(char c) {
        return c == '.' ? 0 : c - 'a' + 1;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aShortMlpRunLearnsWritesItsFilesAndSamplesNames() throws Exception {
        Path out = tmp.resolve("run");
        assertEquals(
                0,
                runner.run(
                        "names", "--model", "bigram,mlp", "--steps", "300", "--sample", "5", "--out", out.toString()),
                runner.lastError);
        for (String f : List.of("metrics.json", "loss.png", "model-mlp.nnj", "model-bigram.nnj")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        Map<String, Object> m =
                new ObjectMapper().readValue(out.resolve("metrics.json").toFile(), Map.class);
        List<Map<String, Object>> rows = (List<Map<String, Object>>) m.get("models");
        double bigram = ((Number) rows.get(0).get("val_nll")).doubleValue();
        double mlp = ((Number) rows.get(1).get("val_nll")).doubleValue();
        assertEquals(300, rows.get(1).get("steps"));
        assertTrue(mlp < Math.log(27) - 0.5, "the MLP's validation NLL " + mlp + " vs uniform " + Math.log(27));
        assertTrue(bigram < 2.42, "bigram " + bigram);

        NamesModel model = NamesModel.of(
                "mlp", ModelFile.load(out.resolve("model-mlp.nnj")).network(), "test");
        assertEquals(mlp, model.nll(NamesData.split(NamesData.bundled()).validation()), 1e-9);
        Random rng = new Random(7);
        for (int i = 0; i < 50; i++) {
            NamesModel.Sample s = model.sample(rng, 1.0);
            assertTrue(s.letters().matches("[a-z]*"), s.letters());
            assertTrue(s.ended(), "not ended at '.': " + s.letters());
        }

        // --load and --eval: the saved model on another file of names, written elsewhere
        Path names = tmp.resolve("few.txt");
        Files.writeString(names, "emma\nolivia\n\nava\n");
        Path again = tmp.resolve("again");
        assertEquals(
                0,
                runner.run(
                        "names",
                        "--load",
                        out.resolve("model-mlp.nnj").toString(),
                        "--eval",
                        names.toString(),
                        "--out",
                        again.toString()),
                runner.lastError);
        Map<String, Object> m2 =
                new ObjectMapper().readValue(again.resolve("metrics.json").toFile(), Map.class);
        Map<String, Object> row = ((List<Map<String, Object>>) m2.get("models")).get(0);
        assertEquals(model.nll(List.of("emma", "olivia", "ava")), ((Number) row.get("eval_nll")).doubleValue(), 1e-9);
        assertEquals(mlp, ((Number) row.get("val_nll")).doubleValue(), 1e-9);
        assertFalse(Files.exists(again.resolve("model-mlp.nnj")));

        // --load from the run folder into the same folder: the input is read, never written over
        byte[] before = Files.readAllBytes(out.resolve("model-mlp.nnj"));
        assertEquals(
                0,
                runner.run("names", "--load", out.resolve("model-mlp.nnj").toString(), "--out", out.toString()),
                runner.lastError);
        assertArrayEquals(before, Files.readAllBytes(out.resolve("model-mlp.nnj")));
        // a file of the user's where a model goes: refused before any work, in one line, untouched
        Path mine = tmp.resolve("mine");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("model-mlp.nnj"), "my notes");
        assertEquals(2, runner.run("names", "--model", "mlp", "--steps", "5", "--out", mine.toString()));
        assertEquals(1, runner.lastError.strip().lines().count(), runner.lastError);
        assertEquals("my notes", Files.readString(mine.resolve("model-mlp.nnj")));
    }

    /** The sequence models train a few steps, and each saved file scores what the run reported. */
    @Test
    @SuppressWarnings("unchecked")
    void theSequenceModelsTrainSaveAndLoad() throws Exception {
        Path out = tmp.resolve("seq");
        assertEquals(
                0,
                runner.run(
                        "names",
                        "--model",
                        "gru,lstm,transformer",
                        "--steps",
                        "20",
                        "--sample",
                        "2",
                        "--out",
                        out.toString()),
                runner.lastError);
        assertTrue(Files.isRegularFile(out.resolve("attention.png")));
        Map<String, Object> m =
                new ObjectMapper().readValue(out.resolve("metrics.json").toFile(), Map.class);
        List<String> validation = NamesData.split(NamesData.bundled()).validation();
        for (Map<String, Object> row : (List<Map<String, Object>>) m.get("models")) {
            String name = (String) row.get("model");
            double val = ((Number) row.get("val_nll")).doubleValue();
            assertTrue(val < Math.log(27), name + " " + val);
            NamesModel model = NamesModel.of(
                    name, ModelFile.load(out.resolve("model-" + name + ".nnj")).network(), name);
            assertTrue(model.isSequence(), name);
            assertEquals(val, model.nll(validation), 1e-9, name);
        }
    }

    /**
     * The attention picture's weights, computed from the layers' public weights, give the attention
     * layer's own output: {@code Y = [P_h V_h] W_outᵀ + b_out} equals the prediction of a graph that
     * shares the transformer's first four layers (embedding, positions, LayerNorm, attention).
     */
    @Test
    void theAttentionPictureIsTheFirstBlocksAttention() {
        int time = NamesModels.TRANSFORMER_CONTEXT;
        Network net = NamesModels.transformer(time, 3);
        List<org.nnj.layers.Layer> layers = net.layers();
        GraphBuilder g = Network.graph();
        Node x = g.input("ids", time);
        for (int i = 0; i < 4; i++) {
            x = g.apply(layers.get(i), x);
        }
        g.output("y", x, Loss.mse());
        Network head = g.seed(1).build();
        int[] ids = NamesData.encode("emma");
        ids = java.util.Arrays.copyOf(ids, ids.length - 1);
        double[][][] att = NamesPlots.firstBlockAttention(net, ids);
        float[] row = new float[time];
        for (int t = 0; t < ids.length; t++) {
            row[t] = ids[t];
        }
        double[] y = head.predict(Nd4j.create(row, new long[] {1, time}, 'c')).toDoubleVector();

        Embedding emb = (Embedding) layers.get(0);
        PositionalEmbedding pos = (PositionalEmbedding) layers.get(1);
        LayerNormalization ln = (LayerNormalization) layers.get(2);
        MultiHeadAttention mha = (MultiHeadAttention) layers.get(3);
        int d = mha.dModel();
        int dh = d / mha.heads();
        double[][] w = mha.inProjectionWeight().toDoubleMatrix();
        double[] b = mha.inProjectionBias().toDoubleVector();
        double[][] wo = mha.outProjectionWeight().toDoubleMatrix();
        double[] bo = mha.outProjectionBias().toDoubleVector();
        double[] p = pos.table().reshape(-1).toDoubleVector();
        double[][] table = emb.weight().toDoubleMatrix();
        double[][] v = new double[ids.length][d];
        for (int t = 0; t < ids.length; t++) {
            double[] h = new double[d];
            double mean = 0;
            double var = 0;
            for (int j = 0; j < d; j++) {
                h[j] = table[ids[t]][j] + p[t * d + j];
                mean += h[j] / d;
            }
            for (int j = 0; j < d; j++) {
                var += (h[j] - mean) * (h[j] - mean) / d;
            }
            for (int j = 0; j < d; j++) { // γ = 1, β = 0 at build
                h[j] = (h[j] - mean) / Math.sqrt(var + ln.epsilon());
            }
            for (int o = 0; o < d; o++) {
                v[t][o] = b[2 * d + o];
                for (int j = 0; j < d; j++) {
                    v[t][o] += w[2 * d + o][j] * h[j];
                }
            }
        }
        for (int i = 0; i < ids.length; i++) {
            double[] c = new double[d];
            for (int hd = 0; hd < mha.heads(); hd++) {
                double sum = 0;
                for (int j = 0; j < ids.length; j++) {
                    sum += att[hd][i][j];
                    for (int k = hd * dh; k < (hd + 1) * dh; k++) {
                        c[k] += att[hd][i][j] * v[j][k];
                    }
                }
                assertEquals(1, sum, 1e-9);
            }
            for (int o = 0; o < d; o++) {
                double out = bo[o];
                for (int k = 0; k < d; k++) {
                    out += wo[o][k] * c[k];
                }
                assertEquals(out, y[i * d + o], 1e-4, "step " + i + " feature " + o);
            }
        }
    }

    @Test
    void badOptionsExit2InOneLineAndWriteNothing() throws Exception {
        Path bad = tmp.resolve("bad.txt");
        Files.writeString(bad, "emma\nJohn\n");
        Path empty = tmp.resolve("empty.txt");
        Files.writeString(empty, "\n\n");
        String out = tmp.resolve("never").toString();
        List<List<String>> cases = List.of(
                List.of("--steps", "0"),
                List.of("--steps", "-5"),
                List.of("--steps", "x"),
                List.of("--temperature", "0"),
                List.of("--temperature", "-1"),
                List.of("--temperature", "NaN"),
                List.of("--temperature", "Infinity"),
                List.of("--sample", "-1"),
                List.of("--model", "rnn"),
                List.of("--model", "mlp,mlp"),
                List.of("--model", ""),
                List.of("--epochs", "3"),
                List.of("--load", tmp.resolve("missing.nnj").toString()),
                List.of("--load", tmp.toString()),
                List.of("--eval", tmp.resolve("missing.txt").toString()),
                List.of("--model", "bigram", "--eval", bad.toString()),
                List.of("--model", "bigram", "--eval", empty.toString()),
                List.of(
                        "--model",
                        "bigram,mlp",
                        "--export-onnx",
                        tmp.resolve("m.onnx").toString()));
        for (List<String> c : cases) {
            String[] args = new String[c.size() + 3];
            args[0] = "names";
            for (int i = 0; i < c.size(); i++) {
                args[i + 1] = c.get(i);
            }
            args[c.size() + 1] = "--out";
            args[c.size() + 2] = out;
            assertEquals(2, runner.run(args), c + ": " + runner.lastError);
            assertEquals(1, runner.lastError.strip().lines().count(), c + ": " + runner.lastError);
            assertTrue(runner.lastError.startsWith("error: "), c + ": " + runner.lastError);
            assertFalse(Files.exists(Path.of(out)), c + " created " + out);
        }
    }
}
