package org.nnj.train;

import java.util.Map;
import org.nnj.Require;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.models.ParameterSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops training when a monitored value has not improved for {@code patience} epochs, as Keras's
 * {@code EarlyStopping} callback, and owns its "best so far" state the same way (reset at the start of
 * every fit). An improvement is a decrease of more than {@code minDelta} (an increase, for values
 * whose name contains "acc"). With {@code restoreBestWeights}, the network ends with the parameters of
 * its best epoch, whether training stopped early or ran to the end.
 *
 * <p>The settings are immutable ({@code with...} returns a new rule); the state belongs to the fit
 * in progress, so one rule serves one fit at a time.
 */
public final class EarlyStopping implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyStopping.class);

    private final String monitor;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBestWeights;

    private ParameterSnapshot best;
    private double bestValue;
    private int bestEpoch;
    private int sinceBest;

    /**
     * @param monitor            e.g. "val_loss", "loss", "val_accuracy"
     * @param patience           epochs without improvement before stopping, >= 0
     * @param minDelta           smallest change that counts as improvement, >= 0
     * @param restoreBestWeights whether to roll the parameters back to the best epoch
     */
    public EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBestWeights) {
        this.monitor = Require.notNull(monitor, "monitor");
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        }
        if (!Double.isFinite(minDelta) || minDelta < 0) {
            throw new IllegalArgumentException("minDelta must be finite and >= 0, got " + minDelta);
        }
        this.patience = patience;
        this.minDelta = minDelta;
        this.restoreBestWeights = restoreBestWeights;
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

    public String monitor() {
        return monitor;
    }

    public int patience() {
        return patience;
    }

    public double minDelta() {
        return minDelta;
    }

    public boolean restoreBestWeights() {
        return restoreBestWeights;
    }

    /** True for values where larger is better (accuracy). */
    public boolean maximizes() {
        return monitor.contains("acc");
    }

    /** The epoch with the best monitored value in the current or last fit (0 before any epoch). */
    public int bestEpoch() {
        return bestEpoch;
    }

    @Override
    public void onTrainBegin(Network network, int epochs, int examples, int batchSize) {
        best = restoreBestWeights ? new ParameterSnapshot(network) : null;
        bestValue = Double.NaN;
        bestEpoch = 0;
        sinceBest = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        double value = logs.get(monitor);
        boolean improves = maximizes() ? value > bestValue + minDelta : value < bestValue - minDelta;
        if (bestEpoch == 0 || improves) {
            bestValue = value;
            bestEpoch = epoch;
            sinceBest = 0;
            if (best != null) {
                best.take();
            }
        } else {
            sinceBest++;
        }
    }

    @Override
    public boolean stopTraining() {
        if (bestEpoch > 0 && sinceBest >= patience && sinceBest > 0) {
            LOG.info(
                    "early stopping: {} has not improved on {} (epoch {}) for {} epochs",
                    monitor,
                    bestValue,
                    bestEpoch,
                    sinceBest);
            return true;
        }
        return false;
    }

    @Override
    public void onTrainEnd(History history) {
        if (best != null && bestEpoch > 0) {
            best.restore();
            LOG.info("restored the parameters of epoch {} ({} = {})", bestEpoch, monitor, bestValue);
        }
    }

    @Override
    public String toString() {
        return "EarlyStopping(" + monitor + ", patience=" + patience + ", minDelta=" + minDelta + ")";
    }
}
