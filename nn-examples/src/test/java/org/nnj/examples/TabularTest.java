package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.examples.DemoAssertions.number;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.data.Schema;
import org.nnj.io.ModelFile;
import org.nnj.io.SavedModel;
import org.nnj.layers.BatchNormalization;

/** The csv command as a tabular tool: regression, missing values, batch norm, and predict on new files. */
class TabularTest {
    @TempDir
    Path tmp;

    private final CliRunner runner = new CliRunner();
    String lastError = "";

    int cli(String... args) {
        int status = runner.run(args);
        lastError = runner.lastError;
        return status;
    }

    static final double NOISE = 0.1;

    /** y = sin(x1) + x2² + a city offset + N(0, 0.1²); a few x1 cells missing if asked. */
    Path regressionFile(String name, int rows, double missingRate, long seed) throws Exception {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("x1,x2,city,y\n");
        for (int i = 0; i < rows; i++) {
            double x1 = -3 + 6 * r.nextDouble();
            double x2 = -2 + 4 * r.nextDouble();
            int city = r.nextInt(3);
            double y = Math.sin(x1) + x2 * x2 + 0.5 * (city - 1) + NOISE * r.nextGaussian();
            String x1s = r.nextDouble() < missingRate ? "NA" : String.format("%.5f", x1);
            sb.append(String.format("%s,%.5f,%s,%.5f%n", x1s, x2, "abc".charAt(city), y));
        }
        Path f = tmp.resolve(name);
        Files.writeString(f, sb.toString());
        return f;
    }

    @Test
    void regressionReachesTheNoiseBound() throws Exception {
        Path f = regressionFile("reg.csv", 2000, 0, 1);
        Path out = tmp.resolve("reg");
        assertEquals(0, cli("csv", "--file", f.toString(), "--target", "y", "--out", out.toString()), lastError);
        Map<String, Object> m = DemoAssertions.metrics(out);
        assertEquals("regression", m.get("task"));
        // The target's variance is about 1.0 (sin: 0.43, x2²: 0.36, city: 0.17); the noise's 0.01, so R² can
        // reach about 0.99 and RMSE cannot go below 0.1.
        double r2 = number(m, "test_r2");
        double rmse = number(m, "test_rmse");
        assertTrue(r2 > 0.97 && r2 < 0.995, m.toString());
        assertTrue(rmse > 0.09 && rmse < 0.2, m.toString());
        assertTrue(number(m, "test_mae") < rmse);
        for (String png : List.of("predicted_vs_actual.png", "residuals.png", "training.png")) {
            assertTrue(Files.size(out.resolve(png)) > 1000, png);
        }
        SavedModel model = ModelFile.load(out.resolve("model.nnj"));
        Schema schema = model.schema();
        assertEquals(Schema.Task.REGRESSION, schema.task());
        assertEquals(List.of("x1", "x2", "city=a", "city=b", "city=c"), schema.featureNames());

        // predict: the new file has no target column and its own column order
        Path fresh = tmp.resolve("fresh.csv");
        Files.writeString(fresh, "city,x2,note,x1\nb,0.0,\"hello, world\",0.0\nc,1.5,x,1.5707963\n");
        Path predictions = tmp.resolve("p").resolve("predictions.csv");
        assertEquals(
                0,
                cli(
                        "predict",
                        "--model",
                        out.resolve("model.nnj").toString(),
                        "--file",
                        fresh.toString(),
                        "--out",
                        predictions.toString()),
                lastError);
        List<String> lines = Files.readAllLines(predictions);
        assertEquals("city,x2,note,x1,prediction", lines.get(0));
        assertTrue(lines.get(1).startsWith("b,0.0,\"hello, world\",0.0,"), lines.get(1));
        double first = Double.parseDouble(lines.get(1).substring(lines.get(1).lastIndexOf(',') + 1));
        double second = Double.parseDouble(lines.get(2).substring(lines.get(2).lastIndexOf(',') + 1));
        assertEquals(0.0, first, 0.25); // sin 0 + 0 + 0
        assertEquals(1 + 2.25 + 0.5, second, 0.3);
    }

    @Test
    void missingValuesAreAnErrorOrDroppedOrImputed() throws Exception {
        Path f = regressionFile("gaps.csv", 1200, 0.05, 2);
        Path out = tmp.resolve("gaps");
        assertEquals(2, cli("csv", "--file", f.toString(), "--target", "y", "--out", out.toString()));
        assertTrue(
                lastError.contains("line ") && lastError.contains("'x1'") && lastError.contains("missing"), lastError);
        assertFalse(Files.exists(out));

        assertEquals(
                0,
                cli("csv", "--file", f.toString(), "--target", "y", "--missing", "drop", "--out", out.toString()),
                lastError);
        Map<String, Object> dropped = DemoAssertions.metrics(out);
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) dropped.get("config");
        assertTrue(config.get("missing").toString().matches("drop \\(\\d+ rows dropped\\)"), config.toString());

        Path imputed = tmp.resolve("imputed");
        assertEquals(
                0,
                cli(
                        "csv",
                        "--file",
                        f.toString(),
                        "--target",
                        "y",
                        "--missing",
                        "impute",
                        "--loss",
                        "huber",
                        "--out",
                        imputed.toString()),
                lastError);
        Map<String, Object> m = DemoAssertions.metrics(imputed);
        assertTrue(number(m, "test_r2") > 0.9, m.toString());
        Schema schema = ModelFile.load(imputed.resolve("model.nnj")).schema();
        assertEquals(List.of("x1", "x1 missing", "x2", "city=a", "city=b", "city=c"), schema.featureNames());
        assertEquals(Schema.Missing.IMPUTE, schema.missing());
        assertTrue(Math.abs(schema.columns().get(0).fill()) < 0.5, "the median of U(-3, 3)");

        // a model that imputes scores a row with a gap; one that does not names it
        Path gap = tmp.resolve("gap.csv");
        Files.writeString(gap, "x1,x2,city\n,1.0,a\n");
        Path p = tmp.resolve("gap-pred.csv");
        assertEquals(
                0,
                cli(
                        "predict",
                        "--model",
                        imputed.resolve("model.nnj").toString(),
                        "--file",
                        gap.toString(),
                        "--out",
                        p.toString()),
                lastError);
        assertEquals(
                2,
                cli(
                        "predict",
                        "--model",
                        out.resolve("model.nnj").toString(),
                        "--file",
                        gap.toString(),
                        "--out",
                        tmp.resolve("no.csv").toString()));
        assertTrue(lastError.contains("line 2") && lastError.contains("'x1'"), lastError);
        assertFalse(Files.exists(tmp.resolve("no.csv")));
    }

    @Test
    void classificationWithBatchNormAndPredictOnNewRows() throws Exception {
        Path iris = tmp.resolve("iris.csv");
        try (var in = Resources.open("iris.csv")) {
            Files.copy(in, iris);
        }
        Path out = tmp.resolve("iris");
        assertEquals(
                0,
                cli("csv", "--file", iris.toString(), "--target", "species", "--batch-norm", "--out", out.toString()),
                lastError);
        Map<String, Object> m = DemoAssertions.metrics(out);
        assertTrue(number(m, "test_accuracy") >= 0.9, m.toString());
        SavedModel model = ModelFile.load(out.resolve("model.nnj"));
        assertTrue(model.network().layers().stream().anyMatch(l -> l instanceof BatchNormalization));
        assertEquals(
                List.of("setosa", "versicolor", "virginica"), model.schema().classes());

        Path predictions = tmp.resolve("iris-pred.csv");
        assertEquals(
                0,
                cli(
                        "predict",
                        "--model",
                        out.resolve("model.nnj").toString(),
                        "--file",
                        iris.toString(),
                        "--out",
                        predictions.toString()),
                lastError);
        List<String> lines = Files.readAllLines(predictions);
        assertEquals(151, lines.size());
        assertTrue(lines.get(0).endsWith(",species,prediction,p_setosa,p_versicolor,p_virginica"), lines.get(0));
        long right = lines.stream()
                .skip(1)
                .map(l -> l.split(","))
                .filter(c -> c[4].equals(c[5]))
                .count();
        assertTrue(right >= 135, right + " of 150");
        String[] first = lines.get(1).split(",");
        double sum = Double.parseDouble(first[6]) + Double.parseDouble(first[7]) + Double.parseDouble(first[8]);
        assertEquals(1, sum, 1e-5);
    }

    @Test
    void badOptionsAndInputsFailWithOneLine() throws Exception {
        Path f = regressionFile("r.csv", 300, 0, 3);
        String out = tmp.resolve("bad").toString();
        assertEquals(2, cli("csv", "--file", f.toString(), "--target", "y", "--missing", "guess", "--out", out));
        assertTrue(lastError.contains("--missing"), lastError);
        assertEquals(2, cli("csv", "--file", f.toString(), "--target", "y", "--task", "ranking", "--out", out));
        assertTrue(lastError.contains("--task"), lastError);
        assertEquals(2, cli("csv", "--file", f.toString(), "--target", "y", "--loss", "hinge", "--out", out));
        assertTrue(lastError.contains("--loss"), lastError);
        assertEquals(2, cli("csv", "--file", f.toString(), "--target", "city", "--task", "regression", "--out", out));
        assertTrue(lastError.contains("numeric target"), lastError);
        assertFalse(Files.exists(Path.of(out)));

        assertEquals(0, cli("csv", "--file", f.toString(), "--target", "y", "--epochs", "3", "--out", out), lastError);
        Path model = Path.of(out, "model.nnj");
        Path noColumn = tmp.resolve("nocol.csv");
        Files.writeString(noColumn, "x1,city\n1,a\n");
        Path notNumber = tmp.resolve("text.csv");
        Files.writeString(notNumber, "x1,x2,city\n1,two,a\n");
        Path pred = tmp.resolve("pred.csv");
        assertEquals(
                2,
                cli("predict", "--model", model.toString(), "--file", noColumn.toString(), "--out", pred.toString()));
        assertTrue(lastError.contains("no column 'x2'"), lastError);
        assertEquals(
                2,
                cli("predict", "--model", model.toString(), "--file", notNumber.toString(), "--out", pred.toString()));
        assertTrue(
                lastError.contains("line 2") && lastError.contains("'x2'") && lastError.contains("not a number"),
                lastError);
        assertEquals(
                2,
                cli(
                        "predict",
                        "--model",
                        model.toString(),
                        "--file",
                        f.toString(),
                        "--out",
                        pred.toString(),
                        "--unseen",
                        "maybe"));
        assertTrue(lastError.contains("--unseen"), lastError);
        assertEquals(
                2,
                cli(
                        "predict",
                        "--model",
                        tmp.resolve("none.nnj").toString(),
                        "--file",
                        f.toString(),
                        "--out",
                        pred.toString()));
        assertEquals(2, cli("predict", "--model", model.toString(), "--file", f.toString(), "--out", tmp.toString()));
        assertTrue(lastError.contains("folder"), lastError);
        // a model without a schema (the mnist demo's) is named as such
        Path mnist = tmp.resolve("m");
        assertEquals(0, cli("mnist", "--epochs", "1", "--out", mnist.toString()), lastError);
        assertEquals(
                2,
                cli(
                        "predict",
                        "--model",
                        mnist.resolve("model.nnj").toString(),
                        "--file",
                        f.toString(),
                        "--out",
                        pred.toString()));
        assertTrue(lastError.contains("no column schema"), lastError);
        assertFalse(Files.exists(pred));
        assertEquals(1, lastError.strip().lines().count(), lastError);
    }

    @Test
    void regressionCrossValidates() throws Exception {
        Path f = regressionFile("cv.csv", 400, 0, 4);
        Path out = tmp.resolve("cv");
        assertEquals(
                0,
                cli(
                        "csv",
                        "--file",
                        f.toString(),
                        "--target",
                        "y",
                        "--folds",
                        "3",
                        "--epochs",
                        "40",
                        "--out",
                        out.toString()),
                lastError);
        Map<String, Object> m = DemoAssertions.metrics(out);
        assertEquals(3, ((List<?>) m.get("cv_rmse")).size());
        assertTrue(number(m, "cv_r2_mean") > 0.8, m.toString());
    }
}
