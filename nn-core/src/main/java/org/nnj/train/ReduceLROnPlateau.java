package org.nnj.train;

import java.util.Map;
import org.nnj.Require;
import org.nnj.models.Network;
import org.nnj.optim.LearningRateSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the learning rate when a monitored value stops improving, as Keras's
 * {@code ReduceLROnPlateau}: after {@code patience} epochs in a row without an improvement larger than
 * {@code minDelta}, the rate is multiplied by {@code factor} (never below {@code minRate}), then
 * {@code cooldown} epochs pass before the count starts again.
 *
 * <p>It is both a {@link TrainingListener} (it watches the epochs) and the optimizer's
 * {@link LearningRateSchedule} (it sets the rate), so it is given to both; the trainer refuses a fit
 * where it is only one of them:
 *
 * <pre>{@code
 * ReduceLROnPlateau plateau = ReduceLROnPlateau.on("val_loss", 0.5, 3);
 * Trainer trainer = Trainer.builder().optimizer(new Adam(1e-3).withSchedule(plateau)).listener(plateau)...
 * }</pre>
 *
 * The rate is {@code η_t = max(minRate, s · then(η, t))} once reduced ({@code then(η, t)} before),
 * where {@code s = factor^k} after k reductions and {@code then} is the schedule it wraps
 * ({@link LearningRateSchedule#constant()} by default). Its state (s and the plateau count) belongs
 * to the fit in progress and is reset when a fit begins.
 */
public final class ReduceLROnPlateau implements TrainingListener, LearningRateSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(ReduceLROnPlateau.class);

    private final String monitor;
    private final double factor;
    private final int patience;
    private final double minDelta;
    private final int cooldown;
    private final double minRate;
    private final LearningRateSchedule then;

    private double scale = 1;
    private double best = Double.NaN;
    private int wait;
    private int cooling;

    private ReduceLROnPlateau(
            String monitor,
            double factor,
            int patience,
            double minDelta,
            int cooldown,
            double minRate,
            LearningRateSchedule then) {
        this.monitor = Require.notNull(monitor, "monitor");
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("factor must be in (0, 1), got " + factor);
        }
        if (patience < 0 || cooldown < 0) {
            throw new IllegalArgumentException(
                    "patience and cooldown must be >= 0, got " + patience + " and " + cooldown);
        }
        if (!Double.isFinite(minDelta) || minDelta < 0) {
            throw new IllegalArgumentException("minDelta must be finite and >= 0, got " + minDelta);
        }
        if (!Double.isFinite(minRate) || minRate < 0) {
            throw new IllegalArgumentException("minRate must be finite and >= 0, got " + minRate);
        }
        this.factor = factor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.cooldown = cooldown;
        this.minRate = minRate;
        this.then = Require.notNull(then, "then");
    }

    /** Multiplies the rate by {@code factor} after {@code patience} epochs without improving {@code monitor}. */
    public static ReduceLROnPlateau on(String monitor, double factor, int patience) {
        return new ReduceLROnPlateau(monitor, factor, patience, 1e-4, 0, 0, LearningRateSchedule.constant());
    }

    public ReduceLROnPlateau withMinDelta(double delta) {
        return new ReduceLROnPlateau(monitor, factor, patience, delta, cooldown, minRate, then);
    }

    public ReduceLROnPlateau withCooldown(int epochs) {
        return new ReduceLROnPlateau(monitor, factor, patience, minDelta, epochs, minRate, then);
    }

    public ReduceLROnPlateau withMinRate(double rate) {
        return new ReduceLROnPlateau(monitor, factor, patience, minDelta, cooldown, rate, then);
    }

    /** The same rule applied on top of another schedule (a warm-up, a cosine). */
    public ReduceLROnPlateau after(LearningRateSchedule schedule) {
        return new ReduceLROnPlateau(monitor, factor, patience, minDelta, cooldown, minRate, schedule);
    }

    public String monitor() {
        return monitor;
    }

    /** {@code factor^k} after k reductions in the current fit. */
    public double scale() {
        return scale;
    }

    private boolean maximizes() {
        return monitor.contains("acc");
    }

    @Override
    public double rate(double base, long step) {
        double r = then.rate(base, step);
        return scale == 1 ? r : Math.max(minRate, scale * r);
    }

    @Override
    public void onTrainBegin(Network network, int epochs, int examples, int batchSize) {
        scale = 1;
        best = Double.NaN;
        wait = 0;
        cooling = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double value = logs.get(monitor);
        if (value == null) {
            throw new IllegalArgumentException("ReduceLROnPlateau monitors '" + monitor
                    + "', which this fit does not log (it logs " + logs.keySet() + ")");
        }
        boolean improves = Double.isNaN(best) || (maximizes() ? value > best + minDelta : value < best - minDelta);
        if (cooling > 0) {
            cooling--;
            wait = 0;
        }
        if (improves) {
            best = value;
            wait = 0;
        } else if (cooling == 0 && ++wait >= patience) {
            double before = scale;
            scale *= factor;
            LOG.info(
                    "epoch {}: {} has not improved on {} for {} epochs; learning rate scale {} -> {}",
                    epoch,
                    monitor,
                    best,
                    wait,
                    before,
                    scale);
            wait = 0;
            cooling = cooldown;
        }
    }

    @Override
    public String toString() {
        return "ReduceLROnPlateau(" + monitor + ", factor " + factor + ", patience " + patience + ")";
    }
}
