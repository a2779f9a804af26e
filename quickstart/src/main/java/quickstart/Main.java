package quickstart;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.activations.Activation;
import org.nnj.data.Dataset;
import org.nnj.data.Split;
import org.nnj.init.Initializer;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.metrics.Evaluation;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.train.Trainer;

public class Main {
    public static void main(String[] args) {
        // 400 points in the plane, class 1 outside the unit circle: examples are rows
        Random r = new Random(1);
        double[][] x = new double[400][2];
        int[] c = new int[400];
        for (int i = 0; i < 400; i++) {
            x[i][0] = 4 * r.nextDouble() - 2;
            x[i][1] = 4 * r.nextDouble() - 2;
            c[i] = x[i][0] * x[i][0] + x[i][1] * x[i][1] > 1 ? 1 : 0;
        }
        Split split = Split.stratified(Dataset.classification(x, c, List.of("inside", "outside")), 0.25, 1);

        Network net = Network.builder().seed(42)
                .add(new Dense(2, 16, Activation.relu(), Initializer.he()))
                .add(new Dense(16, 2))                          // logits
                .loss(Loss.softmaxCrossEntropy())               // fused softmax + cross-entropy
                .build();
        History history = Trainer.builder().epochs(100).batchSize(32).optimizer(new Adam(1e-2))
                .validationSplit(0.1).accuracy(true).build()
                .fit(net, split.train());                       // features n x 2, one-hot labels n x 2
        INDArray probabilities = net.predict(split.test().features()); // n x 2, rows sum to 1
        System.out.println("final training loss " + history.last("loss") + ", first test row " + probabilities.getRow(0));
        System.out.println(Evaluation.evaluate(net, split.test())); // accuracy, log-loss, confusion matrix
    }
}
