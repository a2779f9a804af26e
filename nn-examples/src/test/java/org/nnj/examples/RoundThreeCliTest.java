package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line cases of the third round of bad-input reports (issue 24, items 18, 19, 23, 25, 27). */
class RoundThreeCliTest {
    @TempDir
    Path tmp;

    private final CliRunner runner = new CliRunner();
    String lastError = "";

    int cli(String... args) {
        int status = runner.run(args);
        lastError = runner.lastError;
        return status;
    }

    Path iris() throws Exception {
        Path iris = tmp.resolve("iris.csv");
        if (!Files.exists(iris)) {
            try (var in = Resources.open("iris.csv")) {
                Files.copy(in, iris);
            }
        }
        return iris;
    }

    /** A model of iris trained for a few epochs, as classification or (petal width) regression. */
    Path model(String name, String target) throws Exception {
        Path out = tmp.resolve(name);
        assertEquals(
                0,
                cli("csv", "--file", iris().toString(), "--target", target, "--epochs", "3", "--out", out.toString()),
                lastError);
        return out.resolve("model.nnj");
    }

    /** iris.csv with one cell of its third data row (file line 4) replaced. */
    Path irisWithCell(String name, int column, String value) throws Exception {
        List<String> lines = Files.readAllLines(iris());
        String[] cells = lines.get(3).split(",");
        cells[column] = value;
        lines.set(3, String.join(",", cells));
        Path f = tmp.resolve(name);
        Files.write(f, lines);
        return f;
    }

    @Test
    void aHugeCellNamesTheFileLineAndColumnAndWritesNoPredictions() throws Exception {
        for (String target : List.of("species", "petal_width_cm")) {
            Path model = model("m-" + target, target);
            Path f = irisWithCell("huge-" + target + ".csv", 0, "3e38");
            Path pred = tmp.resolve("pred-" + target + ".csv");
            assertEquals(
                    2,
                    cli("predict", "--model", model.toString(), "--file", f.toString(), "--out", pred.toString()),
                    target);
            assertTrue(
                    lastError.contains(f.toString() + " line 4")
                            && lastError.contains("sepal_length_cm")
                            && lastError.contains("3e38"),
                    lastError);
            assertEquals(1, lastError.strip().lines().count(), lastError);
            assertFalse(Files.exists(pred));
        }
    }

    @Test
    void aFileThatAlreadyHasPredictionColumnsIsRefused() throws Exception {
        Path model = model("m", "species");
        Path pred = tmp.resolve("pred.csv");
        assertEquals(
                0, cli("predict", "--model", model.toString(), "--file", iris().toString(), "--out", pred.toString()));
        Path again = tmp.resolve("again.csv");
        assertEquals(
                2, cli("predict", "--model", model.toString(), "--file", pred.toString(), "--out", again.toString()));
        assertTrue(lastError.contains("'prediction'") && lastError.contains("--file"), lastError);
        assertFalse(Files.exists(again));
        Path onlyP = tmp.resolve("p.csv");
        Files.writeString(onlyP, Files.readString(iris()).replaceFirst("species", "p_setosa"));
        assertEquals(
                2, cli("predict", "--model", model.toString(), "--file", onlyP.toString(), "--out", again.toString()));
        assertTrue(lastError.contains("'p_setosa'"), lastError);
    }

    @Test
    void conversionErrorsAreOneLineNamingTheOption() throws Exception {
        String out = tmp.resolve("never").toString();
        String[][] cases = {
            {"--hidden", "1e3"}, {"--hidden", "8,,8"}, {"--seed", "0x10"}, {"--folds", "2.5"}, {"--bogus", "1"}
        };
        for (String[] c : cases) {
            assertEquals(
                    2,
                    cli("csv", "--file", iris().toString(), "--target", "species", c[0], c[1], "--out", out),
                    String.join(" ", c));
            assertEquals(1, lastError.strip().lines().count(), lastError);
            assertTrue(lastError.startsWith("error: ") && lastError.contains(c[0]), lastError);
        }
        assertFalse(Files.exists(Path.of(out)));
    }

    @Test
    void aColumnNamedLikeAnOptionCanBeTheTarget() throws Exception {
        Path f = tmp.resolve("odd.csv");
        Files.writeString(f, Files.readString(iris()).replaceFirst("species", "--file"));
        Path out = tmp.resolve("odd");
        assertEquals(
                0,
                cli("csv", "--file", f.toString(), "--target=--file", "--epochs", "2", "--out", out.toString()),
                lastError);
        assertTrue(Files.exists(out.resolve("model.nnj")));
    }

    @Test
    void optionsTheTaskIgnoresAreNoted() throws Exception {
        Path out = tmp.resolve("r");
        assertEquals(
                0,
                cli(
                        "csv",
                        "--file",
                        iris().toString(),
                        "--target",
                        "petal_width_cm",
                        "--class-weights",
                        "balanced",
                        "--epochs",
                        "2",
                        "--out",
                        out.toString()),
                lastError);
        assertTrue(lastError.contains("note: --class-weights balanced ignored"), lastError);
        out = tmp.resolve("c");
        assertEquals(
                0,
                cli(
                        "csv",
                        "--file",
                        iris().toString(),
                        "--target",
                        "species",
                        "--loss",
                        "huber",
                        "--epochs",
                        "2",
                        "--out",
                        out.toString()),
                lastError);
        assertTrue(lastError.contains("note: --loss huber ignored"), lastError);
    }

    @Test
    void layersWhoseOptimizerStateOutgrowsTheHeapFailInOneLine() throws Exception {
        // 16 million parameters: 128 MiB off the heap, Adam's state 305 MiB on a 256 MiB heap
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Djava.awt.headless=true",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "csv",
                "--file",
                iris().toString(),
                "--target",
                "species",
                "--hidden",
                "4000,4000",
                "--out",
                tmp.resolve("big").toString());
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile())
                .start();
        try {
            assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(err).stream()
                .filter(l -> !l.startsWith("WARNING:") && !l.isBlank())
                .toList();
        assertEquals(2, p.exitValue(), String.join("\n", lines));
        assertEquals(1, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).contains("heap") && lines.get(0).contains("-Xmx"), lines.get(0));
        assertFalse(Files.exists(tmp.resolve("big")));
    }

    @Test
    void aMissingMnistFileIsNamedAsMissingNotAsDamaged() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("mnist-data"));
        assertEquals(
                2,
                cli(
                        "mnist",
                        "--data-dir",
                        data.toString(),
                        "--out",
                        tmp.resolve("m").toString()));
        assertTrue(
                lastError.contains("--data-dir")
                        && lastError.contains("train-images-idx3-ubyte")
                        && !lastError.contains("truncated"),
                lastError);
    }
}
