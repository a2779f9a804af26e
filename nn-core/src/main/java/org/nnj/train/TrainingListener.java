package org.nnj.train;

import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}, in the spirit of Keras callbacks. Every method has an empty default.
 */
public interface TrainingListener {
    /** Before the first epoch. */
    default void onTrainBegin(int epochs, int examples, int batchSize) {
    }

    /** Before each epoch (from 1). */
    default void onEpochBegin(int epoch) {
    }

    /** After each optimizer step: the epoch, the rows in the batch and its loss. */
    default void onBatchEnd(int epoch, int rows, double loss) {
    }

    /** After each epoch, with that epoch's values ("loss", "val_loss", "accuracy", ...). */
    default void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    /** After the last epoch (also after early stopping). */
    default void onTrainEnd(History history) {
    }
}
