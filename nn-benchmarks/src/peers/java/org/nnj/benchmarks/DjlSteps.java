package org.nnj.benchmarks;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * The benchmark networks in DJL on its PyTorch engine, trained the way DJL's own {@code EasyTrain}
 * trains one batch: a {@link GradientCollector} around forward, loss and backward, then {@link
 * Trainer#step()} (the optimizer's update of every parameter). Each step's intermediate arrays live
 * in a sub-manager closed at the end of the step, as {@code EasyTrain}'s batch manager is.
 *
 * <p>Loss: softmax cross-entropy on logits with one-hot targets, {@code L = -(1/N) Σ_n Σ_c y_nc
 * log softmax(z_n)_c}, the same targets and mean as nn-core's {@code Loss.softmaxCrossEntropy()}.
 */
final class DjlSteps implements AutoCloseable {
    private final NDManager manager;
    private final Model model;
    private final Trainer trainer;
    private final NDArray x;
    private final NDArray y;

    /**
     * @param shape "mlp" (784-256-128-10 ReLU) or "lenet" (conv 5x5x8 same, ReLU, max-pool 2, conv
     *     5x5x16 valid, ReLU, max-pool 2, dense 120 ReLU, dense 10)
     * @param optimizer "sgd" (learning rate 0.01) or "adam" (0.001, betas 0.9/0.999, eps 1e-8)
     * @param features the batch, row-major, {@code rows x 784}
     * @param targets one-hot targets, row-major, {@code rows x 10}
     */
    DjlSteps(String shape, String optimizer, float[] features, float[] targets, int rows) {
        manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
        Shape in = shape.equals("mlp") ? new Shape(rows, 784) : new Shape(rows, 1, 28, 28);
        x = manager.create(features, in);
        y = manager.create(targets, new Shape(rows, 10));
        model = Model.newInstance(shape, "PyTorch");
        model.setBlock(shape.equals("mlp") ? mlp() : lenet());
        DefaultTrainingConfig config = new DefaultTrainingConfig(
                        new SoftmaxCrossEntropyLoss("loss", 1f, -1, false, true))
                .optOptimizer(optimizer(optimizer));
        trainer = model.newTrainer(config);
        trainer.initialize(in);
    }

    static SequentialBlock mlp() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(256).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(128).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(10).build());
    }

    static SequentialBlock lenet() {
        return new SequentialBlock()
                .add(Conv2d.builder()
                        .setKernelShape(new Shape(5, 5))
                        .setFilters(8)
                        .optPadding(new Shape(2, 2))
                        .build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(16).build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(120).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(10).build());
    }

    static Optimizer optimizer(String name) {
        return switch (name) {
            case "sgd" -> Optimizer.sgd()
                    .setLearningRateTracker(Tracker.fixed((float) Shapes.LEARNING_RATE))
                    .build();
            case "adam" -> Optimizer.adam()
                    .optLearningRateTracker(Tracker.fixed(0.001f))
                    .build();
            default -> throw new IllegalArgumentException("unknown optimizer " + name);
        };
    }

    /** One training step: forward, loss, backward, update. */
    void step() {
        stepAndLoss(false);
    }

    /** One training step, returning the batch's loss before the update. */
    float stepAndLoss() {
        return stepAndLoss(true);
    }

    private float stepAndLoss(boolean read) {
        float value = Float.NaN;
        try (NDManager sub = manager.newSubManager()) {
            x.tempAttach(sub);
            y.tempAttach(sub);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(new NDList(x));
                NDArray loss = trainer.getLoss().evaluate(new NDList(y), predictions);
                collector.backward(loss);
                if (read) {
                    value = loss.getFloat();
                }
            }
            trainer.step();
        }
        return value;
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
        manager.close();
    }
}
