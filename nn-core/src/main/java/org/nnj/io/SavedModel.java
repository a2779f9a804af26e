package org.nnj.io;

import java.util.Optional;
import org.nnj.data.Normalizer;
import org.nnj.models.Network;

/**
 * What {@link ModelFile#load} returns: the network and, if one was saved with it, the normalizer to
 * apply to inputs before {@code predict}.
 *
 * @param network    the network, with the saved parameters
 * @param normalizer the saved normalizer, or null
 */
public record SavedModel(Network network, Normalizer normalizer) {
    public Optional<Normalizer> normalizerIfAny() {
        return Optional.ofNullable(normalizer);
    }
}
