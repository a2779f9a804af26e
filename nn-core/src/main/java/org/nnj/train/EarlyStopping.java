package org.nnj.train;

import org.nnj.Require;

/**
 * Stops training when a monitored value has not improved for {@code patience} epochs, as Keras's
 * EarlyStopping. An improvement is a decrease of more than {@code minDelta} (an increase, for values
 * whose name contains "acc"). With {@code restoreBestWeights}, the network ends with the parameters of
 * its best epoch, whether training stopped early or ran to the end.
 *
 * @param monitor            e.g. "val_loss", "loss", "val_accuracy"
 * @param patience           epochs without improvement before stopping, >= 0
 * @param minDelta           smallest change that counts as improvement, >= 0
 * @param restoreBestWeights whether to roll the parameters back to the best epoch
 */
public record EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBestWeights) {
    public EarlyStopping {
        Require.notNull(monitor, "monitor");
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        }
        if (!Double.isFinite(minDelta) || minDelta < 0) {
            throw new IllegalArgumentException("minDelta must be finite and >= 0, got " + minDelta);
        }
    }

    /** Monitors {@code monitor} with the given patience, minDelta 0, restoring the best weights. */
    public static EarlyStopping on(String monitor, int patience) {
        return new EarlyStopping(monitor, patience, 0, true);
    }

    public EarlyStopping withMinDelta(double delta) {
        return new EarlyStopping(monitor, patience, delta, restoreBestWeights);
    }

    public EarlyStopping withRestoreBestWeights(boolean restore) {
        return new EarlyStopping(monitor, patience, minDelta, restore);
    }

    /** True for values where larger is better (accuracy). */
    public boolean maximizes() {
        return monitor.contains("acc");
    }

    /** Whether {@code value} improves on {@code best} by more than minDelta. */
    boolean improves(double value, double best) {
        return maximizes() ? value > best + minDelta : value < best - minDelta;
    }
}
