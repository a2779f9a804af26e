package org.nnj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.data.Dataset;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.metrics.Evaluation;
import org.nnj.metrics.RegressionMetrics;
import org.nnj.models.Network;

class CrossValidationTest {
    @Test
    void meanAndSampleStdAreHandComputed() {
        CrossValidation.Result r = CrossValidation.summarize(
                List.of(Map.of("a", 1.0, "b", 10.0), Map.of("a", 2.0, "b", 10.0), Map.of("a", 4.0, "b", 10.0)));
        assertEquals(7.0 / 3, r.mean().get("a"), 1e-15);
        // deviations -4/3, -1/3, 5/3: squares sum to 42/9; / (3 - 1) = 7/3
        assertEquals(Math.sqrt(7.0 / 3), r.std().get("a"), 1e-15);
        assertEquals(0, r.std().get("b"), 0);
        assertEquals(3, r.folds().size());
    }

    /** Folds that report different metric names are refused naming the fold and the metric, not an NPE. */
    @Test
    void summarizeRefusesFoldsWithDifferentMetricNames() {
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class,
                () -> CrossValidation.summarize(List.of(Map.of("accuracy", 0.9, "loss", 0.2), Map.of("loss", 0.3))));
        assertTrue(missing.getMessage().contains("fold 1 misses metric 'accuracy'"), missing.getMessage());
        IllegalArgumentException extra = assertThrows(
                IllegalArgumentException.class,
                () -> CrossValidation.summarize(List.of(Map.of("loss", 0.2), Map.of("loss", 0.3, "f1", 0.5))));
        assertTrue(extra.getMessage().contains("fold 1 reports metric 'f1'"), extra.getMessage());
        java.util.Map<String, Double> nullValue = new java.util.HashMap<>();
        nullValue.put("loss", null);
        IllegalArgumentException none = assertThrows(
                IllegalArgumentException.class,
                () -> CrossValidation.summarize(List.of(Map.of("loss", 0.2), nullValue)));
        assertTrue(none.getMessage().contains("fold 1 has no value for metric 'loss'"), none.getMessage());
        assertEquals(
                0.25,
                CrossValidation.summarize(List.of(Map.of("loss", 0.2), Map.of("loss", 0.3)))
                        .mean()
                        .get("loss"),
                1e-15);
    }

    @Test
    void everyExampleIsTestedOnceAndClassesStayBalanced() {
        Dataset data = Dataset.classification(
                TestData.gaussian(DataType.FLOAT, 60, 3, 1, 1), classes(60), List.of("a", "b", "c"));
        List<Integer> testSizes = new ArrayList<>();
        Set<Float> seen = new HashSet<>();
        CrossValidation.Result r = CrossValidation.run(data, 5, 7, (train, test) -> {
            testSizes.add(test.size());
            for (int i = 0; i < test.size(); i++) {
                seen.add(test.features().getFloat(i, 0));
            }
            assertEquals(60, train.size() + test.size());
            int[] counts = new int[3];
            for (int c : test.classIndices()) {
                counts[c]++;
            }
            assertEquals(List.of(4, 4, 4), List.of(counts[0], counts[1], counts[2]));
            Network net = Network.builder()
                    .seed(1)
                    .add(new Dense(3, 3, Activation.identity()))
                    .loss(Loss.softmaxCrossEntropy())
                    .build();
            Trainer.builder().epochs(2).progressBar(false).build().fit(net, train);
            Evaluation e = Evaluation.evaluate(net, test);
            return Map.of("accuracy", e.accuracy(), "log_loss", e.logLoss());
        });
        assertEquals(List.of(12, 12, 12, 12, 12), testSizes);
        assertEquals(60, seen.size(), "each example is in exactly one test fold");
        assertEquals(Set.of("accuracy", "log_loss"), r.mean().keySet());
        assertTrue(r.toString().contains("±"));
    }

    @Test
    void regressionDataIsDealtRandomlyAndBadUsesAreRefused() {
        Dataset data = Dataset.of(
                TestData.gaussian(DataType.FLOAT, 30, 2, 1, 3), TestData.gaussian(DataType.FLOAT, 30, 1, 1, 4));
        CrossValidation.Result r = CrossValidation.run(data, 3, 1, (train, test) -> {
            Network net = Network.builder()
                    .seed(1)
                    .add(new Dense(2, 1))
                    .loss(Loss.mse())
                    .build();
            Trainer.builder().epochs(3).progressBar(false).build().fit(net, train);
            return Map.of("rmse", RegressionMetrics.evaluate(net, test).rmse());
        });
        assertEquals(3, r.folds().size());
        assertThrows(IllegalArgumentException.class, () -> CrossValidation.run(data, 1, 1, (a, b) -> Map.of()));
        int[] calls = {0};
        assertThrows(
                IllegalArgumentException.class,
                () -> CrossValidation.run(data, 3, 1, (a, b) -> calls[0]++ == 0 ? Map.of("x", 1.0) : Map.of("y", 1.0)));
    }

    static int[] classes(int n) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            c[i] = i % 3;
        }
        return c;
    }
}
