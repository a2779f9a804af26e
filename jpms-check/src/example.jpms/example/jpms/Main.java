package example.jpms;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.activations.Activation;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.optim.Adam;

/** Builds a small network, takes a few Adam steps on XOR and prints the loss before and after. */
public class Main {
    public static void main(String[] args) {
        Network net = Network.builder()
                .seed(1)
                .add(new Dense(2, 8, Activation.tanh()))
                .add(new Dense(8, 1))
                .loss(Loss.mse())
                .build();
        INDArray x = Nd4j.createFromArray(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}).castTo(net.dataType());
        INDArray y = Nd4j.createFromArray(new double[][] {{0}, {1}, {1}, {0}}).castTo(net.dataType());
        double before = net.loss(x, y);
        Adam adam = new Adam(0.05);
        for (int i = 0; i < 300; i++) {
            net.trainStep(x, y, adam);
        }
        double after = net.loss(x, y);
        System.out.println("module " + Network.class.getModule().getName() + ": loss " + before + " -> " + after);
        if (!(after < before / 10)) {
            throw new AssertionError("training did not reduce the loss: " + before + " -> " + after);
        }
    }
}
