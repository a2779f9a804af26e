package org.nnj.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.data.Dataset;
import org.nnj.io.ModelFile;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.optim.LearningRateSchedule;
import org.nnj.optim.Optimizer;
import org.nnj.optim.SGD;

/** ModelCheckpoint, CsvLogger, ReduceLROnPlateau and the warm-up schedule (issue 30, long runs). */
class ListenersTest {
    @TempDir
    Path dir;

    static Trainer.Builder trainer(Optimizer o, int epochs) {
        return Trainer.builder()
                .epochs(epochs)
                .batchSize(32)
                .optimizer(o)
                .accuracy(true)
                .validationData(TrainerTest.blobs(100, 9, false))
                .progressBar(false);
    }

    @Test
    void modelCheckpointKeepsTheBestEpochsModel() throws Exception {
        Path file = dir.resolve("best.nnj");
        ModelCheckpoint best = ModelCheckpoint.to(file);
        List<Double> valLoss = new ArrayList<>();
        List<float[]> weights = new ArrayList<>();
        Network net = TrainerTest.net(1);
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                valLoss.add(logs.get("val_loss"));
                weights.add(net.parameters().get(0).value().dup().data().asFloat());
            }
        };
        // a high rate so that the validation loss goes up and down
        trainer(new SGD(0.9), 12).listener(recorder).listener(best).build().fit(net, TrainerTest.blobs(300, 1, true));
        int argmin = 0;
        for (int i = 1; i < valLoss.size(); i++) {
            argmin = valLoss.get(i) < valLoss.get(argmin) ? i : argmin;
        }
        assertEquals(argmin + 1, best.bestEpoch());
        float[] saved = ModelFile.load(file)
                .network()
                .parameters()
                .get(0)
                .value()
                .data()
                .asFloat();
        assertArrayEquals(weights.get(argmin), saved);
        // an existing file is refused unless replacing is asked
        Network other = TrainerTest.net(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer(new SGD(0.1), 1)
                .listener(ModelCheckpoint.to(file))
                .build()
                .fit(other, TrainerTest.blobs(50, 1, false)));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        trainer(new SGD(0.1), 1)
                .listener(ModelCheckpoint.to(file).replacingExisting().everyEpoch(true))
                .build()
                .fit(other, TrainerTest.blobs(50, 1, false));
        assertArrayEquals(
                other.parameters().get(0).value().data().asFloat(),
                ModelFile.load(file)
                        .network()
                        .parameters()
                        .get(0)
                        .value()
                        .data()
                        .asFloat());
        // a monitor the fit does not log
        e = assertThrows(IllegalArgumentException.class, () -> trainer(new SGD(0.1), 1)
                .listener(ModelCheckpoint.to(dir.resolve("x.nnj")).monitor("val_auc", ModelCheckpoint.Mode.MAX))
                .build()
                .fit(TrainerTest.net(3), TrainerTest.blobs(50, 1, false)));
        assertTrue(e.getMessage().contains("val_auc") && e.getMessage().contains("val_loss"), e.getMessage());
    }

    @Test
    void csvLoggerWritesOneFlushedRowPerEpochAndNeverOverwrites() throws Exception {
        Path log = dir.resolve("log.csv");
        History h = trainer(new Adam(0.01), 4)
                .listener(CsvLogger.to(log))
                .build()
                .fit(TrainerTest.net(1), TrainerTest.blobs(200, 1, false));
        List<String> lines = Files.readAllLines(log);
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy", lines.get(0));
        assertEquals(5, lines.size());
        String[] third = lines.get(3).split(",");
        assertEquals("3", third[0]);
        assertEquals(h.get("loss").get(2), Double.parseDouble(third[1]));
        assertEquals(h.get("val_accuracy").get(2), Double.parseDouble(third[4]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer(new Adam(0.01), 1)
                .listener(CsvLogger.to(log))
                .build()
                .fit(TrainerTest.net(1), TrainerTest.blobs(200, 1, false)));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals(5, Files.readAllLines(log).size());
        trainer(new Adam(0.01), 2)
                .listener(CsvLogger.to(log).appending())
                .build()
                .fit(TrainerTest.net(1), TrainerTest.blobs(200, 1, false));
        assertEquals(7, Files.readAllLines(log).size());
        // appending to a log with other columns is refused and leaves it alone
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder()
                .epochs(1)
                .optimizer(new Adam(0.01))
                .progressBar(false)
                .listener(CsvLogger.to(log).appending())
                .build()
                .fit(TrainerTest.net(1), TrainerTest.blobs(200, 1, false)));
        assertTrue(e.getMessage().contains("header"), e.getMessage());
        assertEquals(7, Files.readAllLines(log).size());
    }

    @Test
    void reduceLrOnPlateauScalesTheRateAfterPatienceEpochsWithoutImprovement() {
        ReduceLROnPlateau p = ReduceLROnPlateau.on("val_loss", 0.5, 2).withMinDelta(0);
        p.onTrainBegin(null, 10, 1, 1);
        double[] values = {1.0, 0.9, 0.95, 0.92, 0.91, 0.8, 0.85, 0.85};
        double[] scales = {1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25};
        for (int i = 0; i < values.length; i++) {
            p.onEpochEnd(i + 1, Map.of("val_loss", values[i]));
            assertEquals(scales[i], p.scale(), "epoch " + (i + 1));
        }
        assertEquals(0.025, p.rate(0.1, 123), 1e-15);
        ReduceLROnPlateau floor = ReduceLROnPlateau.on("loss", 0.1, 0).withMinRate(0.004);
        floor.onTrainBegin(null, 10, 1, 1);
        floor.onEpochEnd(1, Map.of("loss", 1.0));
        floor.onEpochEnd(2, Map.of("loss", 1.0));
        floor.onEpochEnd(3, Map.of("loss", 1.0));
        assertEquals(0.004, floor.rate(0.1, 0));
    }

    @Test
    void reduceLrOnPlateauMustBeTheOptimizersScheduleAndAListener() {
        ReduceLROnPlateau p = ReduceLROnPlateau.on("val_loss", 0.5, 1);
        Dataset d = TrainerTest.blobs(100, 1, false);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> trainer(new Adam(0.01), 1).listener(p).build().fit(TrainerTest.net(1), d));
        assertTrue(e.getMessage().contains("withSchedule"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> trainer(new Adam(0.01).withSchedule(p), 1).build().fit(TrainerTest.net(1), d));
        assertTrue(e.getMessage().contains("listener"), e.getMessage());
        // wired both ways, a plateau lowers the optimizer's rate
        Optimizer o = new SGD(5.0).withSchedule(p);
        trainer(o, 6).listener(p).build().fit(TrainerTest.net(1), TrainerTest.blobs(200, 1, true));
        assertTrue(p.scale() < 1, "scale " + p.scale());
        assertEquals(5.0 * p.scale(), o.currentLearningRate(), 1e-12);
    }

    @Test
    void warmUpRisesLinearlyThenHandsOver() {
        LearningRateSchedule s = LearningRateSchedule.warmup(4, LearningRateSchedule.step(2, 0.5));
        double[] expected = {0.025, 0.05, 0.075, 0.1, 0.1, 0.1, 0.05, 0.05, 0.025};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], s.rate(0.1, t), 1e-15, "step " + t);
        }
        assertThrows(
                IllegalArgumentException.class, () -> LearningRateSchedule.warmup(0, LearningRateSchedule.constant()));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.warmup(3, null));
    }
}
