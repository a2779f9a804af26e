package org.nnj.train;

import java.util.Map;
import org.nnj.models.History;
import org.nnj.models.Network;

/**
 * Hooks into {@link Trainer#fit}, in the spirit of Keras callbacks. Every method has an empty default.
 */
public interface TrainingListener {
    /** Before the first epoch, with the network being trained. */
    default void onTrainBegin(Network network, int epochs, int examples, int batchSize) {}

    /** Before each epoch (from 1). */
    default void onEpochBegin(int epoch) {}

    /** After each optimizer step: the epoch, the rows in the batch and its loss. */
    default void onBatchEnd(int epoch, int rows, double loss) {}

    /** After each epoch, with that epoch's values ("loss", "val_loss", "accuracy", ...). */
    default void onEpochEnd(int epoch, Map<String, Double> logs) {}

    /** Asked after each epoch's {@link #onEpochEnd}: true ends training (Keras's {@code stop_training}). */
    default boolean stopTraining() {
        return false;
    }

    /** After the last epoch (also after an early stop). */
    default void onTrainEnd(History history) {}
}
