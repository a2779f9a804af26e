package org.nnj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nnj.activations.Activation;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.models.Network;

/** Issue 15, item 20: seeds that differ only above bit 47 give different runs; small seeds are unchanged. */
class SeedsTest {
    static double firstWeight(long seed) {
        Network n = Network.builder()
                .seed(seed)
                .add(new Dense(3, 2, Activation.tanh()))
                .loss(Loss.mse())
                .build();
        return n.parameters().get(0).value().getDouble(0);
    }

    @Test
    void everyBitOfTheSeedCounts() {
        assertNotEquals(firstWeight(7), firstWeight(7 | 1L << 50));
        assertNotEquals(firstWeight(7), firstWeight(7 | 1L << 63));
    }

    @Test
    void seedsBelow2To48AreUsedAsJavaUtilRandomWould() {
        for (long seed : new long[] {0, 1, 42, (1L << 48) - 1}) {
            assertEquals(new Random(seed).nextLong(), Seeds.random(seed).nextLong());
        }
    }
}
