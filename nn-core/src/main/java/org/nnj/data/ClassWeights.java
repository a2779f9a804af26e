package org.nnj.data;

/**
 * Class weights for imbalanced data: {@code balanced} gives each class {@code w_c = n / (k n_c)}
 * (scikit-learn's and Keras's "balanced"), so that every class contributes as much to the loss as
 * it would in balanced data; a class with no examples gets weight 0.
 */
public final class ClassWeights {
    private ClassWeights() {}

    /** {@code n / (k n_c)} for class indices 0..k-1. */
    public static double[] balanced(int[] classes, int k) {
        if (classes == null || classes.length == 0 || k < 1) {
            throw new IllegalArgumentException("classes must not be empty and k must be >= 1");
        }
        long[] counts = new long[k];
        for (int c : classes) {
            if (c < 0 || c >= k) {
                throw new IllegalArgumentException("class " + c + " is outside 0.." + (k - 1));
            }
            counts[c]++;
        }
        double[] w = new double[k];
        for (int c = 0; c < k; c++) {
            w[c] = counts[c] == 0 ? 0 : (double) classes.length / (k * (double) counts[c]);
        }
        return w;
    }

    /** Balanced weights for a dataset's one-hot labels. */
    public static double[] balanced(Dataset data) {
        return balanced(data.classIndices(), data.numOutputs() == 1 ? 2 : data.numOutputs());
    }
}
