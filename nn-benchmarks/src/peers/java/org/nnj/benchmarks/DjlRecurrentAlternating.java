package org.nnj.benchmarks;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.models.Network;
import org.nnj.optim.Adam;

/**
 * nn-core's recurrent training step ({@link RecurrentStepBenchmark}'s: LSTM or GRU, batch 64, 32
 * steps, 128 features, 128 units, last state, Dense 128-10, softmax cross-entropy, Adam 0.001)
 * against the same network in PyTorch 2.7 through DJL ({@code nn.recurrent.LSTM}/{@code GRU},
 * batch-first, the last step, {@code Linear(10)}), trained as {@link DjlSteps} trains: taking turns
 * step by step in one process as {@link DjlAlternating} does, each round printing both medians and
 * the ratio nnj/djl (below 1: nn-core faster), the end their summary.
 *
 * <p>Usage, after {@code mvn -B -Ppeers -pl nn-benchmarks -am package -DskipTests}, from
 * nn-benchmarks: {@code java -Xmx4g -Dai.djl.offline=true -cp "target/benchmarks.jar:target/lib/*"
 * org.nnj.benchmarks.DjlRecurrentAlternating lstm|gru [rounds [turns [warmup]]]}.
 */
public final class DjlRecurrentAlternating {
    private static final int BATCH = RecurrentStepBenchmark.BATCH;
    private static final int TIME = RecurrentStepBenchmark.TIME;
    private static final int FEATURES = RecurrentStepBenchmark.FEATURES;
    private static final int UNITS = RecurrentStepBenchmark.UNITS;
    private static final int CLASSES = RecurrentStepBenchmark.CLASSES;

    private DjlRecurrentAlternating() {}

    public static void main(String[] args) {
        String cell = args.length > 0 ? args[0] : "lstm";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int turns = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, TIME * FEATURES).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, CLASSES);
        for (int i = 0; i < BATCH; i++) {
            y.putScalar(i, i % CLASSES, 1);
        }
        Network network = Network.builder()
                .seed(1)
                .add(cell.equals("lstm")
                        ? new org.nnj.layers.LSTM(new org.nnj.layers.SequenceShape(TIME, FEATURES), UNITS, false)
                        : new org.nnj.layers.GRU(new org.nnj.layers.SequenceShape(TIME, FEATURES), UNITS, false))
                .add(new org.nnj.layers.Dense(UNITS, CLASSES))
                .loss(org.nnj.losses.Loss.softmaxCrossEntropy())
                .build();
        Adam adam = new Adam(1e-3);
        try (NDManager manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
                Model model = Model.newInstance(cell, "PyTorch")) {
            NDArray dx = manager.create(x.dup().data().asFloat(), new Shape(BATCH, TIME, FEATURES));
            NDArray dy = manager.create(y.dup().data().asFloat(), new Shape(BATCH, CLASSES));
            SequentialBlock block = new SequentialBlock()
                    .add(cell.equals("lstm")
                            ? LSTM.builder()
                                    .setStateSize(UNITS)
                                    .setNumLayers(1)
                                    .optBatchFirst(true)
                                    .optReturnState(false)
                                    .build()
                            : GRU.builder()
                                    .setStateSize(UNITS)
                                    .setNumLayers(1)
                                    .optBatchFirst(true)
                                    .optReturnState(false)
                                    .build())
                    .add(new LambdaBlock(list -> new NDList(list.head().get(":, -1, :"))))
                    .add(Linear.builder().setUnits(CLASSES).build());
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(
                    new DefaultTrainingConfig(new SoftmaxCrossEntropyLoss("loss", 1f, -1, false, true))
                            .optOptimizer(DjlSteps.optimizer("adam")))) {
                trainer.initialize(new Shape(BATCH, TIME, FEATURES));
                Runnable djl = () -> {
                    try (NDManager sub = manager.newSubManager()) {
                        dx.tempAttach(sub);
                        dy.tempAttach(sub);
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDList predictions = trainer.forward(new NDList(dx));
                            collector.backward(trainer.getLoss().evaluate(new NDList(dy), predictions));
                        }
                        trainer.step();
                    }
                };
                Runnable ours = () -> network.trainStep(x, y, adam);
                for (int i = 0; i < warmup; i++) {
                    ours.run();
                    djl.run();
                }
                System.out.printf(
                        Locale.ROOT,
                        "%s: batch %d, %d steps, %d features, %d units; %d rounds x %d turns; PyTorch threads %d%n",
                        cell,
                        BATCH,
                        TIME,
                        FEATURES,
                        UNITS,
                        rounds,
                        turns,
                        ai.djl.pytorch.jni.JniUtils.getNumThreads());
                DjlAlternating.run(new Runnable[] {ours, djl}, rounds, turns); // prints microseconds
            }
        }
    }
}
