package org.nnj.train;

import java.util.Random;

/**
 * The order in which an epoch visits the examples: a Fisher-Yates shuffle of the previous epoch's
 * order, driven by the fit's seeded generator, once per epoch, or no shuffle at all when one batch
 * holds every example (full-batch gradient descent sees them in their own order). The one shuffle
 * of every trainer, local or distributed, so that they see the same minibatches.
 */
public final class EpochOrder {
    private final int[] order;
    private final boolean shuffles;

    /** The examples 0..n-1 in their own order, for minibatches of {@code batchSize} rows. */
    public EpochOrder(int n, int batchSize) {
        if (n <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("n and batchSize must be > 0, got " + n + " and " + batchSize);
        }
        order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        shuffles = Math.min(batchSize, n) < n;
    }

    /** The next epoch's order: for i = n-1 down to 1, swap order[i] with order[j], j uniform in [0, i]. */
    public void shuffle(Random rng) {
        if (!shuffles) {
            return;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** The current order (live: the next {@link #shuffle} changes it). */
    public int[] order() {
        return order;
    }

    /** {@code positions[order[p]] = p}: where each example sits in the current order. */
    public int[] positions() {
        int[] positions = new int[order.length];
        for (int p = 0; p < order.length; p++) {
            positions[order[p]] = p;
        }
        return positions;
    }
}
