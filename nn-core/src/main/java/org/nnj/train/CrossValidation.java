package org.nnj.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nnj.Require;
import org.nnj.data.Dataset;
import org.nnj.data.Split;

/**
 * k-fold cross-validation: the data is cut into k folds (stratified by class when the labels are
 * one-hot, as {@link Split#stratifiedFolds}; a seeded random deal otherwise), and for each fold a
 * model is trained on the other k - 1 and scored on it by the caller's {@link Fold} function. The
 * result holds every fold's metrics and, per metric, the mean and the sample standard deviation
 * (n - 1 in the denominator), as scikit-learn's {@code cross_validate} reports them.
 */
public final class CrossValidation {
    private CrossValidation() {}

    /** Trains on {@code train} and returns named metrics measured on {@code test}. */
    @FunctionalInterface
    public interface Fold {
        Map<String, Double> evaluate(Dataset train, Dataset test);
    }

    /**
     * Per-fold metrics and their summary.
     *
     * @param folds every fold's metrics, in fold order
     * @param mean  each metric's mean over the folds
     * @param std   each metric's sample standard deviation over the folds
     */
    public record Result(List<Map<String, Double>> folds, Map<String, Double> mean, Map<String, Double> std) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            mean.forEach((k, m) -> sb.append(String.format("%s %.4f ± %.4f%n", k, m, std.get(k))));
            return sb.toString();
        }
    }

    /**
     * Runs {@code k}-fold cross-validation; {@code 2 <= k <=} the number of examples. Every fold's
     * function must return the same metric names.
     */
    public static Result run(Dataset data, int k, long seed, Fold fold) {
        Require.notNull(data, "data");
        Require.notNull(fold, "fold");
        List<Split> splits = data.hasClassLabels() ? Split.stratifiedFolds(data, k, seed) : randomFolds(data, k, seed);
        List<Map<String, Double>> results = new ArrayList<>();
        for (Split s : splits) {
            Map<String, Double> m = Map.copyOf(fold.evaluate(s.train(), s.test()));
            if (!results.isEmpty() && !m.keySet().equals(results.get(0).keySet())) {
                throw new IllegalArgumentException("fold " + results.size() + " returned " + m.keySet() + ", fold 0 "
                        + results.get(0).keySet());
            }
            results.add(m);
        }
        return summarize(results);
    }

    /**
     * The mean and sample standard deviation of each metric over the folds (for folds cut some other
     * way, such as from raw CSV rows whose encoding each fold learns anew): for metric m over n folds,
     * {@code mean = (1/n) Σ m_i}, {@code std = sqrt(Σ (m_i - mean)² / (n - 1))} (0 for one fold).
     * Every fold must report the same metric names, each with a value.
     *
     * @throws IllegalArgumentException if a fold is null, reports a metric fold 0 does not (or misses
     *     one it does), or has a null value, naming the fold and the metric
     */
    public static Result summarize(List<Map<String, Double>> folds) {
        if (folds == null || folds.isEmpty()) {
            throw new IllegalArgumentException("folds must not be empty");
        }
        for (int i = 0; i < folds.size(); i++) {
            Map<String, Double> f = folds.get(i);
            if (f == null) {
                throw new IllegalArgumentException("folds[" + i + "] is null");
            }
            for (String key : folds.get(0).keySet()) {
                if (f.get(key) == null) {
                    throw new IllegalArgumentException("fold " + i + " "
                            + (f.containsKey(key) ? "has no value for" : "misses")
                            + " metric '" + key + "', which fold 0 reports (every fold must report the same metrics: "
                            + new java.util.TreeSet<>(folds.get(0).keySet()) + ")");
                }
            }
            for (String key : f.keySet()) {
                if (!folds.get(0).containsKey(key)) {
                    throw new IllegalArgumentException("fold " + i + " reports metric '" + key
                            + "', which fold 0 misses (every fold must report the same metrics: "
                            + new java.util.TreeSet<>(folds.get(0).keySet()) + ")");
                }
            }
        }
        Map<String, Double> mean = new LinkedHashMap<>();
        Map<String, Double> std = new LinkedHashMap<>();
        for (String key : new java.util.TreeSet<>(folds.get(0).keySet())) {
            double sum = 0;
            for (Map<String, Double> f : folds) {
                sum += f.get(key);
            }
            double m = sum / folds.size();
            double sq = 0;
            for (Map<String, Double> f : folds) {
                sq += (f.get(key) - m) * (f.get(key) - m);
            }
            mean.put(key, m);
            std.put(key, folds.size() > 1 ? Math.sqrt(sq / (folds.size() - 1)) : 0);
        }
        return new Result(List.copyOf(folds), mean, std);
    }

    /** k folds of a seeded shuffle (one stratum: every example the same class). */
    private static List<Split> randomFolds(Dataset data, int k, long seed) {
        List<Split> out = new ArrayList<>();
        for (Split.Indices fold : Split.stratifiedFolds(new int[data.size()], k, seed)) {
            out.add(new Split(data.rows(fold.train()), data.rows(fold.test())));
        }
        return out;
    }
}
