package org.nnj.benchmarks;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.models.Network;

/**
 * Inference against PyTorch 2.7 through DJL, in one process, taking turns call by call (the order
 * alternating): nnj's {@code predict} and DJL's forward pass of the same architecture ({@link
 * DjlSteps#mlp()}-style dense 784-256-10 or {@link DjlSteps#lenet()}; its own random weights, so
 * only the times compare), in inference mode, with the softmax and the probabilities copied back to
 * a Java array, as {@code predict} returns them. A round is {@code turns} turns; each prints both
 * sides' medians and their ratio nnj / DJL (below 1: nnj faster); the end prints the median and range
 * of the per-round ratios.
 *
 * <p>Usage, from nn-benchmarks after {@code mvn -B -o -Ppeers -pl nn-benchmarks -am package
 * -DskipTests}: {@code OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=1 java -Xmx4g -Dai.djl.offline=true
 * -Dnnj.secondCore=false -Dai.djl.pytorch.num_threads=1 -cp "target/benchmarks.jar:target/lib/*"
 * org.nnj.benchmarks.DjlInference dense|lenet batch [rounds [turns]]}.
 */
public final class DjlInference {
    private DjlInference() {}

    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "lenet";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int turns = args.length > 3 ? Integer.parseInt(args[3]) : Math.max(20, 20000 / batch);
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        Network network = PredictLoop.network(model);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 784);
        float[] values = x.data().asFloat();
        boolean lenet = model.equals("lenet");
        Shape in = lenet ? new Shape(batch, 1, 28, 28) : new Shape(batch, 784);
        try (NDManager manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
                Model djl = Model.newInstance(model, "PyTorch")) {
            djl.setBlock(lenet ? DjlSteps.lenet() : dense());
            djl.getBlock().initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, in);
            NDArray input = manager.create(values, in);
            ParameterStore store = new ParameterStore(manager, false);
            Runnable ours = () -> network.predict(x);
            Runnable theirs = () -> {
                try (NDManager sub = manager.newSubManager()) {
                    input.tempAttach(sub);
                    NDList out = djl.getBlock().forward(store, new NDList(input), false);
                    out.singletonOrThrow().softmax(1).toFloatArray();
                }
            };
            long[][] t = new long[2][turns];
            for (int w = 0; w < Math.max(200, 2 * turns); w++) {
                ours.run();
                theirs.run();
            }
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < turns; i++) {
                    for (int s = 0; s < 2; s++) {
                        int side = (i + s) % 2;
                        long start = System.nanoTime();
                        (side == 0 ? ours : theirs).run();
                        t[side][i] = System.nanoTime() - start;
                    }
                }
                double a = median(t[0]);
                double b = median(t[1]);
                ratios[r] = a / b;
                System.out.printf(
                        Locale.ROOT,
                        "round %d: nnj %.1f us, djl %.1f us, nnj/djl %.3f%n",
                        r,
                        a / 1e3,
                        b / 1e3,
                        ratios[r]);
            }
            Arrays.sort(ratios);
            System.out.printf(
                    Locale.ROOT,
                    "%nInference %s batch %d against DJL (PyTorch %s threads): nnj/djl per round %.3f (%.2f-%.2f)%n",
                    model,
                    batch,
                    System.getProperty("ai.djl.pytorch.num_threads"),
                    ratios[rounds / 2],
                    ratios[0],
                    ratios[rounds - 1]);
        }
    }

    /** 784-256-10 with a ReLU, as {@link PredictLoop#network}'s dense model. */
    static ai.djl.nn.SequentialBlock dense() {
        return new ai.djl.nn.SequentialBlock()
                .add(ai.djl.nn.core.Linear.builder().setUnits(256).build())
                .add(ai.djl.nn.Activation.reluBlock())
                .add(ai.djl.nn.core.Linear.builder().setUnits(10).build());
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
