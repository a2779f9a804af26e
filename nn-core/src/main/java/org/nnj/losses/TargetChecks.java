package org.nnj.losses;

import org.nnj.kernels.Matrix;

/** Domain checks on targets shared by the cross-entropy losses. */
final class TargetChecks {
    /** Rows of one-hot or probability targets must sum to 1 within this tolerance. */
    static final double ROW_SUM_TOLERANCE = 1e-4;

    private TargetChecks() {}

    static void requireProbabilities(Matrix y, String argName, String loss) {
        int n = y.size();
        for (int i = 0; i < n; i++) {
            double v = y.get(i);
            if (v < 0 || v > 1) {
                throw new IllegalArgumentException(argName + " has " + v + " at row " + i / y.cols() + ", column "
                        + i % y.cols() + "; " + loss + " needs targets in [0, 1]");
            }
        }
    }

    static void requireDistributionRows(Matrix y, String argName, String loss) {
        requireProbabilities(y, argName, loss);
        int cols = y.cols();
        for (int r = 0; r < y.rows(); r++) {
            double s = 0;
            for (int c = 0; c < cols; c++) {
                s += y.get(r, c);
            }
            if (Math.abs(s - 1) > ROW_SUM_TOLERANCE) {
                throw new IllegalArgumentException(argName + " row " + r + " sums to " + s + "; " + loss
                        + " needs one-hot (or probability) rows, one column per class (" + cols + " here)");
            }
        }
    }
}
