package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nnj.losses.Loss;
import org.nnj.models.Network;

/** Issue 15, item 1: a layer with more weights than one array can address is refused, not zero-filled. */
class HugeLayerTest {
    @Test
    void aLayerTooLargeToAddressIsRefusedWithItsSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Network.builder()
                .add(new Dense(47000, 47000))
                .loss(Loss.mse())
                .build());
        assertTrue(e.getMessage().contains("47000 x 47000") && e.getMessage().contains("MiB"), e.getMessage());
    }

    @Test
    void aNetworkLargerThanTheFreeMemoryIsRefusedBeforeAllocating() {
        // Each 46000 x 46000 layer fits one array (2.1e9 elements) but needs 15.8 GiB with its gradient:
        // stack enough of them to exceed the free memory of whatever machine runs this.
        long free = org.bytedeco.javacpp.Pointer.availablePhysicalBytes();
        org.junit.jupiter.api.Assumptions.assumeTrue(free > 0, "the free memory is known (Linux, macOS, Windows)");
        long perLayer = 2L * 46000 * 46000 * 4;
        Network.Builder b = Network.builder().loss(Loss.mse());
        for (long i = 0; i <= Math.max(1, free / perLayer); i++) {
            b.add(new Dense(46000, 46000));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("MiB free"), e.getMessage());
    }
}
