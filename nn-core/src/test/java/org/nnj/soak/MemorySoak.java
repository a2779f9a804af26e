package org.nnj.soak;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.init.Initializer;
import org.nnj.kernels.Allocations;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.optim.SGD;

/**
 * Child process for {@link MemorySoakTest}: trains per-sample on a 2-3-2 network and with minibatches
 * on a 784-256-10 network, and prints the process's resident memory (JavaCPP's physicalBytes) after
 * warm-up and at the end, plus the library's INDArray allocation count. Run with a fixed, pre-touched
 * heap so that resident memory can only grow off-heap.
 *
 * <p>Arguments: per-sample steps, minibatch steps.
 */
public final class MemorySoak {
    public static void main(String[] args) {
        long perSample = Long.parseLong(args[0]);
        long minibatch = Long.parseLong(args[1]);
        Network tiny = Network.builder()
                .seed(1)
                .add(new Dense(2, 3, Activation.leakyRelu(0.01)))
                .add(new Dense(3, 2, Activation.leakyRelu(0.01)))
                .loss(Loss.mse())
                .build();
        Network mnist = Network.builder()
                .seed(1)
                .add(new Dense(784, 256, Activation.relu(), Initializer.he()))
                .add(new Dense(256, 10))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        INDArray[] xs = new INDArray[64];
        INDArray[] ys = new INDArray[64];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = TestData.gaussian(DataType.FLOAT, 1, 2, 1, i);
            ys[i] = TestData.gaussian(DataType.FLOAT, 1, 2, 1, 1000 + i);
        }
        INDArray bx = TestData.gaussian(DataType.FLOAT, 64, 784, 1, 1);
        INDArray by = TestData.oneHot(DataType.FLOAT, 64, 10, 2);
        SGD sgd = new SGD(0.001);
        SGD mnistSgd = new SGD(0.001); // an optimizer drives one network
        // warm-up: a tenth of each, but at least 20,000 and 200 steps, so that the JIT has compiled
        // every path before the first measurement (its code cache is resident memory too); repeated
        // (up to four times) until resident memory holds within 1% from one warm-up to the next, since
        // on a contended machine the JIT can finish compiling after the first one
        long warm = 0;
        for (int round = 0; round < 4; round++) {
            run(tiny, xs, ys, sgd, Math.max(perSample / 10, 20_000));
            run(mnist, new INDArray[] {bx}, new INDArray[] {by}, mnistSgd, Math.max(minibatch / 10, 200));
            System.gc();
            long now = Pointer.physicalBytes();
            boolean steady = round > 0 && now <= warm * 1.01;
            warm = now;
            if (steady) {
                break;
            }
        }
        long allocations = Allocations.count();
        run(tiny, xs, ys, sgd, perSample);
        run(mnist, new INDArray[] {bx}, new INDArray[] {by}, mnistSgd, minibatch);
        System.gc();
        long end = Pointer.physicalBytes();
        System.out.println("RESULT " + warm + " " + end + " " + (Allocations.count() - allocations));
    }

    private static void run(Network net, INDArray[] xs, INDArray[] ys, SGD sgd, long steps) {
        for (long s = 0; s < steps; s++) {
            int i = (int) (s % xs.length);
            net.trainStep(xs[i], ys[i], sgd);
        }
    }
}
