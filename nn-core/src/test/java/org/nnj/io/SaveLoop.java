package org.nnj.io;

import java.nio.file.Path;
import org.nnj.activations.Activation;
import org.nnj.layers.Dense;
import org.nnj.layers.Parameter;
import org.nnj.losses.Loss;
import org.nnj.models.Network;

/**
 * Child process for {@link ModelFileTest}: saves version 1, 2, 3, ... of a model to one path, forever,
 * printing each version number once it is saved. Version k has every parameter equal to k.
 */
public final class SaveLoop {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Network net = network();
        for (int version = 1; ; version++) {
            for (Parameter p : net.parameters()) {
                p.value().assign(version);
            }
            ModelFile.save(file, net);
            System.out.println(version);
            System.out.flush();
        }
    }

    /** About 0.8 MB on disk, so that a kill often lands inside a write. */
    static Network network() {
        return Network.builder()
                .seed(1)
                .add(new Dense(784, 256, Activation.relu()))
                .add(new Dense(256, 10))
                .loss(Loss.softmaxCrossEntropy())
                .build();
    }
}
