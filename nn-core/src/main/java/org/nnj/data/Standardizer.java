package org.nnj.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Spec;
import org.nnj.kernels.Matrix;

/**
 * Standardization to zero mean and unit variance per column: {@code x' = (x - μ) / σ}, with μ and the
 * population standard deviation σ (divide by n, as scikit-learn's StandardScaler) of the training
 * data. A constant column gets σ = 1, so it maps to 0 instead of dividing by zero (or by rounding
 * noise). A column counts as constant when {@code σ <= τ max(|μ|, Double.MIN_NORMAL)}, with the
 * relative tolerance τ = {@value #FLOAT_TOLERANCE} for float32 features (float32's machine epsilon is
 * 1.19e-7: a spread below τ|μ| is within about one unit in the last place of the values, rounding,
 * not signal) and τ = {@value #DOUBLE_TOLERANCE} for float64 (about 4.5 times float64's 2.2e-16). So
 * σ = 0 is constant, and so is a float32 column of 0.2s that differ only by rounding (σ = 3e-9), which
 * would otherwise map 0.2 to about 3e7.
 *
 * <p>{@link #transform} and {@link #inverse} check the state against the features' type: every
 * {@code |μ|}, σ and {@code 1 / σ} must be at most its largest finite value (float32: 3.4028235E38).
 *
 * @param mean μ per column
 * @param std  σ per column (> 0)
 */
public record Standardizer(double[] mean, double[] std) implements Normalizer {
    /** The relative tolerance τ below which a float32 column's σ counts as 0 (see the class Javadoc). */
    public static final double FLOAT_TOLERANCE = 1e-7;

    /** The relative tolerance τ below which a float64 column's σ counts as 0. */
    public static final double DOUBLE_TOLERANCE = 1e-15;

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
        double tolerance = x.isDouble() ? DOUBLE_TOLERANCE : FLOAT_TOLERANCE;
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
            // σ <= τ max(|μ|, tiny): constant up to rounding
            std[c] = sd > tolerance * Math.max(Math.abs(mean[c]), Double.MIN_NORMAL) ? sd : 1;
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

    /** The kind the model file writes: {@code standardizer (mean, std)}. */
    public static final Kind<Standardizer> KIND = Kind.of(
            "standardizer",
            s -> new Standardizer(s.doubles("mean"), s.doubles("std")),
            Field.reals("mean"),
            Field.reals("std"));

    @Override
    public Spec spec() {
        return KIND.spec(mean, std);
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
