package org.nnj.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nnj.optim.OptimizerState;

/**
 * A training run stopped at the end of an epoch, as {@link ModelFile#saveCheckpoint} writes it and
 * {@code Trainer.resume} continues it: the model (network, normalizer, schema), the epochs done, the
 * fit's seed (its shuffles and validation split), the history so far, the optimizer's state and each
 * layer's random generator position (dropout's masks). A run resumed from it ends bit-identical to
 * the run that was not stopped. A checkpoint file is also a model file: {@link ModelFile#load} reads
 * its model and ignores the rest.
 *
 * @param model     the network and what travels with it
 * @param epoch     the epochs completed, >= 1
 * @param seed      the fit's seed
 * @param history   every logged value ("loss", "val_loss", ...) per completed epoch, in order
 * @param optimizer the optimizer's state after the last step of epoch {@code epoch}
 * @param random    per layer, {@link org.nnj.layers.Layer#randomState()}
 */
public record Checkpoint(
        SavedModel model,
        int epoch,
        long seed,
        Map<String, List<Double>> history,
        OptimizerState optimizer,
        List<long[]> random) {
    public Checkpoint {
        if (model == null || history == null || optimizer == null || random == null) {
            throw new IllegalArgumentException("model, history, optimizer and random must not be null");
        }
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
        }
        if (random.size() != model.network().layers().size()) {
            throw new IllegalArgumentException("random has " + random.size() + " entries but the network has "
                    + model.network().layers().size() + " layers");
        }
        Map<String, List<Double>> h = new LinkedHashMap<>();
        history.forEach((k, v) -> h.put(k, List.copyOf(v)));
        history = java.util.Collections.unmodifiableMap(h);
        random = List.copyOf(random);
    }
}
