package org.nnj.optim;

/**
 * The learning rate as a function of the optimizer's step count t = 0, 1, 2, ... (one step per
 * minibatch; multiply epochs by steps per epoch to schedule by epoch). The optimizer checks every
 * rate a schedule gives before using it: it must be finite and > 0.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /** η_t for base rate η. */
    double rate(double base, long step);

    /** η_t = η. */
    static LearningRateSchedule constant() {
        return named("constant", (base, step) -> base);
    }

    /** Step decay: {@code η_t = η γ^floor(t / every)}. */
    static LearningRateSchedule step(long every, double gamma) {
        if (every <= 0) {
            throw new IllegalArgumentException("every must be > 0, got " + every);
        }
        requireGamma(gamma);
        return named(
                "step(every=" + every + ", gamma=" + gamma + ")", (base, step) -> base * Math.pow(gamma, step / every));
    }

    /** Exponential decay: {@code η_t = η γ^t}. */
    static LearningRateSchedule exponential(double gamma) {
        requireGamma(gamma);
        return named("exponential(gamma=" + gamma + ")", (base, step) -> base * Math.pow(gamma, step));
    }

    /**
     * Cosine annealing from η to {@code minRate} over {@code totalSteps}, then flat:
     * {@code η_t = min + (η - min)(1 + cos(π t / T)) / 2} for t ≤ T.
     */
    static LearningRateSchedule cosine(long totalSteps, double minRate) {
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("totalSteps must be > 0, got " + totalSteps);
        }
        if (!Double.isFinite(minRate) || minRate < 0) {
            throw new IllegalArgumentException("minRate must be finite and >= 0, got " + minRate);
        }
        return named("cosine(totalSteps=" + totalSteps + ", minRate=" + minRate + ")", (base, step) -> {
            double t = Math.min(step, totalSteps);
            return minRate + (base - minRate) * (1 + Math.cos(Math.PI * t / totalSteps)) / 2;
        });
    }

    /** {@code schedule} with {@code name} as its {@code toString}, for messages. */
    private static LearningRateSchedule named(String name, LearningRateSchedule schedule) {
        return new LearningRateSchedule() {
            @Override
            public double rate(double base, long step) {
                return schedule.rate(base, step);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /**
     * Linear warm-up over the first {@code steps} steps, then {@code then} from its own step 0:
     * {@code η_t = η (t + 1) / W} for {@code t < W}, else {@code then.rate(η, t - W)}. Large batches and Adam
     * on deep networks often need it (Goyal et al. 2017, "Accurate, large minibatch SGD").
     */
    static LearningRateSchedule warmup(long steps, LearningRateSchedule then) {
        if (steps <= 0) {
            throw new IllegalArgumentException("warm-up steps must be > 0, got " + steps);
        }
        if (then == null) {
            throw new IllegalArgumentException("the schedule after warm-up must not be null (use constant())");
        }
        return (base, step) -> step < steps ? base * (step + 1) / steps : then.rate(base, step - steps);
    }

    private static void requireGamma(double gamma) {
        if (!Double.isFinite(gamma) || gamma <= 0 || gamma > 1) {
            throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
        }
    }
}
