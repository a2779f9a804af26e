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
}
