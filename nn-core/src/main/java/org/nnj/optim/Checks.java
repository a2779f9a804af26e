package org.nnj.optim;

/** Argument checks shared by the optimizers. */
final class Checks {
    private Checks() {
    }

    static double learningRate(double lr) {
        if (!Double.isFinite(lr) || lr <= 0) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + lr);
        }
        return lr;
    }
}
