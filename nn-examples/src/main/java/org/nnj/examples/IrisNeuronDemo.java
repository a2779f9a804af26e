package org.nnj.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.data.CsvTable;
import org.nnj.data.Dataset;
import org.nnj.losses.Loss;
import org.nnj.metrics.Evaluation;
import org.nnj.models.History;
import org.nnj.models.Neuron;
import org.nnj.models.Perceptron;
import org.nnj.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The artificial-neuron tutorial on Iris: setosa vs versicolor from sepal length and petal length.
 * Trains the step perceptron (perceptron rule), then a sigmoid neuron with MAE (full-batch gradient
 * descent), MSE (full batch) and MSE with minibatch SGD (batch 32, lr 0.5, reshuffled every epoch).
 * Like the tutorial it has no held-out set: accuracies are measured on the 100 training points.
 */
@Command(name = "iris-neuron", description = "Perceptron and sigmoid neuron on Iris setosa vs versicolor (tutorial 1).")
public final class IrisNeuronDemo implements Callable<Integer> {
    static final int FULL_BATCH_EPOCHS = 300;
    static final int SGD_EPOCHS = 50;

    @Mixin
    CommonOptions options = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        Map<String, Object> m = run(options);
        System.out.printf(
                "accuracy: perceptron %.3f, MAE GD %.3f, MSE GD %.3f, MSE SGD %.3f -> %s%n",
                m.get("perceptron_accuracy"),
                m.get("mae_gd_accuracy"),
                m.get("mse_gd_accuracy"),
                m.get("mse_sgd_accuracy"),
                options.out("iris-neuron").toAbsolutePath());
        return 0;
    }

    /** The two-class, two-feature data of the tutorial (float64), labels n x 1 (1 = versicolor). */
    static Dataset data() throws Exception {
        CsvTable table = Resources.csv("iris.csv");
        int sepal = table.column("sepal_length_cm");
        int petal = table.column("petal_length_cm");
        int species = table.column("species");
        List<double[]> x = new ArrayList<>();
        List<double[]> y = new ArrayList<>();
        for (int r = 0; r < table.rowCount(); r++) {
            String s = table.cell(r, species);
            if (s.equals("setosa") || s.equals("versicolor")) {
                x.add(new double[] {Double.parseDouble(table.cell(r, sepal)), Double.parseDouble(table.cell(r, petal))
                });
                y.add(new double[] {s.equals("versicolor") ? 1 : 0});
            }
        }
        return new Dataset(
                Nd4j.createFromArray(x.toArray(new double[0][])),
                Nd4j.createFromArray(y.toArray(new double[0][])),
                List.of("sepal_length_cm", "petal_length_cm"),
                List.of());
    }

    static Map<String, Object> run(CommonOptions options) throws Exception {
        long started = System.nanoTime();
        Output out = options.output("iris-neuron").open();
        int fullEpochs = options.epochs(FULL_BATCH_EPOCHS);
        int sgdEpochs = options.epochs(SGD_EPOCHS);
        Dataset data = data();
        INDArray x = data.features();
        INDArray y = data.labels();

        Perceptron perceptron = new Perceptron(2);
        History hp = perceptron.fit(x, y, fullEpochs, 0.1);
        double perceptronAcc = accuracy(perceptron.predict(x), y);

        Map<String, Neuron> neurons = new LinkedHashMap<>();
        Map<String, History> histories = new LinkedHashMap<>();
        String[] names = {"MAE, full-batch GD", "MSE, full-batch GD", "MSE, SGD batch 32"};
        Loss[] losses = {Loss.mae(), Loss.mse(), Loss.mse()};
        int[] epochs = {fullEpochs, fullEpochs, sgdEpochs};
        int[] batches = {data.size(), data.size(), 32};
        for (int i = 0; i < names.length; i++) {
            Neuron neuron = new Neuron(2, losses[i], options.seed, DataType.DOUBLE);
            neurons.put(names[i], neuron);
            histories.put(
                    names[i],
                    Trainer.builder()
                            .epochs(epochs[i])
                            .batchSize(batches[i])
                            .learningRate(0.5)
                            .seed(options.seed)
                            .build()
                            .fit(neuron.network(), x, y));
        }

        Map<String, Double> accuracies = new LinkedHashMap<>();
        accuracies.put("perceptron", perceptronAcc);
        for (var e : neurons.entrySet()) {
            accuracies.put(e.getKey(), accuracy(e.getValue().classify(x), y));
        }

        XYChart chart = Plots.scatter(
                "Iris: setosa vs versicolor and each model's boundary", "sepal length (cm)", "petal length (cm)");
        List<Double> sx0 = new ArrayList<>();
        List<Double> sy0 = new ArrayList<>();
        List<Double> sx1 = new ArrayList<>();
        List<Double> sy1 = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            (y.getDouble(i, 0) == 1 ? sx1 : sx0).add(x.getDouble(i, 0));
            (y.getDouble(i, 0) == 1 ? sy1 : sy0).add(x.getDouble(i, 1));
        }
        Plots.points(chart, "setosa", sx0, sy0, Plots.PALETTE[0], 7);
        Plots.points(chart, "versicolor", sx1, sy1, Plots.PALETTE[1], 7);
        INDArray w = perceptron.weights();
        Plots.line(
                chart,
                "perceptron",
                w.getDouble(0, 0),
                w.getDouble(0, 1),
                perceptron.bias().getDouble(0, 0),
                4,
                7.5,
                0.5,
                5.5,
                Plots.PALETTE[2]);
        int color = 3;
        for (var e : neurons.entrySet()) {
            INDArray nw = e.getValue().weights();
            Plots.line(
                    chart,
                    e.getKey(),
                    nw.getDouble(0, 0),
                    nw.getDouble(0, 1),
                    e.getValue().bias().getDouble(0, 0),
                    4,
                    7.5,
                    0.5,
                    5.5,
                    Plots.PALETTE[color++]);
        }
        Plots.save(chart, out.file("boundaries.png"));

        Map<String, List<Double>> costs = new LinkedHashMap<>();
        costs.put("perceptron (error rate)", hp.loss());
        histories.forEach((k, h) -> costs.put(k, h.loss()));
        Plots.lines(out.file("cost.png"), "Cost per epoch", "epoch", "cost", costs);

        Map<String, Object> metrics = new LinkedHashMap<>();
        double worst = accuracies.values().stream()
                .mapToDouble(Double::doubleValue)
                .min()
                .orElse(0);
        metrics.put("test_accuracy", worst);
        metrics.put("train_accuracy", worst);
        metrics.put("perceptron_accuracy", perceptronAcc);
        metrics.put("mae_gd_accuracy", accuracies.get("MAE, full-batch GD"));
        metrics.put("mse_gd_accuracy", accuracies.get("MSE, full-batch GD"));
        metrics.put("mse_sgd_accuracy", accuracies.get("MSE, SGD batch 32"));
        metrics.put("perceptron_epochs", hp.epochs());
        metrics.put("epochs", fullEpochs);
        metrics.put("seconds", (System.nanoTime() - started) / 1e9);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("features", data.featureNames());
        config.put(
                "note",
                "no held-out set, as in the tutorial: test_accuracy is the lowest accuracy of the four models on the 100 points");
        config.put("perceptron", "perceptron rule, lr 0.1, zero init, stops after an epoch without mistakes");
        config.put("neuron_full_batch", "sigmoid unit, lr 0.5, batch 100, " + fullEpochs + " epochs");
        config.put(
                "neuron_sgd", "sigmoid unit, MSE, lr 0.5, batch 32, " + sgdEpochs + " epochs, reshuffled each epoch");
        config.put("seed", options.seed);
        metrics.put("config", config);
        out.metrics(metrics);
        return metrics;
    }

    static double accuracy(INDArray predicted, INDArray labels) {
        return Evaluation.of(predicted.castTo(DataType.DOUBLE), labels.castTo(DataType.DOUBLE), List.of())
                .accuracy();
    }
}
