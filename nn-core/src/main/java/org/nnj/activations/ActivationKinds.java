package org.nnj.activations;

import java.util.List;
import org.nnj.Kind;

/**
 * The list of built-in activation kinds behind {@link Activation#kinds()} and
 * {@link Activation#fromSpec}; a holder of its own, so that it is built only once every activation
 * class (whose {@code KIND} it lists) is initialized.
 */
final class ActivationKinds {
    static final List<Kind<? extends Activation>> ALL = List.of(
            Identity.KIND,
            Step.KIND,
            Sigmoid.KIND,
            Tanh.KIND,
            ReLU.KIND,
            Softmax.KIND,
            LeakyReLU.KIND,
            ELU.KIND,
            SELU.KIND,
            Softplus.KIND,
            Softsign.KIND,
            HardSigmoid.KIND,
            GELU.KIND,
            GELUTanh.KIND,
            SiLU.KIND);

    private ActivationKinds() {}

    /** The kind named {@code name}. */
    static Kind<? extends Activation> named(String name) {
        for (Kind<? extends Activation> k : ALL) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; the model format knows "
                + ALL.stream().map(Kind::name).toList());
    }
}
