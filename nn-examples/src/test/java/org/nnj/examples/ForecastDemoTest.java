package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.examples.DemoAssertions.number;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.io.ModelFile;

class ForecastDemoTest {
    @TempDir
    Path tmp;

    @Test
    void gapsAreFilledByStraightLinesAndEndsByTheNearestValue() {
        double nan = Double.NaN;
        assertArrayEquals(
                new double[] {1, 1, 2, 3, 4, 10, 4, 4},
                Series.interpolate(new double[] {nan, 1, nan, nan, 4, 10, 4, nan}),
                1e-12);
        assertArrayEquals(new double[] {5, 6, 7}, Series.interpolate(new double[] {5, nan, 7}), 1e-12);
    }

    @Test
    void seasonalNaiveRmseByHand() {
        // period 2 after 1 2 3 4: the forecasts are 3 4 3 (the third is the first forecast again)
        double[] f = SeasonalNaive.forecast(new double[] {1, 2, 3, 4}, 2, 3);
        assertArrayEquals(new double[] {3, 4, 3}, f, 0);
        // truth 3 5 6: errors 0 1 3, RMSE sqrt((0 + 1 + 9) / 3)
        assertEquals(Math.sqrt(10.0 / 3), SeasonalNaive.rmse(f, new double[] {3, 5, 6}), 1e-12);
    }

    /** A weekly-like series: trend, a season of 12 steps, and gaps. */
    Path series(int n) throws Exception {
        StringBuilder sb = new StringBuilder("date,co2\n");
        for (int t = 0; t < n; t++) {
            double v = 300 + 0.05 * t + 3 * Math.sin(2 * Math.PI * t / 12);
            sb.append("2000-01-01,")
                    .append(t % 17 == 5 ? "" : Double.toString(v))
                    .append('\n');
        }
        Path f = tmp.resolve("series.csv");
        Files.writeString(f, sb);
        return f;
    }

    @Test
    void theLstmHeadIsInitializedLikePyTorchsLinear() {
        // nn.Linear(32, 1): weights and bias U(-1/sqrt(32), 1/sqrt(32)); Xavier-uniform would reach 0.43
        // and a zero bias would be constant
        org.nnj.layers.Dense head =
                (org.nnj.layers.Dense) ForecastModels.lstm(8, 1).layer(1);
        double bound = 1 / Math.sqrt(ForecastModels.UNITS);
        double max = head.weight().amaxNumber().doubleValue();
        assertTrue(max <= bound && max > bound / 2, "head weight max |w| " + max + ", bound " + bound);
        double b = head.bias().getDouble(0);
        assertTrue(b != 0 && Math.abs(b) <= bound, "head bias " + b + ", bound " + bound);
    }

    @Test
    void theRollForwardIsHorizonStepsLongForDifferencesAndLevels() {
        double[] y = new double[60];
        for (int t = 0; t < y.length; t++) {
            y[t] = t + Math.sin(t);
        }
        for (boolean levels : List.of(false, true)) {
            Forecaster f = Forecaster.of(Forecaster.mlp(8, 1), y, levels, 8, "y");
            Forecaster lstm = Forecaster.of(ForecastModels.lstm(8, 1), y, levels, 8, "y");
            assertEquals(5, lstm.forecast(y, 5).length);
            for (int h : new int[] {1, 7, 30}) {
                double[] out = f.forecast(y, h);
                assertEquals(h, out.length);
                for (double v : out) {
                    assertTrue(Double.isFinite(v));
                }
            }
        }
    }

    @Test
    void aShortRunReportsBothRmsesAndSavesALoadableModel() throws Exception {
        Path f = series(150);
        Path out = tmp.resolve("out");
        ForecastDemo d = new ForecastDemo();
        d.options = new CommonOptions(out, 1, 2);
        d.file = f;
        d.window = 8;
        d.period = 12;
        d.validation = 24;
        d.horizon = 5;
        Map<String, Object> m = ForecastDemo.run(d);
        assertEquals(5, ((List<?>) m.get("future_forecast")).size());
        assertEquals(24, ((List<?>) m.get("validation_forecast")).size());
        // seasonal-naive, by hand from the interpolated series
        double[] y = Series.interpolate(Series.read(f, "co2").values());
        double[] train = java.util.Arrays.copyOf(y, 126);
        double[] truth = java.util.Arrays.copyOfRange(y, 126, 150);
        double s = 0;
        for (int h = 0; h < 24; h++) {
            double e = train[126 - 12 + (h % 12)] - truth[h];
            s += e * e;
        }
        assertEquals(Math.sqrt(s / 24), number(m, "rmse_seasonal_naive"), 1e-9);
        for (String file : List.of("model.nnj", "forecast.png", "training.png", "metrics.json")) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file);
        }
        // --load forecasts the same validation steps with the saved model
        ForecastDemo again = new ForecastDemo();
        again.options = new CommonOptions(tmp.resolve("again"), 1, null);
        again.file = f;
        again.window = 8;
        again.period = 12;
        again.validation = 24;
        again.horizon = 5;
        again.load = out.resolve("model.nnj");
        Map<String, Object> l = ForecastDemo.run(again);
        assertEquals(m.get("validation_forecast"), l.get("validation_forecast"));
        assertEquals(8, ModelFile.load(out.resolve("model.nnj")).network().inputSize());
    }

    @Test
    void badOptionsExit2WithOneLine() throws Exception {
        Path f = series(150);
        Path out = tmp.resolve("bad");
        String[][] cases = {
            {"forecast", "--horizon", "0", "--file", f.toString()},
            {"forecast", "--period", "0", "--file", f.toString()},
            {"forecast", "--window", "-3", "--file", f.toString()},
            {"forecast", "--validation", "0", "--file", f.toString()},
            {"forecast", "--validation", "140", "--file", f.toString()},
            {"forecast", "--model", "arima", "--file", f.toString()},
            {"forecast", "--missing", "drop", "--file", f.toString()},
            {"forecast", "--missing", "error", "--window", "8", "--file", f.toString()},
            {"forecast", "--column", "date", "--file", f.toString()},
            {"forecast", "--column", "nope", "--file", f.toString()},
            {"forecast", "--load", f.toString(), "--window", "8", "--file", f.toString()},
            {"forecast", "--horizon", "many"},
        };
        for (String[] args : cases) {
            CliRunner cli = new CliRunner();
            String[] withOut = java.util.Arrays.copyOf(args, args.length + 2);
            withOut[args.length] = "--out";
            withOut[args.length + 1] = out.toString();
            assertEquals(2, cli.run(withOut), String.join(" ", args) + ": " + cli.lastError);
            assertEquals(1, cli.lastError.strip().lines().count(), String.join(" ", args) + ": " + cli.lastError);
            assertTrue(cli.lastError.startsWith("error: "), cli.lastError);
            assertFalse(Files.exists(out), "a failed run left " + out);
        }
    }
}
