package org.nnj.optim;

import org.nnj.Require;

/**
 * What every optimizer shares: the base learning rate and its schedule, L1 and L2 penalties, decoupled
 * weight decay and gradient clipping by global norm. Immutable; the optimizers' {@code with...}
 * methods return a new optimizer with changed settings.
 *
 * @param learningRate base rate η, finite and > 0
 * @param schedule     η_t as a function of the step count
 * @param l1           L1 penalty λ: adds {@code λ sign(θ)} to the gradient (the subgradient of λ‖θ‖₁)
 * @param l2           L2 penalty λ: adds λθ to the gradient (coupled: goes through adaptive scaling)
 * @param weightDecay  decoupled weight decay λ: {@code θ ← θ - η_t λ θ} besides the update (AdamW)
 * @param clipNorm     if > 0, gradients are scaled by {@code clipNorm / ‖g‖} whenever the global norm
 *                     {@code ‖g‖ = sqrt(Σ over all parameters of Σ g²)} exceeds it
 */
public record Settings(
        double learningRate, LearningRateSchedule schedule, double l1, double l2, double weightDecay, double clipNorm) {
    public Settings {
        if (!Double.isFinite(learningRate) || learningRate <= 0) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        }
        Require.notNull(schedule, "schedule");
        requireNonNegative(l1, "l1");
        requireNonNegative(l2, "l2");
        requireNonNegative(weightDecay, "weightDecay");
        requireNonNegative(clipNorm, "clipNorm");
    }

    public static Settings of(double learningRate) {
        return new Settings(learningRate, LearningRateSchedule.constant(), 0, 0, 0, 0);
    }

    Settings withSchedule(LearningRateSchedule s) {
        return new Settings(learningRate, s, l1, l2, weightDecay, clipNorm);
    }

    Settings withL1(double v) {
        return new Settings(learningRate, schedule, v, l2, weightDecay, clipNorm);
    }

    Settings withL2(double v) {
        return new Settings(learningRate, schedule, l1, v, weightDecay, clipNorm);
    }

    Settings withWeightDecay(double v) {
        return new Settings(learningRate, schedule, l1, l2, v, clipNorm);
    }

    Settings withClipNorm(double v) {
        return new Settings(learningRate, schedule, l1, l2, weightDecay, v);
    }

    static double requireNonNegative(double v, String name) {
        if (!Double.isFinite(v) || v < 0) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
        }
        return v;
    }

    static double requireUnitInterval(double v, String name) {
        if (!Double.isFinite(v) || v < 0 || v >= 1) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + v);
        }
        return v;
    }

    static double requirePositive(double v, String name) {
        if (!Double.isFinite(v) || v <= 0) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + v);
        }
        return v;
    }
}
