package org.nnj.train;

import java.util.List;
import org.nnj.data.Dataset;
import org.nnj.data.OneHot;
import org.nnj.metrics.Evaluation;
import org.nnj.models.Network;
import org.nnj.optim.Optimizer;

/** What {@link Trainer#fit} checks before the first update, so that a refused fit changes nothing. */
final class FitChecks {
    private FitChecks() {}

    /**
     * The training and validation data against the network (shapes, types, finite values, the loss's
     * domain), every minibatch size it will see, and what the epochs' accuracy needs.
     */
    static void data(Network network, Dataset train, Dataset val, int batchSize, boolean accuracy) {
        network.check(train.features(), train.labels());
        if (val != null) {
            try {
                network.check(val.features(), val.labels());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("validationData: " + e.getMessage(), e);
            }
        }
        trainingBatches(network, batchSize, train.size());
        if (accuracy) {
            if (network.outputNames().size() != 1) {
                throw new IllegalArgumentException("accuracy(true) needs a network with one output; this one has "
                        + network.outputNames() + ": train without it and score each classification output with"
                        + " Evaluation.evaluate(network, data, output)");
            }
            Evaluation.requireClassifier(network);
            OneHot.requireClassLabels(train.labels(), "labels", " (accuracy needs class labels)");
            if (val != null) {
                OneHot.requireClassLabels(val.labels(), "validation labels", " (accuracy needs class labels)");
            }
        }
    }

    /** A {@link ReduceLROnPlateau} must be both a listener and the optimizer's schedule, or it does nothing. */
    static void plateau(Optimizer optimizer, List<TrainingListener> listeners) {
        var schedule = optimizer.settings().schedule();
        for (TrainingListener l : listeners) {
            if (l instanceof ReduceLROnPlateau p && schedule != p) {
                throw new IllegalArgumentException(p + " is a listener but not the optimizer's schedule: give it to"
                        + " the optimizer too (optimizer.withSchedule(plateau))");
            }
        }
        if (schedule instanceof ReduceLROnPlateau p && !listeners.contains(p)) {
            throw new IllegalArgumentException(p + " is the optimizer's schedule but not a listener, so it never"
                    + " sees an epoch: add it with Trainer.builder().listener(plateau)");
        }
    }

    /**
     * Every minibatch of the fit, {@code min(batchSize, n)} rows and a last one of {@code n mod batch},
     * must be one the network can train on ({@link Network#requireTrainingBatch}: batch normalization
     * needs 2 rows), checked before the first update.
     */
    static void trainingBatches(Network network, int batchSize, int n) {
        int full = Math.min(batchSize, n);
        try {
            network.requireTrainingBatch(full);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("batchSize " + batchSize + ": " + e.getMessage(), e);
        }
        int rest = n % full;
        if (rest > 0) {
            try {
                network.requireTrainingBatch(rest);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "batchSize " + batchSize + " on " + n
                                + " training examples leaves a last minibatch of " + rest + " row"
                                + (rest == 1 ? "" : "s")
                                + " each epoch: " + e.getMessage()
                                + " (choose a batch size that does not leave one row)",
                        e);
            }
        }
    }

    static void monitor(EarlyStopping earlyStopping, boolean accuracy, boolean hasValidation) {
        String m = earlyStopping.monitor();
        boolean known = m.equals("loss")
                || (accuracy && m.equals("accuracy"))
                || (hasValidation && (m.equals("val_loss") || (accuracy && m.equals("val_accuracy"))));
        if (!known) {
            throw new IllegalArgumentException("earlyStopping monitors '" + m + "', which this trainer does not compute"
                    + " (it computes loss" + (accuracy ? ", accuracy" : "")
                    + (hasValidation ? ", val_loss" + (accuracy ? ", val_accuracy" : "") : "") + ")");
        }
    }
}
