package org.nnj.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.nnj.io.Checkpoint;
import org.nnj.io.ModelFile;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.optim.Optimizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SparkTrainer}'s checkpoints, in {@code Trainer}'s format ({@link ModelFile#saveCheckpoint}):
 * the network, the epoch, the seed, the history and the driver optimizer's state in one atomically
 * replaced file, so that a driver killed mid-write leaves the previous checkpoint whole and a resumed
 * run continues exactly (Adam's moments too).
 */
final class SparkCheckpoints {
    private static final Logger LOG = LoggerFactory.getLogger(SparkCheckpoints.class);

    private SparkCheckpoints() {}

    static void save(Path file, Network network, int epoch, long seed, History history, Optimizer optimizer) {
        try {
            ModelFile.saveCheckpoint(file, Checkpoint.of(network, null, epoch, seed, history, optimizer));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads the checkpoint into the network and {@code optimizer} (the driver's in the exact mode, a
     * discarded fresh one in the local-steps mode, whose rounds start afresh); returns its epoch.
     */
    static int resume(Path file, Network network, long seed, int epochs, Optimizer optimizer) {
        try {
            Checkpoint c = ModelFile.loadCheckpoint(file);
            if (c.seed() != seed) {
                throw new IllegalArgumentException("the checkpoint " + file + " was written by a run with seed "
                        + c.seed() + ", this trainer's is " + seed + ": resume with the same seed");
            }
            if (c.epoch() > epochs) {
                throw new IllegalArgumentException("the checkpoint is at epoch " + c.epoch() + ", beyond " + epochs);
            }
            c.restoreInto(network, optimizer, file.toString());
            LOG.info("resumed from {} at epoch {}", file, c.epoch());
            return c.epoch();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from " + file + ": " + e.getMessage(), e);
        }
    }
}
