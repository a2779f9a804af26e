package org.nnj.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Spec;
import org.nnj.kernels.Matrix;

/**
 * Scaling to [0, 1] per column: {@code x' = (x - min) / (max - min)} with the training data's min and
 * max. A constant column (max = min) gets a range of 1, so it maps to 0. Values outside the training
 * range map outside [0, 1]; they are not clipped.
 *
 * @param min   per-column minimum
 * @param range per-column {@code max - min} (> 0)
 */
public record MinMaxScaler(double[] min, double[] range) implements Normalizer {
    public MinMaxScaler {
        min = ColumnTransform.requireState(min, "min", false);
        range = ColumnTransform.requireState(range, "range", true);
        if (min.length != range.length) {
            throw new IllegalArgumentException("min has " + min.length + " columns but range has " + range.length);
        }
    }

    /** Fits min and max on {@code features} (n x d). */
    public static MinMaxScaler fit(INDArray features) {
        Matrix x = ColumnTransform.checked(features, -1, "features");
        int d = x.cols();
        double[] lo = new double[d];
        double[] range = new double[d];
        for (int c = 0; c < d; c++) {
            double a = Double.POSITIVE_INFINITY;
            double b = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < x.rows(); r++) {
                a = Math.min(a, x.get(r, c));
                b = Math.max(b, x.get(r, c));
            }
            lo[c] = a;
            range[c] = b > a ? b - a : 1;
        }
        return new MinMaxScaler(lo, range);
    }

    @Override
    public INDArray transform(INDArray features) {
        Matrix x = ColumnTransform.checked(features, min.length, "features");
        ColumnTransform.requireRepresentable(x.type(), min, "min", range, "range");
        return ColumnTransform.apply(x, min, range);
    }

    @Override
    public INDArray inverse(INDArray transformed) {
        Matrix x = ColumnTransform.checked(transformed, min.length, "transformed");
        ColumnTransform.requireRepresentable(x.type(), min, "min", range, "range");
        return ColumnTransform.invert(x, min, range);
    }

    /** The kind the model file writes: {@code minmax (min, range)}. */
    public static final Kind<MinMaxScaler> KIND = Kind.of(
            "minmax",
            s -> new MinMaxScaler(s.doubles("min"), s.doubles("range")),
            Field.reals("min"),
            Field.reals("range"));

    @Override
    public Spec spec() {
        return KIND.spec(min, range);
    }

    @Override
    public int columns() {
        return min.length;
    }

    @Override
    public double[] min() {
        return min.clone();
    }

    @Override
    public double[] range() {
        return range.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MinMaxScaler s
                && java.util.Arrays.equals(min, s.min)
                && java.util.Arrays.equals(range, s.range);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(min) + java.util.Arrays.hashCode(range);
    }

    @Override
    public String toString() {
        return "MinMaxScaler[min=" + java.util.Arrays.toString(min) + ", range=" + java.util.Arrays.toString(range)
                + "]";
    }
}
