package org.nnj.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.nnj.io.ModelFile;
import org.nnj.models.History;
import org.nnj.models.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Forecasting a series: gaps filled by linear interpolation ({@link Series#interpolate}, or an error
 * with {@code --missing error}), the last {@code --validation} steps held out, a one-step model trained
 * on windows of the rest ({@link Forecaster}: first differences standardized, or {@code --levels}) and
 * rolled forward recursively over the held-out steps, beside the seasonal-naive forecast ({@link
 * SeasonalNaive}, {@code --period}). Reports both RMSEs on the held-out steps, then forecasts {@code
 * --horizon} steps past the end of the series with the same model (not refitted) fed the whole series.
 * Writes metrics.json, forecast.png (history, held-out truth, the forecasts), training.png and
 * model.nnj.
 */
@Command(
        name = "forecast",
        description = "Forecast a time series (mlp or lstm on windows, beside seasonal-naive): --file F --column C"
                + " --horizon H.")
public final class ForecastDemo implements Callable<Integer> {
    static final int EPOCHS = 30;

    @Mixin
    CommonOptions options = new CommonOptions();

    @Option(names = "--file", paramLabel = "F", description = "The CSV file (default: the bundled co2.csv).")
    Path file;

    @Option(
            names = "--column",
            paramLabel = "C",
            description = "The series' column (default: ${DEFAULT-VALUE}).",
            defaultValue = "co2")
    String column = "co2";

    @Option(
            names = "--horizon",
            paramLabel = "H",
            description = "Steps to forecast past the end of the series (default: ${DEFAULT-VALUE}).",
            defaultValue = "105")
    int horizon = 105;

    @Option(
            names = "--validation",
            paramLabel = "N",
            description = "The last N steps, held out and forecast from the rest (default: ${DEFAULT-VALUE}).",
            defaultValue = "104")
    int validation = 104;

    @Option(
            names = "--window",
            paramLabel = "W",
            description = "Steps the model sees (default: ${DEFAULT-VALUE}).",
            defaultValue = "104")
    int window = 104;

    @Option(
            names = "--period",
            paramLabel = "P",
            description = "The seasonal-naive period in steps (default: ${DEFAULT-VALUE}).",
            defaultValue = "52")
    int period = 52;

    @Option(
            names = "--model",
            paramLabel = "mlp|lstm",
            description = "The one-step model (default: ${DEFAULT-VALUE}).",
            defaultValue = "mlp")
    String model = "mlp";

    @Option(names = "--levels", description = "Model the series itself, not its first differences.")
    boolean levels;

    @Option(
            names = "--missing",
            paramLabel = "interpolate|error",
            description = "Missing cells: filled by linear interpolation, or an error (default: ${DEFAULT-VALUE}).",
            defaultValue = "interpolate")
    String missing = "interpolate";

    @Option(names = "--load", paramLabel = "MODEL", description = "Forecast with a model.nnj saved by forecast.")
    Path load;

    @Option(
            names = "--export-onnx",
            paramLabel = "FILE",
            description = "Also write the one-step model (raw lags in, the next difference or value out) as ONNX.")
    Path exportOnnx;

    @Override
    public Integer call() throws Exception {
        options.exportOnnx = exportOnnx;
        Map<String, Object> m = run(this);
        System.out.printf(
                "validation RMSE over %d steps: %s %.4g, seasonal-naive %.4g%n-> %s%n",
                validation,
                m.get("model"),
                m.get("rmse"),
                m.get("rmse_seasonal_naive"),
                options.out("forecast").toAbsolutePath());
        return 0;
    }

    void check() {
        requirePositive("--horizon", horizon);
        requirePositive("--validation", validation);
        requirePositive("--window", window);
        requirePositive("--period", period);
        if (!model.equals("mlp") && !model.equals("lstm")) {
            throw new IllegalArgumentException("--model must be mlp or lstm, got " + model);
        }
        if (!missing.equals("interpolate") && !missing.equals("error")) {
            throw new IllegalArgumentException("--missing must be interpolate or error, got " + missing);
        }
        if (load != null && !Files.isRegularFile(load)) {
            throw new IllegalArgumentException("--load " + load + " is not a file");
        }
        if (file != null && !Files.exists(file)) {
            throw new IllegalArgumentException("--file " + file + " does not exist");
        }
    }

    private static void requirePositive(String option, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(option + " must be >= 1, got " + v);
        }
    }

    static Map<String, Object> run(ForecastDemo d) throws Exception {
        d.check();
        CommonOptions options = d.options;
        int epochs = options.epochs(EPOCHS);
        long started = System.nanoTime();
        Output out = options.output("forecast")
                .input("--file", d.file)
                .input("--load", d.load)
                .open();
        Series s = Series.read(d.file, d.column);
        if (s.missing() > 0 && d.missing.equals("error")) {
            int first = 0;
            while (!Double.isNaN(s.values()[first])) {
                first++;
            }
            throw new IllegalArgumentException(s.source() + " has " + s.missing() + " missing values in column '"
                    + d.column + "' (the first on data row " + (first + 1) + "): --missing interpolate fills them");
        }
        double[] y = Series.interpolate(s.values());
        int n = y.length;
        if (d.validation + d.period > n || d.validation + d.window + 2 > n) {
            throw new IllegalArgumentException("--validation " + d.validation + " leaves " + (n - d.validation)
                    + " training steps of " + n + ", too few for --window " + d.window + " and --period " + d.period);
        }
        double[] train = Arrays.copyOf(y, n - d.validation);
        double[] truth = Arrays.copyOfRange(y, n - d.validation, n);

        Forecaster f;
        History history = null;
        if (d.load != null) {
            f = Forecaster.load(ModelFile.load(d.load), d.column, d.load.toString());
        } else {
            Network net = d.model.equals("mlp")
                    ? Forecaster.mlp(d.window, options.seed)
                    : ForecastModels.lstm(d.window, options.seed);
            f = Forecaster.of(net, train, d.levels, d.window, d.column);
            history = f.fit(train, epochs, options.seed);
        }
        double[] forecast = f.forecast(train, d.validation);
        double[] naive = SeasonalNaive.forecast(train, d.period, d.validation);
        double[] future = f.forecast(y, d.horizon);

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("model", d.load != null ? "loaded " + d.load : d.model);
        metrics.put("rmse", SeasonalNaive.rmse(forecast, truth));
        metrics.put("rmse_seasonal_naive", SeasonalNaive.rmse(naive, truth));
        metrics.put("validation_steps", d.validation);
        metrics.put("validation_forecast", toList(forecast));
        metrics.put("future_forecast", toList(future));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("file", d.file == null ? "data/" + Series.BUNDLED : d.file.toString());
        config.put("column", d.column);
        config.put(
                "missing",
                s.missing() + " missing values" + (s.missing() > 0 ? ", filled by linear interpolation" : ""));
        config.put("series", f.levels() ? "levels, standardized" : "first differences, standardized");
        config.put("window", f.window());
        config.put("period", d.period);
        config.put("horizon", d.horizon);
        config.put("split", train.length + " training steps, the last " + d.validation + " held out");
        config.put("optimizer", "MSE, Adam 1e-3 with a cosine decay to 0 per batch, batch 32, " + epochs + " epochs");
        config.put("future", "the same model (not refitted) rolled forward from the end of the series");
        config.put("seed", options.seed);
        if (s.missing() > 0) {
            System.err.println("note: " + s.missing() + " missing values in '" + d.column
                    + "' filled by linear interpolation (--missing error refuses them)");
        }
        plot(out, s.times(), y, train.length, forecast, naive, future, d);
        if (history != null) {
            Plots.lines(
                    out.file("training.png"),
                    "Training loss (" + d.model + ")",
                    "epoch",
                    "MSE",
                    Map.of("training loss", history.loss()));
        }
        ModelFile.save(out.file("model.nnj"), f.network(), f.standardizer(), f.schema());
        CommonOptions.exportOnnx(out, f.network(), f.standardizer(), f.schema());
        metrics.put("parameters", f.network().parameterCount());
        metrics.put("seconds", (System.nanoTime() - started) / 1e9);
        metrics.put("config", config);
        out.metrics(metrics);
        return metrics;
    }

    private static void plot(
            Output out,
            double[] times,
            double[] y,
            int trainLength,
            double[] forecast,
            double[] naive,
            double[] future,
            ForecastDemo d)
            throws java.io.IOException {
        int n = y.length;
        double step = (times[n - 1] - times[0]) / Math.max(1, n - 1);
        int from = Math.max(0, trainLength - 8 * d.period);
        XYChart chart =
                Plots.scatter("Forecasts of " + d.column + " (" + d.model + ", seasonal-naive)", "time", d.column);
        chart.getStyler().setXAxisDecimalPattern("0.#");
        Plots.polyline(chart, "history", slice(times, from, trainLength), slice(y, from, trainLength));
        Plots.polyline(chart, "held-out truth", slice(times, trainLength, n), slice(y, trainLength, n));
        Plots.polyline(chart, d.model + " forecast", slice(times, trainLength, n), toList(forecast));
        Plots.polyline(chart, "seasonal-naive", slice(times, trainLength, n), toList(naive));
        List<Double> ft = new ArrayList<>();
        for (int h = 1; h <= future.length; h++) {
            ft.add(times[n - 1] + h * step);
        }
        Plots.polyline(chart, d.model + " forecast past the data", ft, toList(future));
        Plots.save(chart, out.file("forecast.png"));
    }

    private static List<Double> slice(double[] v, int from, int to) {
        return toList(Arrays.copyOfRange(v, from, to));
    }

    static List<Double> toList(double[] v) {
        return Arrays.stream(v).boxed().toList();
    }
}
