package org.nnj.examples;

/**
 * The seasonal-naive forecast: each step is the value one period earlier, {@code ŷ_{T+h} = y_{T+h-p}},
 * where for {@code h > p} that value is itself a forecast (so {@code ŷ_{T+h} = y_{T - p + ((h - 1) mod p) + 1}}).
 */
final class SeasonalNaive {
    private SeasonalNaive() {}

    /** The next {@code horizon} values after {@code history} (which needs at least {@code period} values). */
    static double[] forecast(double[] history, int period, int horizon) {
        if (period < 1 || history.length < period) {
            throw new IllegalArgumentException(
                    "--period " + period + " needs at least that many history steps, got " + history.length);
        }
        double[] f = new double[horizon];
        int t = history.length;
        for (int h = 0; h < horizon; h++) {
            f[h] = h < period ? history[t - period + h] : f[h - period];
        }
        return f;
    }

    /** The root mean squared error {@code sqrt(mean_i (f_i - y_i)^2)}. */
    static double rmse(double[] forecast, double[] truth) {
        if (forecast.length != truth.length || truth.length == 0) {
            throw new IllegalArgumentException(
                    "rmse needs as many forecasts as truths, got " + forecast.length + " and " + truth.length);
        }
        double s = 0;
        for (int i = 0; i < truth.length; i++) {
            s += (forecast[i] - truth[i]) * (forecast[i] - truth[i]);
        }
        return Math.sqrt(s / truth.length);
    }
}
