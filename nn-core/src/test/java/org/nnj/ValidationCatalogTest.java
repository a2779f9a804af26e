package org.nnj;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.activations.Activation;
import org.nnj.data.Dataset;
import org.nnj.data.OneHot;
import org.nnj.data.Split;
import org.nnj.data.Standardizer;
import org.nnj.io.ModelFile;
import org.nnj.io.ModelFormatException;
import org.nnj.layers.Dense;
import org.nnj.layers.Dropout;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.models.Perceptron;
import org.nnj.optim.Adam;
import org.nnj.optim.SGD;
import org.nnj.train.EarlyStopping;
import org.nnj.train.GradientCheck;
import org.nnj.train.Trainer;

/**
 * The validation catalogue (the README's table): bad inputs across the public API, each rejected with
 * the documented exception whose message names the argument, leaving the network bit-identical.
 * Network-level cases on shapes, NaN/Inf, labels, batch size, rates and epochs are in BadInputTest.
 */
class ValidationCatalogTest {
    @TempDir
    static Path dir;

    static final INDArray X = TestData.gaussian(DataType.FLOAT, 10, 4, 1, 1);
    static final INDArray Y = TestData.oneHot(DataType.FLOAT, 10, 3, 2);

    interface Call {
        void run(Network n) throws Exception;
    }

    record Case(Class<? extends Exception> type, String argument, Call call) {}

    static Object[] c(String name, Class<? extends Exception> type, String argument, Call call) {
        return new Object[] {name, new Case(type, argument, call)};
    }

    static Path file(String name, byte[] content) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    static Stream<Arguments> cases() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        List<Object[]> list = List.of(
                c(
                        "trainStep with a null optimizer",
                        iae,
                        "optimizer",
                        n -> n.trainStep(X, Y, (org.nnj.optim.Optimizer) null)),
                c(
                        "fit with a null optimizer",
                        iae,
                        "optimizer",
                        n -> TestData.fit(n, X, Y, 1, 4, (org.nnj.optim.Optimizer) null, 0)),
                c("x of integers", iae, "x", n -> n.predict(Nd4j.zeros(DataType.INT32, 2, 4))),
                c("x of rank 3", iae, "x", n -> n.predict(Nd4j.zeros(DataType.FLOAT, 2, 4, 1))),
                c("y null in trainStep", iae, "y", n -> n.trainStep(X, null, 0.1)),
                c("gradients with a wrong x width", iae, "x", n -> n.gradients(Nd4j.zeros(DataType.FLOAT, 10, 3), Y)),
                c("trainer: null network", iae, "network", n -> Trainer.builder()
                        .progressBar(false)
                        .build()
                        .fit(null, Dataset.of(X, Y))),
                c("trainer: validation data of the wrong width", iae, "validationData", n -> Trainer.builder()
                        .epochs(1)
                        .validationData(
                                Dataset.of(Nd4j.zeros(DataType.FLOAT, 3, 5), TestData.oneHot(DataType.FLOAT, 3, 3, 1)))
                        .progressBar(false)
                        .build()
                        .fit(n, Dataset.of(X, Y))),
                c("trainer: validationSplit of 1", iae, "validationSplit", n -> Trainer.builder()
                        .validationSplit(1.0)),
                c("trainer: negative epochs", iae, "epochs", n -> Trainer.builder()
                        .epochs(-2)),
                c("trainer: batch size 0", iae, "batchSize", n -> Trainer.builder()
                        .batchSize(0)),
                c("trainer: both validation data and split", iae, "validationSplit", n -> Trainer.builder()
                        .validationData(Dataset.of(X, Y))
                        .validationSplit(0.2)
                        .build()),
                c("early stopping with negative patience", iae, "patience", n -> EarlyStopping.on("val_loss", -1)),
                c("early stopping on a value never computed", iae, "val_accuracy", n -> Trainer.builder()
                        .epochs(1)
                        .earlyStopping(EarlyStopping.on("val_accuracy", 2))
                        .progressBar(false)
                        .build()
                        .fit(n, Dataset.of(X, Y))),
                c("Adam with beta1 = 1", iae, "beta1", n -> new Adam(0.1, 1.0, 0.999, 1e-8)),
                c("SGD with a NaN rate", iae, "learningRate", n -> new SGD(Double.NaN)),
                c("Dense with 0 inputs", iae, "in", n -> new Dense(0, 3)),
                c("Dropout with p = 1", iae, "p", n -> new Dropout(4, 1)),
                c("LeakyReLU with negative alpha", iae, "alpha", n -> Activation.leakyRelu(-0.5)),
                c("builder: null layer", iae, "layer", n -> Network.builder().add(null)),
                c("builder: null loss", iae, "loss", n -> Network.builder().loss(null)),
                c(
                        "dataset: labels with fewer rows",
                        iae,
                        "labels",
                        n -> Dataset.of(X, TestData.oneHot(DataType.FLOAT, 9, 3, 1))),
                c(
                        "dataset: NaN feature",
                        iae,
                        "features",
                        n -> Dataset.of(new double[][] {{Double.NaN}}, new double[][] {{1}})),
                c(
                        "one-hot: class out of range",
                        iae,
                        "classes[1]",
                        n -> OneHot.encode(new int[] {0, 3}, 3, DataType.FLOAT)),
                c(
                        "stratified split of single-class data",
                        iae,
                        "single class",
                        n -> Split.stratified(
                                Dataset.classification(X, new int[10], List.of("only", "other")), 0.2, 1)),
                c("normalizer applied to the wrong width", iae, "features", n -> Standardizer.fit(X)
                        .transform(Nd4j.zeros(DataType.FLOAT, 2, 5))),
                c("perceptron labels that are not 0/1", iae, "y", n -> new Perceptron(4)
                        .fit(
                                X.castTo(DataType.DOUBLE),
                                Nd4j.createFromArray(new double[][] {{0}, {1}, {2}, {0}, {1}, {0}, {1}, {0}, {1}, {0}}),
                                1,
                                0.1)),
                c("gradient check of a float32 network", iae, "DOUBLE", n -> GradientCheck.check(n, X, Y)),
                c(
                        "load: a text file",
                        ModelFormatException.class,
                        "not an nnj model",
                        n -> ModelFile.load(file("text.nnj", "hello, this is not a model at all".getBytes()))),
                c(
                        "load: an empty file",
                        ModelFormatException.class,
                        "too short",
                        n -> ModelFile.load(file("empty.nnj", new byte[0]))),
                c("save: a null network", iae, "network", n -> ModelFile.save(dir.resolve("x.nnj"), null)));
        return list.stream().map(o -> Arguments.of(Named.of((String) o[0], o[1])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedNamingTheArgumentModelUnchanged(Case c) {
        Network net = Network.builder()
                .seed(1)
                .add(new Dense(4, 5, Activation.relu()))
                .add(new Dense(5, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        var before = TestData.snapshot(net);
        Exception e = assertThrows(c.type(), () -> c.call().run(net));
        assertTrue(
                e.getMessage() != null && e.getMessage().contains(c.argument()),
                "message should name '" + c.argument() + "': " + e.getMessage());
        assertTrue(TestData.bitIdentical(before, TestData.snapshot(net)), "the network changed");
    }
}
