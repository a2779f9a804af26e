package org.nnj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.io.ModelFile;

/** The nn-spark command line on local[2]: the demos' outputs, and models nn-examples reads. */
class SparkCliTest {
    @TempDir
    Path tmp;

    String lastError = "";

    int cli(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(buf));
            return org.nnj.spark.cli.Main.run(args);
        } finally {
            System.setErr(err);
            lastError = buf.toString();
        }
    }

    static double number(Path metrics, String key) throws Exception {
        String json = Files.readString(metrics);
        int at = json.indexOf("\"" + key + "\"");
        assertTrue(at >= 0, key + " in " + json);
        String rest = json.substring(json.indexOf(':', at) + 1).trim();
        return Double.parseDouble(rest.split("[,\\n}]")[0].trim());
    }

    @Test
    void mnistOnLocalSparkWritesAModelThatNnExamplesLoads() throws Exception {
        Path out = tmp.resolve("mnist");
        assertEquals(
                0,
                cli("mnist", "--master", "local[2]", "--partitions", "2", "--epochs", "1", "--out", out.toString()),
                lastError);
        double accuracy = number(out.resolve("metrics.json"), "test_accuracy");
        assertTrue(accuracy > 0.85, "test accuracy " + accuracy);
        assertTrue(Files.size(out.resolve("loss.png")) > 1000);
        assertTrue(Files.size(out.resolve("confusion.png")) > 1000);
        assertEquals(784, ModelFile.load(out.resolve("model.nnj")).network().inputSize());
        Path loaded = tmp.resolve("loaded");
        assertEquals(
                0,
                org.nnj.examples.Main.run(
                        "mnist", "--load", out.resolve("model.nnj").toString(), "--out", loaded.toString()));
        assertEquals(accuracy, number(loaded.resolve("metrics.json"), "test_accuracy"), 1e-12);
    }

    @Test
    void csvOnLocalSparkAndBadOptions() throws Exception {
        Path iris = tmp.resolve("iris.csv");
        Files.copy(Path.of(getClass().getResource("/iris.csv").toURI()), iris);
        Path out = tmp.resolve("csv");
        assertEquals(
                0,
                cli("csv", "--file", iris.toString(), "--target", "species", "--epochs", "40", "--out", out.toString()),
                lastError);
        assertTrue(number(out.resolve("metrics.json"), "test_accuracy") >= 0.85);
        assertEquals(
                3, ModelFile.load(out.resolve("model.nnj")).schema().classes().size());

        assertEquals(
                2, cli("mnist", "--master", "yarn", "--out", tmp.resolve("x").toString()));
        assertTrue(lastError.contains("--master"), lastError);
        assertEquals(
                2, cli("mnist", "--partitions", "0", "--out", tmp.resolve("x").toString()));
        assertTrue(lastError.contains("--partitions"), lastError);
        assertEquals(
                2,
                cli(
                        "csv",
                        "--file",
                        iris.toString(),
                        "--target",
                        "colour",
                        "--out",
                        tmp.resolve("x").toString()));
        assertTrue(lastError.contains("colour"), lastError);
        assertTrue(!Files.exists(tmp.resolve("x")), "a failed run leaves no output");
    }

    @Test
    void csvOnSparkNeverDestroysTheFolderHoldingItsInput() throws Exception {
        Path data = tmp.resolve("mydata");
        Files.createDirectories(data);
        Path iris = data.resolve("iris.csv");
        Files.copy(Path.of(getClass().getResource("/iris.csv").toURI()), iris);
        Files.writeString(data.resolve("notes.txt"), "mine");
        byte[] before = Files.readAllBytes(iris);
        assertEquals(
                0,
                cli("csv", "--file", iris.toString(), "--target", "species", "--epochs", "2", "--out", data.toString()),
                lastError);
        assertTrue(Files.exists(data.resolve("model.nnj")));
        assertEquals(
                2,
                cli(
                        "csv",
                        "--file",
                        iris.toString(),
                        "--target",
                        "species",
                        "--epochs",
                        "2",
                        "--out",
                        iris.toString()));
        assertEquals(1, lastError.strip().lines().count(), lastError);
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, Files.readAllBytes(iris));
        assertEquals("mine", Files.readString(data.resolve("notes.txt")));
    }

    @Test
    void mastersSparkWouldRefuseOrThatDoNotAnswerFailAtOnceInOneLine() {
        for (String master : new String[] {"local[0]", "local[2,0]", "local[-1]", "spark://127.0.0.1:99999", "yarn"}) {
            assertEquals(
                    2,
                    cli("mnist", "--master", master, "--out", tmp.resolve("x").toString()),
                    master);
            assertTrue(lastError.contains("--master " + master) || lastError.contains("--master must"), lastError);
            assertEquals(1, lastError.strip().lines().count(), lastError);
        }
        assertEquals(
                2,
                cli(
                        "mnist",
                        "--master",
                        "spark://127.0.0.1:1",
                        "--out",
                        tmp.resolve("x").toString()));
        // the pre-check's own message: Spark's retries would end in another error (an NPE from its scheduler)
        assertTrue(lastError.contains("no Spark master answers at 127.0.0.1:1"), lastError);
        assertEquals(1, lastError.strip().lines().count(), lastError);
        assertTrue(!Files.exists(tmp.resolve("x")), "nothing written");
    }

    /** Round three, item 26: nn-spark's csv prepares the file as the csv command does. */
    @Test
    void csvOnSparkHasTheCsvCommandsChecks() throws Exception {
        Path tiny = tmp.resolve("tiny.csv");
        Files.writeString(tiny, "x,y\n1,a\n2,b\n3,c\n4,a\n5,b\n");
        assertEquals(
                2,
                cli(
                        "csv",
                        "--file",
                        tiny.toString(),
                        "--target",
                        "y",
                        "--out",
                        tmp.resolve("t").toString()));
        assertTrue(lastError.contains("stratified split"), lastError);
        Path constant = tmp.resolve("constant.csv");
        Files.writeString(constant, "x,y\n1,7\n2,7\n3,7\n4,7\n");
        assertEquals(
                2,
                cli(
                        "csv",
                        "--file",
                        constant.toString(),
                        "--target",
                        "y",
                        "--out",
                        tmp.resolve("c").toString()));
        assertTrue(lastError.contains("single class") && !lastError.contains("Split."), lastError);
        assertEquals(2, cli("csv", "--file", tiny.toString(), "--target", "nope", "--hidden", "0"));
        assertTrue(lastError.contains("--hidden"), lastError);
        Path iris = tmp.resolve("iris.csv");
        Files.copy(Path.of(getClass().getResource("/iris.csv").toURI()), iris);
        assertEquals(
                0,
                cli(
                        "csv",
                        "--file",
                        iris.toString(),
                        "--target",
                        "species",
                        "--epochs",
                        "1",
                        "--partitions",
                        "40",
                        "--out",
                        tmp.resolve("p").toString()),
                lastError);
        assertTrue(lastError.contains("note: --partitions 40"), lastError);
    }
}
