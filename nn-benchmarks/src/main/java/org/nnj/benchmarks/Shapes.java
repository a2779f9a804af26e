package org.nnj.benchmarks;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nnj.activations.Activation;
import org.nnj.data.OneHot;
import org.nnj.init.Initializer;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.optim.AdaGrad;
import org.nnj.optim.Adam;
import org.nnj.optim.AdamW;
import org.nnj.optim.Momentum;
import org.nnj.optim.Nesterov;
import org.nnj.optim.Optimizer;
import org.nnj.optim.RMSProp;
import org.nnj.optim.SGD;

/**
 * The two benchmark shapes, built identically in nn-core and DL4J: same architecture, Xavier init,
 * loss, plain SGD, float32, and the same fixed input batch.
 */
final class Shapes {
    static final double LEARNING_RATE = 0.01;
    static final long SEED = 42;

    private Shapes() {}

    /** A fixed batch: x ~ U(0, 1) (like scaled pixels) and one-hot (or regression) targets. */
    static INDArray[] batch(String shape) {
        java.util.Random r = new java.util.Random(SEED);
        int n = shape.equals("mlp") ? 128 : 1;
        int in = shape.equals("mlp") ? 784 : 2;
        float[][] x = new float[n][in];
        for (float[] row : x) {
            for (int i = 0; i < in; i++) {
                row[i] = r.nextFloat();
            }
        }
        INDArray y;
        if (shape.equals("mlp")) {
            int[] c = new int[n];
            for (int i = 0; i < n; i++) {
                c[i] = r.nextInt(10);
            }
            y = OneHot.encode(c, 10, DataType.FLOAT);
        } else {
            y = org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][] {{1f, 0f}});
        }
        return new INDArray[] {org.nd4j.linalg.factory.Nd4j.createFromArray(x), y};
    }

    static Network nnCore(String shape) {
        if (shape.equals("mlp")) {
            return Network.builder()
                    .seed(SEED)
                    .add(new Dense(784, 256, Activation.relu(), Initializer.xavierNormal()))
                    .add(new Dense(256, 128, Activation.relu(), Initializer.xavierNormal()))
                    .add(new Dense(128, 10, Activation.identity(), Initializer.xavierNormal()))
                    .loss(Loss.softmaxCrossEntropy())
                    .build();
        }
        return Network.builder()
                .seed(SEED)
                .add(new Dense(2, 3, Activation.leakyRelu(0.01), Initializer.xavierNormal()))
                .add(new Dense(3, 2, Activation.leakyRelu(0.01), Initializer.xavierNormal()))
                .loss(Loss.mse())
                .build();
    }

    /** The optimizers the benchmarks compare, by name, with PyTorch's usual settings. */
    static final String[] OPTIMIZERS = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"};

    static Optimizer optimizer(String name) {
        return switch (name) {
            case "sgd" -> new SGD(LEARNING_RATE);
            case "momentum" -> new Momentum(LEARNING_RATE, 0.9);
            case "nesterov" -> new Nesterov(LEARNING_RATE, 0.9);
            case "adagrad" -> new AdaGrad(LEARNING_RATE);
            case "rmsprop" -> new RMSProp(0.001);
            case "adam" -> new Adam(0.001);
            case "adamw" -> new AdamW(0.001, 0.01);
            default -> throw new IllegalArgumentException("unknown optimizer " + name);
        };
    }

    /**
     * DL4J's nearest updater: it has no classical momentum (Nesterovs stands in for it) and no AdamW
     * class (Adam with decoupled weight decay is AdamW).
     */
    static IUpdater updater(String name) {
        return switch (name) {
            case "sgd" -> new Sgd(LEARNING_RATE);
            case "momentum", "nesterov" -> new Nesterovs(LEARNING_RATE, 0.9);
            case "adagrad" -> new org.nd4j.linalg.learning.config.AdaGrad(LEARNING_RATE);
            case "rmsprop" -> new RmsProp(0.001);
            case "adam", "adamw" -> new org.nd4j.linalg.learning.config.Adam(0.001);
            default -> throw new IllegalArgumentException("unknown optimizer " + name);
        };
    }

    static MultiLayerNetwork dl4j(String shape) {
        return dl4j(shape, "sgd");
    }

    static MultiLayerNetwork dl4j(String shape, String optimizer) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(SEED)
                .dataType(DataType.FLOAT)
                .updater(updater(optimizer))
                .weightInit(WeightInit.XAVIER);
        if (optimizer.equals("adamw")) {
            base.weightDecay(0.01);
        }
        NeuralNetConfiguration.ListBuilder b = base.list();
        MultiLayerConfiguration conf;
        if (shape.equals("mlp")) {
            conf = b.layer(new DenseLayer.Builder()
                            .nIn(784)
                            .nOut(256)
                            .activation(org.nd4j.linalg.activations.Activation.RELU)
                            .build())
                    .layer(new DenseLayer.Builder()
                            .nIn(256)
                            .nOut(128)
                            .activation(org.nd4j.linalg.activations.Activation.RELU)
                            .build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                            .nIn(128)
                            .nOut(10)
                            .activation(org.nd4j.linalg.activations.Activation.SOFTMAX)
                            .build())
                    .build();
        } else {
            conf = b.layer(new DenseLayer.Builder()
                            .nIn(2)
                            .nOut(3)
                            .activation(org.nd4j.linalg.activations.Activation.LEAKYRELU)
                            .build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                            .nIn(3)
                            .nOut(2)
                            .activation(org.nd4j.linalg.activations.Activation.LEAKYRELU)
                            .build())
                    .build();
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
