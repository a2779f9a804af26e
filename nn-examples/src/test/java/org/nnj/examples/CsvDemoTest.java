package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.examples.DemoAssertions.checkOutput;
import static org.nnj.examples.DemoAssertions.number;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDemoTest {
    @TempDir
    Path tmp;

    Path bundled(String name) throws Exception {
        Path p = tmp.resolve(name);
        try (InputStream in = Resources.open(name)) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void classifiesIrisFromTheCsvWithATextTarget() throws Exception {
        Map<String, Object> m = CsvDemo.run(
                new CommonOptions(tmp.resolve("out"), 42, null),
                bundled("iris.csv"),
                "species",
                List.of(32, 16),
                List.of(),
                0.2);
        checkOutput(tmp.resolve("out"), 2);
        assertTrue(number(m, "test_accuracy") >= 0.9, m.toString());
        assertEquals(List.of("setosa", "versicolor", "virginica"), m.get("classes"));
    }

    @Test
    void oneHotEncodesTextColumnsAndHonoursIgnore() throws Exception {
        Path f = tmp.resolve("mixed.csv");
        StringBuilder sb = new StringBuilder("\"size, in cm\",colour,id,label\n");
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 200; i++) {
            String colour = r.nextBoolean() ? "red" : "\"blue\"";
            double size = r.nextDouble() * 10;
            boolean big = size > 5;
            sb.append(String.format("%.3f,%s,%d,%s%n", size, colour, i, big ? "big" : "small"));
        }
        Files.writeString(f, sb.toString());
        Map<String, Object> m =
                CsvDemo.run(new CommonOptions(tmp.resolve("o2"), 1, 40), f, "label", List.of(8), List.of("id"), 0.25);
        @SuppressWarnings("unchecked")
        List<String> features = (List<String>) ((Map<String, Object>) m.get("config")).get("features");
        assertEquals(List.of("size, in cm", "colour=blue", "colour=red"), features);
        assertTrue(number(m, "test_accuracy") >= 0.9, m.toString());
    }

    private final CliRunner runner = new CliRunner();
    String lastError = "";

    int cli(String... args) {
        int status = runner.run(args);
        lastError = runner.lastError;
        return status;
    }

    @Test
    void badFilesFailWithAClearMessageAndNonZeroStatus() throws Exception {
        Path noHeader = tmp.resolve("noheader.csv");
        Files.writeString(noHeader, "1,2,3\n4,5,6\n");
        Path ragged = tmp.resolve("ragged.csv");
        Files.writeString(ragged, "a,b,label\n1,2,x\n3,y\n5,6,x\n");
        Path single = tmp.resolve("single.csv");
        Files.writeString(single, "a,label\n1,x\n2,x\n");
        Path missing = tmp.resolve("missing.csv");
        Files.writeString(missing, "a,b,label\n1,2,x\n3,,y\n");
        Path iris = bundled("iris.csv");
        String out = tmp.resolve("cli").toString();

        assertEquals(2, cli("csv", "--file", iris.toString(), "--target", "species", "--hidden", ",", "--out", out));
        assertTrue(lastError.contains("--hidden"), lastError);
        assertEquals(2, cli("csv", "--file", tmp.toString(), "--target", "species", "--out", out));
        assertTrue(lastError.contains("is a directory"), lastError);
        assertEquals(2, cli("csv", "--file", noHeader.toString(), "--target", "3", "--out", out));
        assertTrue(lastError.contains("no header"), lastError);
        assertEquals(2, cli("csv", "--file", iris.toString(), "--target", "colour", "--out", out));
        assertTrue(lastError.contains("unknown target column 'colour'"), lastError);
        assertEquals(2, cli("csv", "--file", ragged.toString(), "--target", "label", "--out", out));
        assertTrue(lastError.contains("line 3") && lastError.contains("2 fields"), lastError);
        assertEquals(2, cli("csv", "--file", single.toString(), "--target", "label", "--out", out));
        assertTrue(lastError.contains("single class"), lastError);
        assertEquals(2, cli("csv", "--file", missing.toString(), "--target", "label", "--out", out));
        assertTrue(
                lastError.contains("line 3") && lastError.contains("'b'") && lastError.contains("missing"), lastError);
        assertEquals(2, cli("csv", "--file", tmp.resolve("nope.csv").toString(), "--target", "x", "--out", out));
        assertTrue(cli("csv", "--file", iris.toString()) != 0, "--target is required");
        Path continuous = tmp.resolve("continuous.csv");
        StringBuilder c = new StringBuilder("x,y\n");
        for (int i = 0; i < 100; i++) {
            c.append(i).append(',').append(0.37 * i).append('\n');
        }
        Files.writeString(continuous, c.toString());
        assertEquals(
                2,
                cli("csv", "--file", continuous.toString(), "--target", "y", "--task", "classification", "--out", out));
        assertTrue(lastError.contains("100 distinct values") && lastError.contains("continuous"), lastError);
        Path manyClasses = tmp.resolve("many.csv");
        StringBuilder m = new StringBuilder("x,y\n");
        for (int i = 0; i < 600; i++) {
            m.append(i % 13).append(",class").append(i % 200).append('\n');
        }
        Files.writeString(manyClasses, m.toString());
        assertEquals(2, cli("csv", "--file", manyClasses.toString(), "--target", "y", "--out", out));
        assertTrue(lastError.contains("holds out 33%"), lastError);
        assertTrue(!Files.exists(Path.of(out)), "a failed run leaves no output folder");
    }

    @Test
    void outputAndModelPathsAreCheckedBeforeAnyWork() throws Exception {
        Path file = tmp.resolve("results");
        Files.writeString(file, "not a folder");
        assertEquals(
                2,
                cli("csv", "--file", bundled("iris.csv").toString(), "--target", "species", "--out", file.toString()));
        assertTrue(lastError.contains("--out") && lastError.contains("is a file"), lastError);
        assertEquals(
                2,
                cli(
                        "mnist",
                        "--load",
                        tmp.resolve("nope.nnj").toString(),
                        "--out",
                        tmp.resolve("o").toString()));
        assertTrue(lastError.contains("nope.nnj") && lastError.contains("no such model file"), lastError);
        assertEquals(
                2,
                cli("mnist", "--load", tmp.toString(), "--out", tmp.resolve("o").toString()));
        assertTrue(lastError.contains("is a directory"), lastError);
        Path model = tmp.resolve("m.nnj");
        org.nnj.io.ModelFile.save(model, MnistRecipe.defaultNetwork(1, 8));
        assertEquals(
                0,
                cli(
                        "mnist",
                        "--load",
                        model.toString(),
                        "--hidden",
                        "64",
                        "--epochs",
                        "2",
                        "--out",
                        tmp.resolve("o").toString()));
        assertTrue(lastError.contains("--hidden, --epochs ignored with --load"), lastError);
    }

    @Test
    void mnistReadsTheStandardFilesFromAFolderGzippedOrNot() throws Exception {
        Path data = tmp.resolve("mnist-files");
        Files.createDirectories(data);
        for (String name : List.of(
                "train-images-idx3-ubyte",
                "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")) {
            try (InputStream in = Resources.open("mnist/" + name + ".gz")) {
                if (name.startsWith("train-images")) { // one of them uncompressed, as the original distribution ships
                    Files.copy(new java.util.zip.GZIPInputStream(in), data.resolve(name));
                } else {
                    Files.copy(in, data.resolve(name + ".gz"));
                }
            }
        }
        MnistData.Split split = MnistData.load(data);
        Path broken = tmp.resolve("broken");
        Files.createDirectories(broken);
        for (String name : List.of("train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            Files.copy(data.resolve(name + ".gz"), broken.resolve(name + ".gz"));
        }
        byte[] gz = Files.readAllBytes(data.resolve("t10k-images-idx3-ubyte.gz"));
        Files.write(broken.resolve("train-images-idx3-ubyte.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
        IOException e = assertThrows(IOException.class, () -> MnistData.load(broken));
        assertTrue(
                e.getMessage().contains("train-images-idx3-ubyte")
                        && e.getMessage().contains("truncated"),
                e.getMessage());
        Path odd = tmp.resolve("odd");
        Files.createDirectories(odd);
        for (String name : List.of("train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            Files.copy(data.resolve(name + ".gz"), odd.resolve(name + ".gz"));
        }
        java.io.ByteArrayOutputStream idx = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream d = new java.io.DataOutputStream(idx);
        d.writeInt(0x00000803);
        d.writeInt(7000);
        d.writeInt(29);
        d.writeInt(28);
        d.write(new byte[7000 * 29 * 28]);
        Files.write(odd.resolve("train-images-idx3-ubyte"), idx.toByteArray());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> MnistData.load(odd));
        assertTrue(
                size.getMessage().contains("train-images-idx3-ubyte")
                        && size.getMessage().contains("29 x 28"),
                size.getMessage());
        java.io.ByteArrayOutputStream none = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream z = new java.io.DataOutputStream(none);
        z.writeInt(0x00000803);
        z.writeInt(0);
        z.writeInt(28);
        z.writeInt(28);
        Files.write(odd.resolve("train-images-idx3-ubyte"), none.toByteArray());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> MnistData.load(odd));
        assertTrue(
                empty.getMessage().contains("train-images-idx3-ubyte")
                        && empty.getMessage().contains("no images"),
                empty.getMessage());
        if (Files.exists(Path.of("/dev/zero"))) {
            assertEquals(
                    2,
                    cli(
                            "mnist",
                            "--load",
                            "/dev/zero",
                            "--out",
                            tmp.resolve("z").toString()));
            assertTrue(lastError.contains("/dev/zero") && lastError.contains("too short"), lastError);
        }
        assertEquals(
                2,
                cli("mnist", "--hidden", "2147483647", "--out", tmp.resolve("h").toString()));
        assertTrue(lastError.contains("MiB") && !lastError.contains("\tat "), lastError);
        e = assertThrows(IOException.class, () -> MnistData.load(broken));
        assertTrue(
                e.getMessage().contains("train-images-idx3-ubyte")
                        && e.getMessage().contains("truncated"),
                e.getMessage());
        assertEquals(7000, split.train().size());
        assertEquals(1000, split.test().size());
        assertEquals(784, split.train().numFeatures());
        assertEquals(
                2,
                cli(
                        "mnist",
                        "--data-dir",
                        tmp.resolve("empty").toString(),
                        "--out",
                        tmp.resolve("m").toString()));
    }

    @Test
    void listPrintsEveryDemo() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf));
            assertEquals(0, Main.run("list"));
        } finally {
            System.setOut(stdout);
        }
        for (String demo : List.of("iris-neuron", "energy", "quadrants", "iris", "mnist", "csv")) {
            assertTrue(buf.toString().contains(demo), buf.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> new CommonOptions(tmp, 1, 0).epochs(5));
    }

    @Test
    void exportsTheTrainedModelAsOnnx() throws Exception {
        Path exported = tmp.resolve("iris.onnx");
        Path iris = bundled("iris.csv");
        assertEquals(
                0,
                cli(
                        "csv",
                        "--file",
                        iris.toString(),
                        "--target",
                        "species",
                        "--epochs",
                        "5",
                        "--export-onnx",
                        exported.toString(),
                        "--out",
                        tmp.resolve("o").toString()));
        onnx.OnnxMl.ModelProto model = onnx.OnnxMl.ModelProto.parseFrom(Files.readAllBytes(exported));
        assertEquals("input", model.getGraph().getInput(0).getName());
        assertEquals(
                4,
                model.getGraph()
                        .getInput(0)
                        .getType()
                        .getTensorType()
                        .getShape()
                        .getDim(1)
                        .getDimValue());
        assertEquals(
                "Softmax",
                model.getGraph().getNode(model.getGraph().getNodeCount() - 2).getOpType());
        assertEquals(
                2,
                cli(
                        "csv",
                        "--file",
                        iris.toString(),
                        "--target",
                        "species",
                        "--export-onnx",
                        tmp.toString(),
                        "--out",
                        tmp.resolve("o2").toString()));
        assertTrue(lastError.contains("--export-onnx") && lastError.contains("folder"), lastError);
    }

    @Test
    void mnistExportsOnnxToo() throws Exception {
        Path exported = tmp.resolve("mnist.onnx");
        assertEquals(
                0,
                cli(
                        "mnist",
                        "--epochs",
                        "1",
                        "--export-onnx",
                        exported.toString(),
                        "--out",
                        tmp.resolve("m").toString()));
        onnx.OnnxMl.ModelProto model = onnx.OnnxMl.ModelProto.parseFrom(Files.readAllBytes(exported));
        assertEquals(
                784,
                model.getGraph()
                        .getInput(0)
                        .getType()
                        .getTensorType()
                        .getShape()
                        .getDim(1)
                        .getDimValue());
        assertEquals("Sub", model.getGraph().getNode(0).getOpType(), "the input normalization comes first");
    }

    @Test
    void imbalancedBinaryDataWithBalancedClassWeights() throws Exception {
        // 1:20 imbalance: the rare class lies in a corner of the square
        Path f = tmp.resolve("imbalanced.csv");
        StringBuilder sb = new StringBuilder("a,b,label\n");
        java.util.Random r = new java.util.Random(5);
        int rare = 0;
        for (int i = 0; i < 1050; i++) {
            boolean positive = i % 21 == 0;
            double a = positive ? 1.2 + 0.6 * r.nextGaussian() : r.nextGaussian();
            double b = positive ? 1.2 + 0.6 * r.nextGaussian() : r.nextGaussian();
            sb.append(String.format("%.4f,%.4f,%s%n", a, b, positive ? "rare" : "common"));
            rare += positive ? 1 : 0;
        }
        Files.writeString(f, sb.toString());
        Map<String, Object> plain = CsvDemo.run(
                new CommonOptions(tmp.resolve("p"), 3, 30), f, "label", List.of(8), List.of(), 0.25, "none", 0);
        Map<String, Object> balanced = CsvDemo.run(
                new CommonOptions(tmp.resolve("b"), 3, 30), f, "label", List.of(8), List.of(), 0.25, "balanced", 0);
        assertEquals(50, rare);
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) balanced.get("config");
        assertTrue(config.get("class_weights").toString().startsWith("["), config.toString());
        assertTrue(number(balanced, "test_roc_auc") > 0.8, balanced.toString());
        assertTrue(number(plain, "test_roc_auc") > 0.8, plain.toString());
        assertTrue(number(balanced, "test_macro_f1") > 0.5, balanced.toString());
        assertTrue(Files.readString(tmp.resolve("b").resolve("metrics.json")).contains("test_average_precision"));
        assertEquals(
                2,
                cli(
                        "csv",
                        "--file",
                        f.toString(),
                        "--target",
                        "label",
                        "--class-weights",
                        "heavy",
                        "--out",
                        tmp.resolve("x").toString()));
        assertTrue(lastError.contains("--class-weights"), lastError);
    }

    @Test
    void crossValidatesWithStratifiedFolds() throws Exception {
        Map<String, Object> m = CsvDemo.run(
                new CommonOptions(tmp.resolve("cv"), 1, null),
                bundled("iris.csv"),
                "species",
                List.of(16),
                List.of(),
                0.2,
                "none",
                5);
        assertEquals(5, m.get("cv_folds"));
        @SuppressWarnings("unchecked")
        List<Double> accuracy = (List<Double>) m.get("cv_accuracy");
        assertEquals(5, accuracy.size());
        double mean = number(m, "cv_accuracy_mean");
        assertEquals(
                accuracy.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), mean, 1e-12);
        assertTrue(mean > 0.85 && number(m, "cv_accuracy_std") >= 0, m.toString());
        assertTrue(Files.readString(tmp.resolve("cv").resolve("metrics.json")).contains("cv_macro_f1_mean"));
        assertEquals(
                2,
                cli(
                        "csv",
                        "--file",
                        tmp.resolve("iris.csv").toString(),
                        "--target",
                        "species",
                        "--folds",
                        "1",
                        "--out",
                        tmp.resolve("x").toString()));
        assertTrue(lastError.contains("--folds"), lastError);
    }
}
