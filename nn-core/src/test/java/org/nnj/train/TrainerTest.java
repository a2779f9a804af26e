package org.nnj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.data.Dataset;
import org.nnj.layers.Dense;
import org.nnj.layers.Parameter;
import org.nnj.losses.Loss;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.models.TrainingDivergedException;
import org.nnj.optim.Adam;
import org.nnj.optim.SGD;

class TrainerTest {
    static Network net(long seed) {
        return Network.builder()
                .seed(seed)
                .add(new Dense(4, 16, Activation.tanh()))
                .add(new Dense(16, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
    }

    /** Labels determined by the sign pattern of the first two features. */
    static Dataset blobs(int n, long seed, boolean flip) {
        INDArray x = TestData.gaussian(DataType.FLOAT, n, 4, 1, seed);
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            int k = x.getDouble(i, 0) > 0.3 ? 0 : x.getDouble(i, 1) > 0 ? 1 : 2;
            c[i] = flip ? (k + 1) % 3 : k;
        }
        return Dataset.classification(x, c, List.of("a", "b", "c"));
    }

    @Test
    void recordsLossAccuracyAndValidationPerEpoch() {
        Network n = net(1);
        Trainer t = Trainer.builder()
                .epochs(8)
                .batchSize(16)
                .optimizer(new Adam(0.01))
                .accuracy(true)
                .validationData(blobs(100, 9, false))
                .progressBar(false)
                .build();
        History h = t.fit(n, blobs(300, 1, false));
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), h.names());
        assertEquals(8, h.get("val_accuracy").size());
        assertTrue(h.last("loss") < h.loss().get(0));
        assertTrue(h.last("val_accuracy") > 0.85, "val accuracy " + h.last("val_accuracy"));
    }

    @Test
    void validationSplitIsStratifiedAndSeeded() {
        Trainer t = Trainer.builder()
                .epochs(3)
                .batchSize(32)
                .validationSplit(0.2)
                .seed(4)
                .progressBar(false)
                .build();
        History a = t.fit(net(2), blobs(200, 1, false));
        History b = t.fit(net(2), blobs(200, 1, false));
        assertEquals(a.get("val_loss"), b.get("val_loss"));
        assertEquals(3, a.get("val_loss").size());
    }

    @Test
    void earlyStoppingRestoresTheBestWeights() {
        // Validation labels are the training labels shifted by one class: the better the network
        // fits the training set, the worse the validation loss, so epoch 1 is the best.
        Network n = net(3);
        List<List<double[]>> perEpoch = new ArrayList<>();
        TrainingListener snapshot = new TrainingListener() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                perEpoch.add(TestData.snapshot(n));
            }
        };
        Trainer t = Trainer.builder()
                .epochs(50)
                .batchSize(16)
                .optimizer(new Adam(0.01))
                .validationData(blobs(100, 9, true))
                .earlyStopping(EarlyStopping.on("val_loss", 3))
                .listener(snapshot)
                .progressBar(false)
                .build();
        History h = t.fit(n, blobs(300, 1, false));
        List<Double> val = h.get("val_loss");
        int best = 0;
        for (int i = 1; i < val.size(); i++) {
            if (val.get(i) < val.get(best)) {
                best = i;
            }
        }
        assertTrue(h.epochs() < 50, "stopped early after " + h.epochs() + " epochs");
        assertEquals(best + 1 + 3, h.epochs(), "stops after patience epochs without improvement");
        assertTrue(
                TestData.bitIdentical(perEpoch.get(best), TestData.snapshot(n)),
                "best epoch " + (best + 1) + " restored");
        assertTrue(!TestData.bitIdentical(perEpoch.get(perEpoch.size() - 1), TestData.snapshot(n)));
    }

    @Test
    void earlyStoppingNeedsAComputedMonitor() {
        Trainer t = Trainer.builder()
                .epochs(2)
                .earlyStopping(EarlyStopping.on("val_loss", 2))
                .progressBar(false)
                .build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> t.fit(net(1), blobs(50, 1, false)));
        assertTrue(e.getMessage().contains("val_loss"), e.getMessage());
    }

    @Test
    void listenersSeeEveryStep() {
        int[] steps = {0};
        int[] rows = {0};
        TrainingListener counter = new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int r, double loss) {
                steps[0]++;
                rows[0] += r;
            }
        };
        Trainer.builder()
                .epochs(2)
                .batchSize(32)
                .listener(counter)
                .progressBar(false)
                .build()
                .fit(net(1), blobs(100, 1, false));
        assertEquals(2 * 4, steps[0], "ceil(100 / 32) steps per epoch");
        assertEquals(200, rows[0], "the last short batch included");
    }

    @Test
    void divergenceStopsWithTheLastFiniteParameters() {
        Network n =
                Network.builder().seed(1).add(new Dense(4, 3)).loss(Loss.mse()).build();
        Dataset data = Dataset.of(
                TestData.gaussian(DataType.FLOAT, 64, 4, 100, 1), TestData.gaussian(DataType.FLOAT, 64, 3, 100, 2));
        // last[0]: after the last step; last[1]: after the one before (= before the last step)
        List<double[]>[] last = new List[] {TestData.snapshot(n), TestData.snapshot(n)};
        TrainingListener track = new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int r, double loss) {
                last[1] = last[0];
                last[0] = TestData.snapshot(n);
            }
        };
        Trainer t = Trainer.builder()
                .epochs(100)
                .batchSize(8)
                .optimizer(new SGD(10))
                .listener(track)
                .progressBar(false)
                .build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.fit(n, data));
        assertTrue(e.epoch() >= 1 && e.step() >= 1, e.getMessage());
        assertTrue(
                e.getMessage().contains("epoch " + e.epoch()) && e.getMessage().contains("step " + e.step()));
        // An update that overflows is refused (the parameters after the last step stay); a forward pass
        // that overflows takes the last step back (the parameters whose loss was finite come back).
        boolean refused = TestData.bitIdentical(last[0], TestData.snapshot(n));
        boolean undone = TestData.bitIdentical(last[1], TestData.snapshot(n))
                && e.getMessage().contains("restored");
        assertTrue(refused || undone, e.getMessage());
        assertTrue(Double.isFinite(n.loss(data.features(), data.labels())), "a finite loss after the rollback");
        for (Parameter p : n.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                assertTrue(Double.isFinite(p.value().getDouble(i)));
            }
        }
    }

    @Test
    void summaryListsLayersAndParameterCounts() {
        String s = net(1).summary();
        assertTrue(s.contains("Dense(4→16, tanh)") && s.contains("Dense(16→3)"), s);
        assertTrue(s.contains("80") && s.contains("51") && s.contains("Total parameters: 131"), s);
    }
}
