package org.nnj.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.io.Onnx;
import org.nnj.models.Network;

/**
 * Serving from a thread pool: {@code threads} threads calling nnj's {@code predict} on one network
 * at once, against the same threads calling one shared ONNX Runtime session of nnj's own export of
 * the network, in one process. The sides take turns by rounds (the order alternating), each round
 * running one side's threads for {@code millis} ms and counting the calls they finish; each round
 * prints both sides' throughput (examples per second) and their ratio nnj / ONNX Runtime (above 1:
 * nnj serves more), and the end prints the median and range of the per-round ratios (paired: both
 * sides of a round saw the same phases of the machine).
 *
 * <p>Usage, from nn-benchmarks after {@code mvn -B -o -pl nn-benchmarks -am package -DskipTests}:
 * {@code OMP_WAIT_POLICY=PASSIVE [OMP_NUM_THREADS=1] java -Xmx4g -cp "target/benchmarks.jar:target/lib/*"
 * org.nnj.benchmarks.ServingThroughput dense|lenet [batch [threads [ortIntraOpThreads [rounds
 * [millis]]]]]} (defaults 1, 8, 1, 20, 1000). Each ONNX Runtime call uses its session's intra-op
 * pool (passive waits); nnj's calls use OpenBLAS as configured (OMP_NUM_THREADS) and the second core
 * for convolutions over 8 or more examples (off with {@code -Dnnj.secondCore=false}).
 */
public final class ServingThroughput {
    private ServingThroughput() {}

    public static void main(String[] args) throws Exception {
        String model = args.length > 0 ? args[0] : "dense";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int ortThreads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        long millis = args.length > 5 ? Long.parseLong(args[5]) : 1000;

        Network network = PredictLoop.network(model);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 784);
        Path file = Files.createTempFile("nnj-serving", ".onnx");
        Onnx.export(network, null, file);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(ortThreads);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        OrtSession session = env.createSession(file.toString(), options);
        Files.delete(file);
        float[] values = x.data().asFloat();

        Runnable nnj = () -> network.predict(x);
        Runnable ort = () -> {
            try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), new long[] {batch, 784});
                    OrtSession.Result result = session.run(Map.of("input", input))) {
                result.get(0).getValue();
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        };
        for (int w = 0; w < 3; w++) { // warm-up rounds, not counted
            throughput(nnj, threads, millis, batch);
            throughput(ort, threads, millis, batch);
        }
        double[] ratios = new double[rounds];
        double[] ours = new double[rounds];
        double[] theirs = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            boolean nnjFirst = r % 2 == 0;
            double a = throughput(nnjFirst ? nnj : ort, threads, millis, batch);
            double b = throughput(nnjFirst ? ort : nnj, threads, millis, batch);
            ours[r] = nnjFirst ? a : b;
            theirs[r] = nnjFirst ? b : a;
            ratios[r] = ours[r] / theirs[r];
            System.out.printf(
                    Locale.ROOT, "round %d: nnj %.0f/s, ort %.0f/s, nnj/ort %.3f%n", r, ours[r], theirs[r], ratios[r]);
        }
        Arrays.sort(ratios);
        Arrays.sort(ours);
        Arrays.sort(theirs);
        System.out.printf(
                Locale.ROOT,
                "%nServing %s batch %d from %d threads, ONNX Runtime intra-op %d: medians nnj %.0f, ort %.0f"
                        + " examples/s; nnj/ort per round %.3f (%.2f-%.2f)%n",
                model,
                batch,
                threads,
                ortThreads,
                ours[rounds / 2],
                theirs[rounds / 2],
                ratios[rounds / 2],
                ratios[0],
                ratios[rounds - 1]);
        session.close();
        System.exit(0);
    }

    /** The serving threads, kept across rounds as a server's pool is (each keeps its thread-local buffers). */
    private static ExecutorService pool;

    /** Examples per second served by {@code threads} threads calling {@code call} for {@code millis} ms. */
    private static double throughput(Runnable call, int threads, long millis, int batch) throws Exception {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(threads);
        }
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder calls = new LongAdder();
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(pool.submit(() -> {
                start.await();
                while (!stop.get()) {
                    call.run();
                    calls.increment();
                }
                return null;
            }));
        }
        start.await();
        long begin = System.nanoTime();
        Thread.sleep(millis);
        stop.set(true);
        for (Future<?> f : running) {
            f.get();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        return calls.sum() * batch / seconds;
    }
}
