package org.nnj.models;

import org.nnj.activations.Activation;
import org.nnj.layers.ActivationLayer;
import org.nnj.layers.Conv2D;
import org.nnj.layers.Dense;
import org.nnj.layers.Layer;
import org.nnj.losses.BinaryCrossEntropy;
import org.nnj.losses.CategoricalCrossEntropy;
import org.nnj.losses.Loss;
import org.nnj.losses.SoftmaxCrossEntropy;

/**
 * The pairs of output activation and loss that cannot learn, and the activation gradient descent
 * cannot train through: the one place both {@link SequentialBuilder#build} and {@link Neuron} (through
 * the builder) refuse them.
 *
 * <ul>
 *   <li>a softmax over one unit: it outputs the constant 1, whatever the loss;</li>
 *   <li>a softmax before {@code softmaxCrossEntropy}, which applies the softmax again (the
 *       probabilities it trains are capped at e/(e + k - 1): 0.731 for two classes);</li>
 *   <li>{@code softmaxCrossEntropy} or {@code categoricalCrossEntropy} on one output: a one-column
 *       distribution row is the constant 1, so the loss says nothing (softmax cross-entropy is 0);</li>
 *   <li>a sigmoid before {@code BinaryCrossEntropy.fromLogits()}, which applies the sigmoid again;</li>
 *   <li>the step activation anywhere in a network trained by gradient: its derivative is 0, so no
 *       parameter before it ever changes ({@link org.nnj.models.Perceptron} trains it by its own rule).</li>
 * </ul>
 */
final class OutputRules {
    private OutputRules() {}

    /** The activation a layer ends with, or null if it has none of its own. */
    static Activation activationOf(Layer layer) {
        if (layer instanceof Dense d) {
            return d.activation();
        }
        if (layer instanceof ActivationLayer a) {
            return a.activation();
        }
        if (layer instanceof Conv2D c) {
            return c.activation();
        }
        if (layer instanceof org.nnj.layers.TimeDistributed t) {
            return activationOf(t.inner());
        }
        return null;
    }

    /**
     * Throws if the network's last layer (number {@code index}) and its loss cannot learn together,
     * naming the layer, its activation, the loss and the fix.
     */
    static void requireLearnable(Layer last, int index, Loss loss) {
        Activation a = activationOf(last);
        int outputs = last.outputSize();
        String layer = "layer " + index + " " + last.name();
        boolean softmax = a == Activation.softmax();
        if (softmax && outputs == 1) {
            throw new IllegalArgumentException(layer + " is a softmax over one unit, which outputs the constant 1"
                    + " whatever loss " + loss.name() + " asks; for two classes use one sigmoid unit with"
                    + " Loss.binaryCrossEntropy() (or a linear unit with BinaryCrossEntropy.fromLogits()),"
                    + " or give the layer one unit per class");
        }
        if ((loss instanceof SoftmaxCrossEntropy || loss instanceof org.nnj.losses.SparseSoftmaxCrossEntropy)
                && softmax) {
            throw new IllegalArgumentException(layer + " applies softmax and loss " + loss.name()
                    + " applies it again (softmax twice: the probabilities cannot get near 1); make the last"
                    + " layer linear (Activation.identity()), or keep the softmax and use"
                    + " Loss.categoricalCrossEntropy()");
        }
        if ((loss instanceof SoftmaxCrossEntropy || loss instanceof CategoricalCrossEntropy) && outputs == 1) {
            throw new IllegalArgumentException(layer + " has one output, on which loss " + loss.name()
                    + " cannot learn (a one-column class distribution is always 1, so the loss says nothing);"
                    + " for two classes use BinaryCrossEntropy.fromLogits() on a linear unit (or"
                    + " Loss.binaryCrossEntropy() after a sigmoid), or give the layer one output per class");
        }
        if (loss instanceof BinaryCrossEntropy b && b.isFromLogits() && a == Activation.sigmoid()) {
            throw new IllegalArgumentException(layer + " applies the sigmoid and loss " + loss.name()
                    + " applies it again (it expects logits: the probabilities stay in [0.5, 0.731]); make the"
                    + " last layer linear (Activation.identity()), or keep the sigmoid and use"
                    + " Loss.binaryCrossEntropy()");
        }
    }

    /**
     * Throws if a layer uses the step activation, whose derivative is 0: a network trained by its
     * gradient never changes the parameters before it. Called by every gradient method of
     * {@link Network} (a network with a step can still predict).
     */
    static void requireGradientTrainable(Layer[] layers) {
        for (int i = 0; i < layers.length; i++) {
            if (activationOf(layers[i]) == Activation.step()) {
                throw new IllegalArgumentException("layer " + i + " " + layers[i].name() + " uses the step activation,"
                        + " whose derivative is 0, so training by gradient cannot change the parameters before it;"
                        + " use Activation.sigmoid(), tanh() or relu() to train by gradient, or"
                        + " org.nnj.models.Perceptron to train a step unit by the perceptron rule");
            }
        }
    }
}
