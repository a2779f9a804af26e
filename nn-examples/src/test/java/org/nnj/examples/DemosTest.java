package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.examples.DemoAssertions.checkOutput;
import static org.nnj.examples.DemoAssertions.number;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each demo on its default settings, asserting the accuracy bar it promises. */
class DemosTest {
    @TempDir
    Path tmp;

    CommonOptions options(String name) {
        return new CommonOptions(tmp.resolve(name), 1, null); // the CLI's default seed
    }

    @Test
    void irisNeuronSeparatesTheClassesWithEveryModel() throws Exception {
        IrisNeuronDemo.run(options("iris-neuron"));
        Map<String, Object> m = checkOutput(tmp.resolve("iris-neuron"), 2);
        for (String k :
                new String[] {"perceptron_accuracy", "mae_gd_accuracy", "mse_gd_accuracy", "mse_sgd_accuracy"}) {
            assertEquals(1.0, number(m, k), k);
        }
    }

    @Test
    void energyReachesTheTutorialBars() throws Exception {
        EnergyDemo.run(options("energy"));
        Map<String, Object> m = checkOutput(tmp.resolve("energy"), 3);
        assertTrue(number(m, "neuron_raw_test_accuracy") >= 0.89, m.toString());
        assertTrue(number(m, "neuron_standardized_test_accuracy") >= 0.93, m.toString());
        assertTrue(number(m, "network_test_accuracy") >= 0.99, m.toString());
    }

    @Test
    void quadrantsModernSettingLearnsTheQuadrants() throws Exception {
        QuadrantsDemo.run(options("quadrants"), QuadrantsDemo.POINTS);
        Map<String, Object> m = checkOutput(tmp.resolve("quadrants"), 5);
        assertTrue(number(m, "test_accuracy") >= 0.99, m.toString());
        double before = number(m, "tutorial_accuracy_before");
        double after = number(m, "tutorial_accuracy_after");
        assertTrue(before > 0.3 && before < 0.7, "an untrained network is near chance: " + before);
        assertTrue(after > before && after >= 0.7, "the tutorial setting learns something: " + before + " -> " + after);
    }

    @Test
    void irisThreeClassesReaches95Percent() throws Exception {
        IrisDemo.run(options("iris"));
        Map<String, Object> m = checkOutput(tmp.resolve("iris"), 2);
        assertTrue(number(m, "test_accuracy") >= 0.95, m.toString());
    }

    @Test
    void mnistDefaultReachesTheBarOnTheBundledTestSet() throws Exception {
        MnistDemo.run(options("mnist"), null, false, 256);
        Map<String, Object> m = checkOutput(tmp.resolve("mnist"), 4);
        assertTrue(number(m, "test_accuracy") >= 0.955, m.toString());
        assertTrue(number(m, "epochs") <= 20);
        // --load evaluates the saved model (with its saved input normalizer) to the same accuracy
        Map<String, Object> loaded = MnistDemo.evaluate(
                options("mnist-load"), null, tmp.resolve("mnist").resolve("model.nnj"));
        assertEquals(number(m, "test_accuracy"), number(loaded, "test_accuracy"));
        assertEquals(
                0,
                Main.run(
                                        "mnist",
                                        "--load",
                                        tmp.resolve("nope.nnj").toString(),
                                        "--out",
                                        tmp.resolve("x").toString())
                                == 0
                        ? 1
                        : 0);
    }

    @Test
    void mnistTutorialSettingLearns() throws Exception {
        MnistDemo.run(options("mnist-tutorial"), null, true, 256);
        Map<String, Object> m = checkOutput(tmp.resolve("mnist-tutorial"), 4);
        assertTrue(number(m, "test_accuracy") >= 0.7, m.toString());
    }
}
