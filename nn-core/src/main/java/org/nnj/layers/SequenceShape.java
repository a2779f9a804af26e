package org.nnj.layers;

import org.nnj.Require;

/**
 * The shape of one sequence example, {@code time x features}. A batch of sequences is still a matrix
 * with one example per row: row n holds sequence n time-major, so feature {@code f} of step {@code t}
 * is column {@code t * features + f}. Token ids are a sequence of one feature, {@code time} entries of
 * integer values (exact in float32 below 2^24).
 *
 * <p>Variable-length sequences are padded to {@code time} steps; a mask (batch x time, 1 where a step
 * counts and 0 at padding) says which steps are real. A layer that honours a mask reads it as a second
 * input ({@link MultiInputLayer}); a padded sequence then gives exactly the outputs of the unpadded one
 * on its real steps.
 */
public record SequenceShape(int time, int features) {
    public SequenceShape {
        Require.positive(time, "time");
        Require.positive(features, "features");
        if ((long) time * features > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "a sequence of " + time + " x " + features + " has too many values for one row");
        }
    }

    /** The number of values in one example, {@code time * features}. */
    public int size() {
        return time * features;
    }

    /** {@code [time, features]}, as {@link Layer#inputShape()} gives it. */
    public int[] toArray() {
        return new int[] {time, features};
    }

    @Override
    public String toString() {
        return time + "x" + features;
    }
}
