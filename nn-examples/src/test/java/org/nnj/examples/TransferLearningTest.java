package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.data.Dataset;
import org.nnj.io.ModelFile;
import org.nnj.io.SavedModel;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.metrics.Evaluation;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.train.Trainer;

/**
 * README "Freeze layers": the MNIST demo's saved model, its trunk frozen, a new head trained on 500
 * examples of another task (is the digit 5 or more?).
 */
class TransferLearningTest {
    @TempDir
    Path tmp;

    /** The same images with labels "small" (0-4) and "large" (5-9). */
    static Dataset smallOrLarge(Dataset digits, int rows) {
        int[] classes = digits.classIndices();
        int n = Math.min(rows, classes.length);
        int[] keep = IntStream.range(0, n).toArray();
        int[] large = IntStream.range(0, n).map(i -> classes[i] >= 5 ? 1 : 0).toArray();
        return Dataset.classification(digits.rows(keep).features(), large, List.of("small", "large"));
    }

    @Test
    void aFrozenMnistTrunkLearnsANewHeadFromFewExamples() throws Exception {
        CliRunner cli = new CliRunner();
        Path out = tmp.resolve("mnist");
        assertEquals(0, cli.run("mnist", "--epochs", "2", "--out", out.toString()), cli.lastError);

        SavedModel saved = ModelFile.load(out.resolve("model.nnj"));
        Network base = saved.network();
        double[] trunkBefore = base.parameters().get(0).value().dup().data().asDouble();
        Network tuned = Network.builder()
                .add(base.layer(0)) // Dense(784→256, relu), shared with its trained weights
                .add(base.layer(1)) // Dropout, off in a frozen trunk
                .add(new Dense(256, 2))
                .freeze(0, 2)
                .loss(Loss.softmaxCrossEntropy())
                .seed(7)
                .build();
        MnistData.Split data = MnistData.load(null);
        Dataset train = smallOrLarge(data.train(), 500);
        Dataset test = smallOrLarge(data.test(), Integer.MAX_VALUE);
        train = train.withFeatures(saved.normalizerIfAny().orElseThrow().transform(train.features()));
        test = test.withFeatures(saved.normalizerIfAny().orElseThrow().transform(test.features()));
        Trainer.builder()
                .epochs(20)
                .batchSize(32)
                .optimizer(new Adam(0.003))
                .seed(1)
                .progressBar(false)
                .build()
                .fit(tuned, train);

        double accuracy = Evaluation.evaluate(tuned, test).accuracy();
        assertTrue(accuracy >= 0.9, "accuracy " + accuracy);
        assertArrayEquals(trunkBefore, base.parameters().get(0).value().data().asDouble(), "the frozen trunk");
    }
}
