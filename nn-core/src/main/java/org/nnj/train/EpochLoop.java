package org.nnj.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nnj.Seeds;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The epoch loop every trainer shares ({@link Trainer} on one machine, nn-spark's SparkTrainer on a
 * cluster), as DDP leaves PyTorch's loop alone and changes only how a step's gradients are computed:
 * a trainer supplies how one epoch's steps run over an order of the examples, what it logs besides
 * the loss, and where it saves a checkpoint; the loop owns the rest:
 *
 * <pre>
 * order = 0..n-1; rng = Seeds.random(seed); replay the shuffles of the epochs already done
 * listeners.onTrainBegin
 * for epoch = done+1 .. epochs:
 *     listeners.onEpochBegin; order.shuffle(rng)
 *     logs = {loss: steps(epoch, order)} + the trainer's logs (accuracy, val_loss, ...)
 *     history += logs; save a checkpoint if asked; listeners.onEpochEnd(logs)
 *     stop if a listener asks (early stopping)
 * listeners.onTrainEnd(history)
 * </pre>
 */
public final class EpochLoop {
    private static final Logger LOG = LoggerFactory.getLogger(EpochLoop.class);

    /** One epoch's steps over the examples in {@code order}; returns the mean loss over the examples. */
    @FunctionalInterface
    public interface Steps {
        /**
         * @param batchEnd call after each step with its rows and loss (the listeners' onBatchEnd)
         */
        double run(int epoch, int[] order, BatchEnd batchEnd);
    }

    /** Receives each step's rows and loss. */
    @FunctionalInterface
    public interface BatchEnd {
        void accept(int rows, double loss);
    }

    /** Adds the values a trainer logs after an epoch besides "loss". */
    @FunctionalInterface
    public interface Logs {
        void add(Map<String, Double> logs);
    }

    /** Saves a checkpoint after an epoch. */
    @FunctionalInterface
    public interface Save {
        void after(int epoch, History history);
    }

    /**
     * What the loop runs.
     *
     * @param examples  n, the examples per epoch
     * @param batchSize rows per step (the order is not shuffled when one batch holds all)
     * @param epochs    the last epoch
     * @param seed      the fit's seed (its shuffles)
     * @param done      the epochs already done (a resumed run), 0 for a new one
     * @param prior     their history, in order (empty for a new run)
     * @param listeners the listeners, early stopping and progress bar included
     */
    public record Plan(
            int examples,
            int batchSize,
            int epochs,
            long seed,
            int done,
            Map<String, List<Double>> prior,
            List<TrainingListener> listeners) {
        public Plan {
            if (done < 0 || done > epochs) {
                throw new IllegalArgumentException("the run has done " + done + " epochs, outside 0.." + epochs);
            }
            prior = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(prior));
            listeners = List.copyOf(listeners);
        }
    }

    private EpochLoop() {}

    /** Runs the plan; {@code save} may be null. Returns every epoch's logs, the prior ones first. */
    public static History run(Network network, Plan plan, Steps steps, Logs logs, Save save) {
        EpochOrder order = new EpochOrder(plan.examples(), plan.batchSize());
        Random rng = Seeds.random(plan.seed());
        History history = new History();
        for (int e = 1; e <= plan.done(); e++) {
            order.shuffle(rng); // the shuffles of the epochs done, so that the next order is the run's
        }
        int known = plan.prior().values().stream().mapToInt(List::size).max().orElse(0);
        for (int e = 0; e < known; e++) {
            for (var entry : plan.prior().entrySet()) {
                history.record(entry.getKey(), entry.getValue().get(e));
            }
        }
        List<TrainingListener> all = plan.listeners();
        all.forEach(l -> l.onTrainBegin(network, plan.epochs(), plan.examples(), plan.batchSize()));
        for (int epoch = plan.done() + 1; epoch <= plan.epochs(); epoch++) {
            int e = epoch;
            all.forEach(l -> l.onEpochBegin(e));
            order.shuffle(rng);
            double loss = steps.run(epoch, order.order(), (rows, value) -> {
                for (TrainingListener l : all) {
                    l.onBatchEnd(e, rows, value);
                }
            });
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("loss", loss);
            logs.add(values);
            values.forEach(history::record);
            LOG.debug("epoch {}/{}: {}", epoch, plan.epochs(), values);
            if (save != null) {
                save.after(epoch, history);
            }
            all.forEach(l -> l.onEpochEnd(e, values));
            if (all.stream().anyMatch(TrainingListener::stopTraining)) {
                break;
            }
        }
        if (history.epochs() > 0) {
            LOG.info(
                    "trained {} epochs on {} examples: loss {} -> {}",
                    history.epochs(),
                    plan.examples(),
                    history.loss().get(0),
                    history.last("loss"));
        }
        all.forEach(l -> l.onTrainEnd(history));
        return history;
    }
}
