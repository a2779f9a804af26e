package org.nnj.examples;

import java.util.List;
import java.util.Map;
import org.nnj.activations.Activation;
import org.nnj.data.Dataset;
import org.nnj.data.Standardizer;
import org.nnj.init.Initializer;
import org.nnj.layers.Conv2D;
import org.nnj.layers.Dense;
import org.nnj.layers.Dropout;
import org.nnj.layers.Flatten;
import org.nnj.layers.ImageShape;
import org.nnj.layers.MaxPool2D;
import org.nnj.layers.Padding;
import org.nnj.losses.Loss;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.train.Trainer;

/**
 * The mnist command's recipes, shared with nn-spark's mnist commands: the input normalization, the
 * networks (the default 784-256-10 with dropout, 784-128-10 for "sgd", LeNet), the shifted-copies
 * augmentation, the mathspp tutorial's per-sample SGD, and the two-phase run that picks the epochs on
 * a validation split and retrains on all the training data.
 */
public final class MnistRecipe {
    private MnistRecipe() {}

    static final int EPOCHS = 20;

    /** The classic MNIST input normalization, as a normalizer so that it is saved with the model. */
    public static final Standardizer INPUTS = new Standardizer(filled(784, 0.1307), filled(784, 0.3081));

    static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** A normalized pixel that was 0 (the background), the fill of a shifted image's uncovered border. */
    static final float BACKGROUND = (float) (-0.1307 / 0.3081);

    /**
     * The examples and, after them, a copy of each shifted by a random whole number of pixels in
     * [-2, 2] along each axis (seeded), the uncovered border filled with the background: the usual
     * augmentation for digits, which are not always centred.
     */
    static Dataset withShiftedCopies(Dataset d, int side, long seed) {
        float[][] x = d.features().toFloatMatrix();
        float[][] all = new float[2 * x.length][];
        java.util.Random r = org.nnj.Seeds.random(seed ^ 0x5f3759dfL);
        for (int i = 0; i < x.length; i++) {
            all[i] = x[i];
            int dx = r.nextInt(5) - 2;
            int dy = r.nextInt(5) - 2;
            float[] shifted = new float[side * side];
            for (int y = 0; y < side; y++) {
                for (int c = 0; c < side; c++) {
                    int sy = y - dy;
                    int sc = c - dx;
                    shifted[y * side + c] =
                            sy >= 0 && sy < side && sc >= 0 && sc < side ? x[i][sy * side + sc] : BACKGROUND;
                }
            }
            all[x.length + i] = shifted;
        }
        return new Dataset(
                org.nd4j.linalg.factory.Nd4j.createFromArray(all),
                org.nd4j.linalg.factory.Nd4j.vstack(d.labels(), d.labels()),
                d.featureNames(),
                d.classNames());
    }

    /** The network of a recipe: the LeNet, 784-128-10 for "sgd", else the default dense one. */
    static Network network(long seed, int hidden, boolean cnn, String recipe) {
        if (cnn) {
            return cnnNetwork(seed);
        }
        if (recipe.equals("sgd")) {
            return Network.builder()
                    .seed(seed)
                    .add(new Dense(784, 128, Activation.relu(), Initializer.he()))
                    .add(new Dense(128, 10))
                    .loss(Loss.softmaxCrossEntropy())
                    .build();
        }
        return defaultNetwork(seed, hidden);
    }

    /** Adam 0.001, or for the "sgd" recipe SGD with momentum 0.9 at learning rate 0.1. */
    static org.nnj.optim.Optimizer optimizer(String recipe) {
        return recipe.equals("sgd") ? new org.nnj.optim.Momentum(0.1, 0.9) : new Adam(0.001);
    }

    public static Network defaultNetwork(long seed, int hidden) {
        return Network.builder()
                .seed(seed)
                .add(new Dense(784, hidden, Activation.relu(), Initializer.he()))
                .add(new Dropout(hidden, 0.3))
                .add(new Dense(hidden, 10))
                .loss(Loss.softmaxCrossEntropy())
                .build();
    }

    /** Epochs the convolutional recipe may train for, at most, while validation picks the best. */
    static final int CNN_EPOCHS = 15;

    /**
     * LeNet-style: conv 5x5x8 (same padding), ReLU, max-pool 2, conv 5x5x16, ReLU, max-pool 2, dense
     * 120 ReLU, dense 10; softmax cross-entropy.
     */
    static Network cnnNetwork(long seed) {
        ImageShape in = new ImageShape(1, 28, 28);
        Conv2D c1 = new Conv2D(in, 8, 5, 1, Padding.SAME, Activation.relu(), Initializer.heUniform());
        MaxPool2D p1 = new MaxPool2D(c1.output(), 2);
        Conv2D c2 = new Conv2D(p1.output(), 16, 5, 1, Padding.VALID, Activation.relu(), Initializer.heUniform());
        MaxPool2D p2 = new MaxPool2D(c2.output(), 2);
        return Network.builder()
                .seed(seed)
                .inputShape(1, 28, 28)
                .add(c1)
                .add(p1)
                .add(c2)
                .add(p2)
                .add(new Flatten(p2.output()))
                .add(new Dense(p2.output().size(), 120, Activation.relu(), Initializer.he()))
                .add(new Dense(120, 10))
                .loss(Loss.softmaxCrossEntropy())
                .build();
    }

    /** A trained network, its history (the validation run's, for the two-phase recipe) and its epochs. */
    record Trained(Network net, History history, int epochs) {}

    /** The mathspp tutorial: 784-16-16-10 LeakyReLU(0.01), MSE on one-hot targets, per-sample SGD 0.03. */
    static Trained tutorial(Dataset train, int epochs, long seed, Map<String, Object> config) {
        Network net = Network.builder()
                .seed(seed)
                .add(new Dense(784, 16, Activation.leakyRelu(0.01), Initializer.xavierNormal()))
                .add(new Dense(16, 16, Activation.leakyRelu(0.01), Initializer.xavierNormal()))
                .add(new Dense(16, 10, Activation.leakyRelu(0.01), Initializer.xavierNormal()))
                .loss(Loss.mse())
                .build();
        History history = Trainer.builder()
                .epochs(epochs)
                .batchSize(1)
                .optimizer(new org.nnj.optim.SGD(0.03))
                .validationSplit(0.1)
                .accuracy(true)
                .seed(seed)
                .build()
                .fit(net, train);
        config.put(
                "network",
                "784-16-16-10 LeakyReLU(0.01), MSE on one-hot targets, per-sample SGD lr 0.03, " + epochs
                        + " epoch(s) (the mathspp tutorial)");
        config.put("inputs", "pixels / 255");
        return new Trained(net, history, epochs);
    }

    /**
     * Phase 1 picks the number of epochs (at most {@code epochs}) by validation accuracy on 10% of the
     * training data, split off before any augmentation; phase 2 trains the same recipe on all the
     * training data for that many epochs. {@code side} > 0 adds shifted copies of the images of that side.
     */
    static Trained chosenEpochs(
            Dataset train,
            int epochs,
            long seed,
            int hidden,
            boolean cnn,
            String recipe,
            int side,
            Map<String, Object> config) {
        boolean augment = side > 0;
        // Phase 1: pick the number of epochs on a validation split of the training data.
        Network probe = network(seed, hidden, cnn, recipe);
        // The validation rows are split off before any augmentation, so no shifted copy of one is trained on.
        org.nnj.data.Split split = org.nnj.data.Split.stratified(train, 0.1, seed);
        History history = Trainer.builder()
                .epochs(epochs)
                .batchSize(64)
                .optimizer(optimizer(recipe))
                .validationData(split.test())
                .accuracy(true)
                .seed(seed)
                .build()
                .fit(probe, augment ? withShiftedCopies(split.train(), side, seed) : split.train());
        List<Double> val = history.get("val_accuracy");
        int best = 1
                + val.indexOf(
                        val.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        // Phase 2: the same recipe on all the training data for that many epochs.
        Network net = network(seed, hidden, cnn, recipe);
        Trainer.builder()
                .epochs(best)
                .batchSize(64)
                .optimizer(optimizer(recipe))
                .seed(seed)
                .build()
                .fit(net, augment ? withShiftedCopies(train, side, seed) : train);
        config.put(
                "network",
                cnn
                        ? "LeNet: conv 5x5x8 same, ReLU, max-pool 2, conv 5x5x16, ReLU, max-pool 2, dense 120 ReLU,"
                                + " dense 10; softmax cross-entropy, Adam 0.001, batch 64"
                        : recipe.equals("sgd")
                                ? "784-128-10, ReLU, softmax cross-entropy, SGD with momentum (lr 0.1, 0.9),"
                                        + " batch 64"
                                : "784-" + hidden + "-10, ReLU, dropout 0.3, softmax cross-entropy, Adam 0.001,"
                                        + " batch 64");
        config.put("inputs", "pixels / 255, then (x - 0.1307) / 0.3081 (global MNIST mean and std)");
        config.put(
                "epochs_chosen",
                "best validation accuracy within " + epochs + " epochs: epoch " + best + "; then retrained on all "
                        + train.size() + " training examples for " + best + " epochs");
        return new Trained(net, history, best);
    }
}
