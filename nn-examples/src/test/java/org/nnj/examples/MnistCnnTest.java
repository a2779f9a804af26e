package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.examples.DemoAssertions.checkOutput;
import static org.nnj.examples.DemoAssertions.number;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.data.Dataset;
import org.nnj.io.ModelFile;
import org.nnj.layers.Conv2D;

/** mnist --cnn: the LeNet demo's outputs, its saved model, and the shifted copies it trains on. */
class MnistCnnTest {
    @TempDir
    Path tmp;

    @Test
    void theConvolutionalDemoWritesTheDemoOutputsAndItsFilters() throws Exception {
        Path out = tmp.resolve("cnn");
        CliRunner cli = new CliRunner();
        assertEquals(0, cli.run("mnist", "--cnn", "--epochs", "1", "--out", out.toString()), cli.lastError);
        Map<String, Object> m = checkOutput(out, 5); // loss, accuracy, confusion, misclassified, filters
        assertTrue(number(m, "test_accuracy") > 0.85, m.toString());
        assertTrue(Files.size(out.resolve("filters.png")) > 1000);
        assertTrue(m.get("config").toString().contains("shifted"), "augmentation is on by default with --cnn");
        assertTrue(ModelFile.load(out.resolve("model.nnj")).network().layer(0) instanceof Conv2D);
        Path loaded = tmp.resolve("loaded");
        assertEquals(0, cli.run("mnist", "--load", out.resolve("model.nnj").toString(), "--out", loaded.toString()));
        assertEquals(number(m, "test_accuracy"), number(DemoAssertions.metrics(loaded), "test_accuracy"), 1e-12);
        assertEquals(
                2,
                cli.run(
                        "mnist",
                        "--tutorial",
                        "--augment",
                        "--out",
                        tmp.resolve("x").toString()));
        assertEquals(
                2,
                cli.run(
                        "mnist",
                        "--cnn",
                        "--hidden",
                        "64",
                        "--out",
                        tmp.resolve("x").toString()));
    }

    @Test
    void shiftedCopiesKeepEveryInkPixelOfACentredDigit() throws Exception {
        MnistData.Split data = MnistData.load(null);
        Dataset few = MnistRecipe.INPUTS.transform(data.train()).rows(new int[] {0, 1, 2, 3, 4});
        Dataset twice = MnistRecipe.withShiftedCopies(few, 28, 1);
        assertEquals(10, twice.size());
        assertArrayEquals(
                few.labels().toFloatMatrix(),
                twice.labels().getRows(5, 6, 7, 8, 9).toFloatMatrix());
        for (int i = 0; i < 5; i++) {
            float[] original = twice.features().getRow(i).toFloatVector();
            float[] shifted = twice.features().getRow(5 + i).toFloatVector();
            assertArrayEquals(few.features().getRow(i).toFloatVector(), original, 0);
            // MNIST digits sit in a 20x20 box with 4 background pixels around it: a shift of 2 loses no ink
            assertEquals(ink(original), ink(shifted), 1e-3);
        }
    }

    static double ink(float[] image) {
        double sum = 0;
        for (float v : image) {
            sum += v - MnistRecipe.BACKGROUND;
        }
        return sum;
    }
}
