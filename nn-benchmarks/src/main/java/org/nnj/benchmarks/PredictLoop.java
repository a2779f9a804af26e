package org.nnj.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.activations.Activation;
import org.nnj.init.Initializer;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.models.Network;

/**
 * A loop of {@code predict} calls on one network for a profiler to sample (JFR: {@code java
 * -XX:StartFlightRecording=duration=60s,filename=x.jfr -cp target/benchmarks.jar
 * org.nnj.benchmarks.PredictLoop lenet 1 30}), printing the median call per second of calls. Not a
 * comparison: for those, {@link AlternatingInferenceBenchmark}.
 *
 * <p>Usage: {@code PredictLoop dense|lenet batch seconds}.
 */
public final class PredictLoop {
    private PredictLoop() {}

    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "lenet";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 30;
        Network network = network(model);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 784);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long[] times = new long[1 << 20];
        while (System.nanoTime() < end) {
            long second = System.nanoTime() + 1_000_000_000L;
            int n = 0;
            while (System.nanoTime() < second && n < times.length) {
                long start = System.nanoTime();
                network.predict(x);
                times[n++] = System.nanoTime() - start;
            }
            long[] s = Arrays.copyOf(times, n);
            Arrays.sort(s);
            System.out.printf(Locale.ROOT, "%s batch %d: %d calls, median %.1f us%n", model, batch, n, s[n / 2] / 1e3);
        }
    }

    /** {@code dense} (784-256-10, ReLU, softmax) or {@code lenet} ({@link ConvStepBenchmark#lenet()}). */
    static Network network(String model) {
        return model.equals("lenet")
                ? ConvStepBenchmark.lenet()
                : Network.builder()
                        .seed(1)
                        .add(new Dense(784, 256, Activation.relu(), Initializer.he()))
                        .add(new Dense(256, 10))
                        .loss(Loss.softmaxCrossEntropy())
                        .build();
    }
}
