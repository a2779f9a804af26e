package org.nnj.benchmarks;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.transformer.TransformerEncoderBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.models.Network;
import org.nnj.optim.Adam;

/**
 * nn-core's transformer encoder block step ({@link TransformerBlockBenchmark#block}) against DJL's
 * {@code TransformerEncoderBlock} (same post-LN structure, 4 heads, d 64, feed-forward 256, dropout 0)
 * on PyTorch 2.7, then a per-token Linear(10) and sparse softmax cross-entropy per token, Adam 1e-3,
 * batch 64 x 64 tokens, same data; sides taking turns in one process as {@link DjlAlternating}.
 * DJL's block projects Q, K and V with three Linear layers where nn-core packs them in one product
 * (the same multiply-adds).
 *
 * <p>Usage, from nn-benchmarks after {@code mvn -B -Ppeers -pl nn-benchmarks -am package
 * -DskipTests}: {@code OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE java -Xmx4g -Dai.djl.offline=true -cp
 * "target/benchmarks.jar:target/lib/*" org.nnj.benchmarks.DjlTransformer [rounds [turns [warmup]]]}.
 */
public final class DjlTransformer implements AutoCloseable {
    private final NDManager manager;
    private final Model model;
    private final Trainer trainer;
    private final NDArray x;
    private final NDArray y;

    DjlTransformer(float[] features, float[] targets) {
        int b = TransformerBlockBenchmark.BATCH;
        int t = TransformerBlockBenchmark.TIME;
        int d = TransformerBlockBenchmark.D;
        manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
        x = manager.create(features, new Shape(b, t, d));
        y = manager.create(targets, new Shape(b, t));
        model = Model.newInstance("transformer", "PyTorch");
        model.setBlock(new SequentialBlock()
                .add(new TransformerEncoderBlock(
                        d,
                        TransformerBlockBenchmark.HEADS,
                        TransformerBlockBenchmark.HIDDEN,
                        0f,
                        Activation::relu))
                .add(Linear.builder()
                        .setUnits(TransformerBlockBenchmark.CLASSES)
                        .build()));
        DefaultTrainingConfig config = new DefaultTrainingConfig(
                        new SoftmaxCrossEntropyLoss("loss", 1f, -1, true, true))
                .optOptimizer(DjlSteps.optimizer("adam"));
        trainer = model.newTrainer(config);
        trainer.initialize(new Shape(b, t, d));
    }

    void step() {
        try (NDManager sub = manager.newSubManager()) {
            x.tempAttach(sub);
            y.tempAttach(sub);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(new NDList(x));
                NDArray loss = trainer.getLoss().evaluate(new NDList(y), predictions);
                collector.backward(loss);
            }
            trainer.step();
        }
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
        manager.close();
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int turns = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        for (String[] p : new String[][] {
            {"ai.djl.offline", "true"}, {"ai.djl.pytorch.num_threads", "1"}, {"ai.djl.pytorch.num_interop_threads", "1"}
        }) {
            if (System.getProperty(p[0]) == null) {
                System.setProperty(p[0], p[1]);
            }
        }
        INDArray[] batch = TransformerBlockBenchmark.batch();
        Network network = TransformerBlockBenchmark.block(org.nnj.activations.Activation.relu());
        Adam adam = new Adam(0.001);
        try (DjlTransformer djl = new DjlTransformer(
                batch[0].dup().data().asFloat(), batch[1].dup().data().asFloat())) {
            System.out.printf(
                    Locale.ROOT,
                    "transformer block: batch 64 x 64 tokens, d 64, 4 heads, ff 256; %d rounds x %d turns, warm-up %d;"
                            + " PyTorch intra-op %d, inter-op %d; OpenBLAS %d; OMP_NUM_THREADS=%s%n",
                    rounds,
                    turns,
                    warmup,
                    ai.djl.pytorch.jni.JniUtils.getNumThreads(),
                    ai.djl.pytorch.jni.JniUtils.getNumInteropThreads(),
                    org.bytedeco.openblas.global.openblas_nolapack.blas_get_num_threads(),
                    System.getenv("OMP_NUM_THREADS"));
            Runnable nnj = () -> network.trainStep(batch[0], batch[1], adam);
            for (int i = 0; i < warmup; i++) {
                nnj.run();
                djl.step();
            }
            DjlAlternating.run(new Runnable[] {nnj, djl::step}, rounds, turns);
        }
    }
}
