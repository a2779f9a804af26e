package org.nnj.benchmarks;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nnj.init.Initializer;
import org.nnj.layers.Conv2D;
import org.nnj.layers.Dense;
import org.nnj.layers.Flatten;
import org.nnj.layers.ImageShape;
import org.nnj.layers.MaxPool2D;
import org.nnj.layers.Padding;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One LeNet training step at batch 64 (the {@code mnist --cnn} network: conv 5x5x8 same, ReLU,
 * max-pool 2, conv 5x5x16, ReLU, max-pool 2, dense 120 ReLU, dense 10 softmax; Adam 0.001; float32):
 * nn-core, DL4J's ConvolutionLayer/SubsamplingLayer network of the same shape, and the GEMM-only
 * bound: the step's matrix products as one OpenBLAS call each over the whole batch (im2col's column
 * matrices preallocated, no im2col, pooling, activation or update), which no im2col implementation
 * on this BLAS can beat.
 *
 * <p>Timed one by one ({@code SampleTime}): JMH reports the median (p0.50) beside the mean.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx4g"})
public class ConvStepBenchmark {
    static final int BATCH = 64;

    private Network network;
    private Adam adam;
    private MultiLayerNetwork dl4j;
    private INDArray x;
    private INDArray y;
    private final List<Runnable> gemms = new ArrayList<>();
    private final List<INDArray> keep = new ArrayList<>();

    static Network lenet() {
        ImageShape in = new ImageShape(1, 28, 28);
        Conv2D c1 =
                new Conv2D(in, 8, 5, 1, Padding.SAME, org.nnj.activations.Activation.relu(), Initializer.heUniform());
        MaxPool2D p1 = new MaxPool2D(c1.output(), 2);
        Conv2D c2 = new Conv2D(
                p1.output(), 16, 5, 1, Padding.VALID, org.nnj.activations.Activation.relu(), Initializer.heUniform());
        MaxPool2D p2 = new MaxPool2D(c2.output(), 2);
        return Network.builder()
                .seed(Shapes.SEED)
                .inputShape(1, 28, 28)
                .add(c1)
                .add(p1)
                .add(c2)
                .add(p2)
                .add(new Flatten(p2.output()))
                .add(new Dense(400, 120, org.nnj.activations.Activation.relu(), Initializer.he()))
                .add(new Dense(120, 10))
                .loss(Loss.softmaxCrossEntropy())
                .build();
    }

    static MultiLayerNetwork dl4jLenet() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(Shapes.SEED)
                .dataType(DataType.FLOAT)
                .updater(new org.nd4j.linalg.learning.config.Adam(0.001))
                .weightInit(WeightInit.RELU)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5)
                        .nIn(1)
                        .nOut(8)
                        .stride(1, 1)
                        .convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU)
                        .build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2)
                        .stride(2, 2)
                        .build())
                .layer(new ConvolutionLayer.Builder(5, 5)
                        .nOut(16)
                        .stride(1, 1)
                        .activation(Activation.RELU)
                        .build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2)
                        .stride(2, 2)
                        .build())
                .layer(new DenseLayer.Builder()
                        .nOut(120)
                        .activation(Activation.RELU)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(10)
                        .activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private FloatBuffer buffer(int rows, int cols) {
        INDArray a = Nd4j.rand(DataType.FLOAT, rows, cols);
        keep.add(a);
        return a.data().asNioFloat();
    }

    /** The step's products, one sgemm each over the whole batch (the bound), into {@link #gemms}. */
    List<Runnable> boundProducts() {
        int p1 = BATCH * 28 * 28;
        int p2 = BATCH * 10 * 10;
        gemm(false, false, 8, p1, 25); // conv1 forward: W (8 x 25) cols (25 x N·784)
        gemm(false, true, 8, 25, p1); // conv1 dW = dZ colsᵀ
        gemm(false, false, 16, p2, 200); // conv2 forward
        gemm(false, true, 16, 200, p2); // conv2 dW
        gemm(true, false, 200, p2, 16); // conv2 dcols = Wᵀ dZ
        gemm(false, true, BATCH, 120, 400); // dense1 forward
        gemm(true, false, 120, 400, BATCH); // dense1 dW
        gemm(false, false, BATCH, 400, 120); // dense1 dX
        gemm(false, true, BATCH, 10, 120); // dense2 forward
        gemm(true, false, 10, 120, BATCH); // dense2 dW
        gemm(false, false, BATCH, 120, 10); // dense2 dX
        return gemms;
    }

    /** {@code C (m x n) = op(A) op(B)} as one sgemm on fresh buffers. */
    private void gemm(boolean ta, boolean tb, int m, int n, int k) {
        FloatBuffer a = ta ? buffer(k, m) : buffer(m, k);
        FloatBuffer b = tb ? buffer(n, k) : buffer(k, n);
        FloatBuffer c = buffer(m, n);
        gemms.add(() -> cblas_sgemm(
                CblasRowMajor,
                ta ? CblasTrans : CblasNoTrans,
                tb ? CblasTrans : CblasNoTrans,
                m,
                n,
                k,
                1f,
                a,
                ta ? m : k,
                b,
                tb ? k : n,
                0f,
                c,
                n));
    }

    @Setup
    public void setUp() {
        x = Nd4j.rand(DataType.FLOAT, BATCH, 784);
        y = Nd4j.zeros(DataType.FLOAT, BATCH, 10);
        for (int i = 0; i < BATCH; i++) {
            y.putScalar(i, i % 10, 1);
        }
        network = lenet();
        adam = new Adam(0.001);
        dl4j = dl4jLenet();
        boundProducts();
    }

    @Benchmark
    public double nnCore() {
        return network.trainStep(x, y, adam);
    }

    @Benchmark
    public MultiLayerNetwork dl4j() {
        dl4j.fit(x, y);
        return dl4j;
    }

    @Benchmark
    public int gemmBound() {
        for (Runnable g : gemms) {
            g.run();
        }
        return gemms.size();
    }
}
