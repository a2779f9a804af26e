package org.nnj.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.activations.Activation;
import org.nnj.data.Dataset;
import org.nnj.io.Checkpoint;
import org.nnj.io.ModelFile;
import org.nnj.io.ModelFormatException;
import org.nnj.layers.BatchNormalization;
import org.nnj.layers.Dense;
import org.nnj.layers.Dropout;
import org.nnj.layers.Parameter;
import org.nnj.losses.Loss;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.optim.AdaGrad;
import org.nnj.optim.Adam;
import org.nnj.optim.AdamW;
import org.nnj.optim.LearningRateSchedule;
import org.nnj.optim.Momentum;
import org.nnj.optim.Optimizer;
import org.nnj.optim.RMSProp;

/** A run stopped after epoch k and resumed from its checkpoint ends bit-identical (issue 30). */
class ResumeTest {
    @TempDir
    Path dir;

    static Network net(DataType type) {
        return Network.builder()
                .seed(5)
                .dataType(type)
                .add(new Dense(4, 16, Activation.tanh()))
                .add(new BatchNormalization(16))
                .add(new Dropout(16, 0.2))
                .add(new Dense(16, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
    }

    static Trainer.Builder trainer(Optimizer o, int epochs) {
        return Trainer.builder()
                .epochs(epochs)
                .batchSize(25) // no last minibatch of one row, which batch normalization refuses
                .optimizer(o)
                .seed(11)
                .accuracy(true)
                .validationSplit(0.2)
                .progressBar(false);
    }

    static float[][] values(Network n) {
        float[][] v = new float[n.parameters().size() + 2][];
        for (int i = 0; i < n.parameters().size(); i++) {
            v[i] = n.parameters().get(i).value().castTo(DataType.FLOAT).data().asFloat();
        }
        List<Parameter> buffers = n.layer(1).buffers();
        v[v.length - 2] = buffers.get(0).value().castTo(DataType.FLOAT).data().asFloat();
        v[v.length - 1] = buffers.get(1).value().castTo(DataType.FLOAT).data().asFloat();
        return v;
    }

    void resumesBitIdentically(Supplier<Optimizer> optimizer, DataType type) throws Exception {
        Dataset data = TrainerTest.blobs(300, 1, false).castTo(type);
        Network whole = net(type);
        History uninterrupted = trainer(optimizer.get(), 6).build().fit(whole, data);

        Path file = dir.resolve(optimizer.get().getClass().getSimpleName() + type + ".ckpt");
        trainer(optimizer.get(), 3).backup(file).build().fit(net(type), data); // "stopped" after epoch 3
        Checkpoint c = ModelFile.loadCheckpoint(file);
        assertEquals(3, c.epoch());
        Network again = net(type); // a new process would build the network afresh
        History resumed = trainer(optimizer.get(), 6).backup(file).build().resume(again, data);

        float[][] a = values(whole);
        float[][] b = values(again);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], optimizer.get() + " " + type + ": tensor " + i);
        }
        assertEquals(uninterrupted.names(), resumed.names());
        for (String name : uninterrupted.names()) {
            assertEquals(uninterrupted.get(name), resumed.get(name), name);
        }
        assertEquals(6, ModelFile.loadCheckpoint(file).epoch());
    }

    @Test
    void adamResumesBitIdenticallyInBothTypes() throws Exception {
        resumesBitIdentically(() -> new Adam(0.01), DataType.FLOAT);
        resumesBitIdentically(() -> new Adam(0.01), DataType.DOUBLE);
    }

    @Test
    void everyStatefulOptimizerAndASchedulePositionResume() throws Exception {
        resumesBitIdentically(() -> new Momentum(0.05, 0.9), DataType.FLOAT);
        resumesBitIdentically(() -> new RMSProp(0.005), DataType.FLOAT);
        resumesBitIdentically(() -> new AdaGrad(0.05), DataType.FLOAT);
        resumesBitIdentically(
                () -> new AdamW(0.01, 0.01).withSchedule(LearningRateSchedule.step(7, 0.5)), DataType.FLOAT);
    }

    @Test
    void aCheckpointIsAlsoAModelAndAModelIsNotACheckpoint() throws Exception {
        Path file = dir.resolve("c.ckpt");
        Network n = net(DataType.FLOAT);
        trainer(new Adam(0.01), 2).backup(file).build().fit(n, TrainerTest.blobs(100, 1, false));
        Network loaded = ModelFile.load(file).network();
        assertArrayEquals(
                n.parameters().get(0).value().data().asFloat(),
                loaded.parameters().get(0).value().data().asFloat());
        Path model = dir.resolve("m.nnj");
        ModelFile.save(model, n);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.loadCheckpoint(model));
        assertTrue(e.getMessage().contains("not a checkpoint"), e.getMessage());
    }

    @Test
    void mismatchedResumesAreRefusedAndChangeNothing() throws Exception {
        Path file = dir.resolve("r.ckpt");
        Dataset data = TrainerTest.blobs(100, 1, false);
        trainer(new Adam(0.01), 2).backup(file).build().fit(net(DataType.FLOAT), data);
        byte[] before = Files.readAllBytes(file);
        // a fit never writes over an existing backup
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> trainer(new Adam(0.01), 2).backup(file).build().fit(net(DataType.FLOAT), data));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        // another seed, optimizer or architecture
        Network fresh = net(DataType.FLOAT);
        float[] initial = fresh.parameters().get(0).value().dup().data().asFloat();
        e = assertThrows(
                IllegalArgumentException.class,
                () -> trainer(new Adam(0.01), 4).seed(12).backup(file).build().resume(fresh, data));
        assertTrue(e.getMessage().contains("seed"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> trainer(new RMSProp(0.01), 4).backup(file).build().resume(fresh, data));
        assertTrue(e.getMessage().contains("Adam") && e.getMessage().contains("RMSProp"), e.getMessage());
        Network other = Network.builder()
                .add(new Dense(4, 8, Activation.tanh()))
                .add(new Dense(8, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        assertThrows(
                IllegalArgumentException.class,
                () -> trainer(new Adam(0.01), 4).backup(file).build().resume(other, data));
        assertArrayEquals(initial, fresh.parameters().get(0).value().data().asFloat());
        assertArrayEquals(before, Files.readAllBytes(file));
        e = assertThrows(
                IllegalArgumentException.class,
                () -> trainer(new Adam(0.01), 4).build().resume(fresh, data));
        assertTrue(e.getMessage().contains("backup"), e.getMessage());
    }
}
