package org.nnj.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.data.Dataset;
import org.nnj.layers.Conv2D;
import org.nnj.layers.Dense;
import org.nnj.layers.Flatten;
import org.nnj.layers.ImageShape;
import org.nnj.layers.MaxPool2D;
import org.nnj.layers.Padding;
import org.nnj.losses.Loss;
import org.nnj.optim.Adam;

/** README's graph example, line for line, builds and trains. */
class GraphReadmeTest {
    @Test
    void theReadmesGraphExampleRuns() throws Exception {
        INDArray xi = TestData.gaussian(DataType.FLOAT, 8, 784, 1, 1);
        INDArray xm = TestData.gaussian(DataType.FLOAT, 8, 3, 1, 2);
        INDArray yd = TestData.oneHot(DataType.FLOAT, 8, 10, 3);
        INDArray ys = TestData.gaussian(DataType.FLOAT, 8, 1, 1, 4);
        // README start
        GraphBuilder g = Network.graph();
        Node image = g.input("image", 1, 28, 28); // an image input (channels, height, width)
        Node meta = g.input("meta", 3); // and a flat one
        Conv2D conv = new Conv2D(new ImageShape(1, 28, 28), 8, 3, 1, Padding.SAME, Activation.relu());
        Node c = g.apply(
                new Flatten(new ImageShape(8, 14, 14)),
                g.apply(new MaxPool2D(conv.output(), 2, 2), g.apply(conv, image)));
        Node h = g.apply(new Dense(1568 + 3, 64, Activation.relu()), g.concatenate(c, meta));
        Node r = g.add(h, g.apply(new Dense(64, 64), g.apply(new Dense(64, 64, Activation.relu()), h))); // x + f(x)
        g.output("digit", g.apply(new Dense(64, 10), r), Loss.softmaxCrossEntropy())
                .output("size", g.apply(new Dense(64, 1), r), Loss.mse(), 0.5); // J = J_digit + 0.5 J_size
        Network net = g.seed(1).build();
        Dataset data = net.dataset(Map.of("image", xi, "meta", xm), Map.of("digit", yd, "size", ys));
        // README end
        Adam adam = new Adam(0.001);
        double first = net.trainStep(data.features(), data.labels(), adam);
        for (int i = 0; i < 20; i++) {
            net.trainStep(data.features(), data.labels(), adam);
        }
        assertTrue(net.loss(data.features(), data.labels()) < first);
        assertEquals(11, net.predict(data.features()).columns());

        String readme = Files.readString(Path.of("../README.md"));
        String source = Files.readString(Path.of("src/test/java/org/nnj/models/GraphReadmeTest.java"));
        String example =
                source.substring(source.indexOf("// README start\n") + 16, source.indexOf("        // README end"));
        for (String line : example.split("\n")) {
            assertTrue(readme.contains(line.substring(8)), "README lacks: " + line.strip());
        }
    }
}
