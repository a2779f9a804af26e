package org.nnj.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.io.ModelFile;
import org.nnj.io.SavedModel;
import org.nnj.layers.Dense;
import org.nnj.models.Network;
import org.nnj.train.GradientCheck;

/** The Huber loss: values by hand, a gradient check, and a round trip through the model file. */
class HuberTest {
    @TempDir
    Path dir;

    @Test
    void valuesAndGradientByHand() {
        // d = ŷ - y = 0.5 (inside δ = 1: 0.125, gradient 0.5/4), -3 (outside: 1 * (3 - 0.5) = 2.5, gradient -1/4)
        INDArray p = Nd4j.createFromArray(new double[][] {{1.5, -3}, {0, 2}});
        INDArray y = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 0}});
        INDArray g = Nd4j.zeros(DataType.DOUBLE, 2, 2);
        double v = Loss.huber(1).valueAndGradient(p, y, g);
        // elements: 0.5 -> 0.125; -3 -> 2.5; 0 -> 0; 2 -> 1 * (2 - 0.5) = 1.5
        assertEquals((0.125 + 2.5 + 0 + 1.5) / 4, v, 1e-15);
        assertEquals(0.5 / 4, g.getDouble(0, 0), 1e-15);
        assertEquals(-1.0 / 4, g.getDouble(0, 1), 1e-15);
        assertEquals(1.0 / 4, g.getDouble(1, 1), 1e-15);
        assertEquals(v, Loss.huber(1).value(p, y), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Loss.huber(0));
    }

    @Test
    void gradientCheck() {
        Network net = Network.builder()
                .seed(3)
                .dataType(DataType.DOUBLE)
                .add(new Dense(4, 5, Activation.tanh()))
                .add(new Dense(5, 2))
                .loss(Loss.huber(0.7))
                .build();
        INDArray x = TestData.gaussian(DataType.DOUBLE, 6, 4, 1, 1);
        INDArray y = TestData.gaussian(DataType.DOUBLE, 6, 2, 2, 2); // some residuals beyond δ, some inside
        Map<String, Double> result = GradientCheck.check(net, x, y);
        assertTrue(GradientCheck.worst(result) < 1e-6, result.toString());
    }

    @Test
    void savesAndLoadsWithItsDelta() throws Exception {
        Network net = Network.builder()
                .seed(1)
                .add(new Dense(3, 2))
                .loss(Loss.huber(0.25))
                .build();
        Path f = dir.resolve("h.nnj");
        ModelFile.save(f, net);
        SavedModel loaded = ModelFile.load(f);
        assertEquals(new Huber(0.25), loaded.network().lossFunction());
    }
}
