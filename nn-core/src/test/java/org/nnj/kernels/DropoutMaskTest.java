package org.nnj.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The branch-free mask ({@code u ≥ ⌈p·2⁵³⌉} on the generator's raw bits) is exactly the mask of
 * {@code nextDouble() >= p ? 1/(1-p) : 0}, element for element, in both types and at extreme rates.
 */
class DropoutMaskTest {
    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1e-17, 0.1, 0.3, 0.5, 1.0 / 3, 0.999999})
    void sameMaskAsNextDouble(double p) {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Matrix mask = Matrix.allocate(type, 64, 257);
            Elementwise.dropoutMask(mask, new SplittableRandom(42), p);
            SplittableRandom reference = new SplittableRandom(42);
            double keep = 1 / (1 - p);
            int kept = 0;
            for (int i = 0; i < mask.size(); i++) {
                double expected = reference.nextDouble() >= p ? keep : 0;
                if (type == DataType.FLOAT) {
                    expected = (float) expected;
                }
                assertEquals(expected, mask.get(i), 0.0, "p " + p + ", " + type + ", element " + i);
                kept += mask.get(i) != 0 ? 1 : 0;
            }
            if (p == 0.5) { // and it is a coin toss: 16448 draws, 8224 expected
                assertEquals(mask.size() / 2.0, kept, 300);
            }
        }
    }
}
