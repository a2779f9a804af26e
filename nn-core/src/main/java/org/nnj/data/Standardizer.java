package org.nnj.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Spec;
import org.nnj.kernels.Matrix;

/**
 * Standardization to zero mean and unit variance per column: {@code x' = (x - μ) / σ}, with μ and the
 * population standard deviation σ (divide by n, as scikit-learn's StandardScaler) of the training
 * data. A constant column (σ = 0) gets σ = 1, so it maps to 0 instead of dividing by zero.
 *
 * <p>{@link #transform} and {@link #inverse} check the state against the features' type: every
 * {@code |μ|}, σ and {@code 1 / σ} must be at most its largest finite value (float32: 3.4028235E38).
 *
 * @param mean μ per column
 * @param std  σ per column (> 0)
 */
public record Standardizer(double[] mean, double[] std) implements Normalizer {
    public Standardizer {
        mean = ColumnTransform.requireState(mean, "mean", false);
        std = ColumnTransform.requireState(std, "std", true);
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " columns but std has " + std.length);
        }
    }

    /** Fits μ and σ on {@code features} (n x d, n >= 1). */
    public static Standardizer fit(INDArray features) {
        Matrix x = ColumnTransform.checked(features, -1, "features");
        int d = x.cols();
        int n = x.rows();
        double[] mean = new double[d];
        double[] std = new double[d];
        for (int c = 0; c < d; c++) {
            double s = 0;
            for (int r = 0; r < n; r++) {
                s += x.get(r, c);
            }
            mean[c] = s / n;
            double v = 0;
            for (int r = 0; r < n; r++) {
                double dev = x.get(r, c) - mean[c];
                v += dev * dev;
            }
            double sd = Math.sqrt(v / n);
            std[c] = sd > 0 ? sd : 1;
        }
        return new Standardizer(mean, std);
    }

    @Override
    public INDArray transform(INDArray features) {
        Matrix x = ColumnTransform.checked(features, mean.length, "features");
        ColumnTransform.requireRepresentable(x.type(), mean, "mean", std, "std");
        return ColumnTransform.apply(x, mean, std);
    }

    @Override
    public INDArray inverse(INDArray transformed) {
        Matrix x = ColumnTransform.checked(transformed, mean.length, "transformed");
        ColumnTransform.requireRepresentable(x.type(), mean, "mean", std, "std");
        return ColumnTransform.invert(x, mean, std);
    }

    @Override
    public Spec spec() {
        return Spec.of("standardizer").with("mean", mean).with("std", std);
    }

    @Override
    public int columns() {
        return mean.length;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardizer s
                && java.util.Arrays.equals(mean, s.mean)
                && java.util.Arrays.equals(std, s.std);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(mean) + java.util.Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Standardizer[mean=" + java.util.Arrays.toString(mean) + ", std=" + java.util.Arrays.toString(std) + "]";
    }
}
