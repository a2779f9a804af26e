package org.nnj.models;

/**
 * Thrown when a training step produces a NaN or infinite loss or gradient. The step's update is not
 * applied, so the network keeps the parameters of the last finite step.
 */
public final class TrainingDivergedException extends RuntimeException {
    private final int epoch;
    private final long step;
    private final String what;

    /**
     * @param epoch the epoch (from 1), or 0 for a lone {@code trainStep}
     * @param step  the step within the epoch (from 1)
     */
    public TrainingDivergedException(int epoch, long step, String what) {
        super(
                "training diverged at epoch " + epoch + ", step " + step + ": " + what
                        + "; the parameters are those of the last finite step (try a smaller learning rate or gradient clipping)");
        this.epoch = epoch;
        this.step = step;
        this.what = what;
    }

    /** The same failure, placed at {@code epoch} and {@code step} of a training loop. */
    public TrainingDivergedException at(int epoch, long step) {
        TrainingDivergedException e = new TrainingDivergedException(epoch, step, what);
        e.setStackTrace(getStackTrace());
        return e;
    }

    public int epoch() {
        return epoch;
    }

    public long step() {
        return step;
    }
}
