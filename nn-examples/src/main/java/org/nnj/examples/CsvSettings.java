package org.nnj.examples;

import java.nio.file.Path;
import java.util.List;
import org.nnj.data.Schema.Missing;

/** Everything a run is asked for, besides the common options. */
record CsvSettings(
        Path file,
        String target,
        List<Integer> hidden,
        List<String> ignore,
        double testFraction,
        String classWeights,
        int folds,
        String task,
        String loss,
        String missing,
        boolean batchNorm) {
    static CsvSettings of(Path file, String target, List<Integer> hidden, List<String> ignore, double testFraction) {
        return new CsvSettings(file, target, hidden, ignore, testFraction, "none", 0, "auto", "mse", "error", false);
    }

    CsvSettings with(String classWeights, int folds) {
        return new CsvSettings(
                file, target, hidden, ignore, testFraction, classWeights, folds, task, loss, missing, batchNorm);
    }

    Missing missingPolicy() {
        try {
            return Missing.parse(missing);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--missing must be error, drop or impute, got " + missing, e);
        }
    }

    void check() {
        if (folds == 1 || folds < 0) {
            throw new IllegalArgumentException("--folds must be 0 (no cross-validation) or >= 2, got " + folds);
        }
        if (!classWeights.equals("none") && !classWeights.equals("balanced")) {
            throw new IllegalArgumentException("--class-weights must be none or balanced, got " + classWeights);
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be in (0, 1), got " + testFraction);
        }
        if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h <= 0)) {
            throw new IllegalArgumentException("--hidden needs one or more sizes > 0, got " + hidden);
        }
        if (!List.of("auto", "classification", "regression").contains(task)) {
            throw new IllegalArgumentException("--task must be auto, classification or regression, got " + task);
        }
        if (!loss.equals("mse") && !loss.equals("huber")) {
            throw new IllegalArgumentException("--loss must be mse or huber, got " + loss);
        }
        missingPolicy();
    }
}
