package org.nnj.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nnj.data.Normalizer;
import org.nnj.layers.Layer;
import org.nnj.layers.Parameter;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.optim.Optimizer;
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

    /**
     * The checkpoint of a run after {@code epoch}: the network (and its inputs' normalizer, or null),
     * the seed, the history so far, the optimizer's state for the network's trainable parameters and
     * each layer's random generator position.
     */
    public static Checkpoint of(
            Network network, Normalizer normalizer, int epoch, long seed, History history, Optimizer optimizer) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        history.names().forEach(name -> values.put(name, history.get(name)));
        return new Checkpoint(
                new SavedModel(network, normalizer),
                epoch,
                seed,
                values,
                optimizer.state(network.trainableParameters()),
                network.layers().stream().map(Layer::randomState).toList());
    }

    /**
     * Puts this checkpoint into {@code network}, built as the checkpoint's (the same layer specs and
     * type: refused otherwise, before anything changes), and into {@code optimizer}, which must be new:
     * the parameters, the buffers (batch normalization's statistics), each layer's random position
     * and the optimizer's state.
     *
     * @throws IllegalArgumentException naming what differs
     */
    public void restoreInto(Network network, Optimizer optimizer, String source) {
        Network saved = model.network();
        if (!saved.layers().stream()
                        .map(Layer::spec)
                        .toList()
                        .equals(network.layers().stream().map(Layer::spec).toList())
                || saved.dataType() != network.dataType()
                || !sameWiring(saved, network)) {
            throw new IllegalArgumentException("the checkpoint " + source + " holds " + saved + " (" + saved.dataType()
                    + "), not " + network + " (" + network.dataType() + ")"
                    + (sameWiring(saved, network)
                            ? ""
                            : "; their nodes, inputs, outputs or losses are wired differently"));
        }
        optimizer.restoreState(network.trainableParameters(), this.optimizer); // checks the kind and sizes first
        copy(saved.parameters(), network.parameters());
        for (int i = 0; i < saved.layers().size(); i++) {
            copy(saved.layer(i).buffers(), network.layer(i).buffers());
            network.layer(i).restoreRandomState(random.get(i));
        }
    }

    /** The same nodes reading the same values, and the same outputs, losses and weights. */
    private static boolean sameWiring(Network a, Network b) {
        org.nnj.models.Topology s = a.topology();
        org.nnj.models.Topology t = b.topology();
        if (s.nodeCount() != t.nodeCount()
                || !s.inputNames().equals(t.inputNames())
                || !s.outputNames().equals(t.outputNames())) {
            return false;
        }
        for (int n = 0; n < s.nodeCount(); n++) {
            if (s.layerIndex(n) != t.layerIndex(n) || !java.util.Arrays.equals(s.reads(n), t.reads(n))) {
                return false;
            }
        }
        for (int j = 0; j < s.outputNames().size(); j++) {
            if (s.outputNode(j) != t.outputNode(j)
                    || !s.loss(j).spec().equals(t.loss(j).spec())
                    || s.weight(j) != t.weight(j)) {
                return false;
            }
        }
        return true;
    }

    private static void copy(List<Parameter> from, List<Parameter> to) {
        for (int i = 0; i < from.size(); i++) {
            to.get(i).value().assign(from.get(i).value());
        }
    }
}
