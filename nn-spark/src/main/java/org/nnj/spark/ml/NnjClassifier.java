package org.nnj.spark.ml;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.nnj.activations.Activation;
import org.nnj.init.Initializer;
import org.nnj.io.ModelFile;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.optim.Optimizer;
import org.nnj.optim.SGD;
import org.nnj.spark.Example;
import org.nnj.spark.SparkTrainer;

/**
 * A Spark ML estimator for an nn-core multilayer perceptron classifier, used like Spark's own
 * {@code MultilayerPerceptronClassifier}: {@code featuresCol} holds a vector (a
 * {@code VectorAssembler}'s output), {@code labelCol} the class index 0..k-1 as a double (a
 * {@code StringIndexer}'s output). {@link #fit} trains with {@link SparkTrainer} (exact synchronous
 * data parallelism) a network of ReLU hidden layers ({@code hiddenLayers}, He init) and a softmax
 * output under softmax cross-entropy, and returns a {@link NnjClassificationModel} whose
 * {@code transform} adds the {@code probability} (vector) and {@code prediction} (double) columns.
 */
public final class NnjClassifier extends Estimator<NnjClassificationModel> {
    private final String uid;

    private final IntArrayParam hiddenLayers;
    private final Param<String> optimizer;
    private final DoubleParam learningRate;
    private final IntParam epochs;
    private final IntParam batchSize;
    private final LongParam seed;
    private final Param<String> featuresCol;
    private final Param<String> labelCol;
    private final Param<String> predictionCol;
    private final Param<String> probabilityCol;

    public NnjClassifier() {
        this(Identifiable.randomUID("nnjClassifier"));
    }

    public NnjClassifier(String uid) {
        this.uid = uid;
        hiddenLayers = new IntArrayParam(this, "hiddenLayers", "sizes of the ReLU hidden layers");
        optimizer =
                new Param<>(this, "optimizer", "adam or sgd", ParamValidators.inArray(new String[] {"adam", "sgd"}));
        learningRate =
                new DoubleParam(this, "learningRate", "the optimizer's learning rate (> 0)", ParamValidators.gt(0));
        epochs = new IntParam(this, "epochs", "passes over the data (> 0)", ParamValidators.gt(0));
        batchSize = new IntParam(this, "batchSize", "the global minibatch (> 0)", ParamValidators.gt(0));
        seed = new LongParam(this, "seed", "seed of the initial weights and the shuffles");
        featuresCol = new Param<>(this, "featuresCol", "the features vector column");
        labelCol = new Param<>(this, "labelCol", "the class index column (0..k-1)");
        predictionCol = new Param<>(this, "predictionCol", "the predicted class index column");
        probabilityCol = new Param<>(this, "probabilityCol", "the class probabilities column");
        setDefault(hiddenLayers, new int[] {32});
        setDefault(optimizer, "adam");
        setDefault(learningRate, 0.001);
        setDefault(epochs, 10);
        setDefault(batchSize, 32);
        setDefault(seed, 0L);
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, "probability");
    }

    /** The {@code hiddenLayers} parameter (Spark ML finds parameters through such public methods). */
    public IntArrayParam hiddenLayers() {
        return hiddenLayers;
    }

    /** The {@code optimizer} parameter (Spark ML finds parameters through such public methods). */
    public Param<String> optimizer() {
        return optimizer;
    }

    /** The {@code learningRate} parameter (Spark ML finds parameters through such public methods). */
    public DoubleParam learningRate() {
        return learningRate;
    }

    /** The {@code epochs} parameter (Spark ML finds parameters through such public methods). */
    public IntParam epochs() {
        return epochs;
    }

    /** The {@code batchSize} parameter (Spark ML finds parameters through such public methods). */
    public IntParam batchSize() {
        return batchSize;
    }

    /** The {@code seed} parameter (Spark ML finds parameters through such public methods). */
    public LongParam seed() {
        return seed;
    }

    /** The {@code featuresCol} parameter (Spark ML finds parameters through such public methods). */
    public Param<String> featuresCol() {
        return featuresCol;
    }

    /** The {@code labelCol} parameter (Spark ML finds parameters through such public methods). */
    public Param<String> labelCol() {
        return labelCol;
    }

    /** The {@code predictionCol} parameter (Spark ML finds parameters through such public methods). */
    public Param<String> predictionCol() {
        return predictionCol;
    }

    /** The {@code probabilityCol} parameter (Spark ML finds parameters through such public methods). */
    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    @Override
    public String uid() {
        return uid;
    }

    public NnjClassifier setHiddenLayers(int... sizes) {
        set(hiddenLayers, sizes);
        return this;
    }

    public NnjClassifier setOptimizer(String name) {
        set(optimizer, name);
        return this;
    }

    public NnjClassifier setLearningRate(double rate) {
        set(learningRate, rate);
        return this;
    }

    public NnjClassifier setEpochs(int n) {
        set(epochs, n);
        return this;
    }

    public NnjClassifier setBatchSize(int n) {
        set(batchSize, n);
        return this;
    }

    public NnjClassifier setSeed(long s) {
        set(seed, s);
        return this;
    }

    public NnjClassifier setFeaturesCol(String c) {
        set(featuresCol, c);
        return this;
    }

    public NnjClassifier setLabelCol(String c) {
        set(labelCol, c);
        return this;
    }

    @SuppressWarnings("unchecked")
    <T> T value(Param<T> p) {
        return (T) $(p);
    }

    private int intOf(IntParam p) {
        return (Integer) $(p);
    }

    @Override
    public NnjClassificationModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String features = value(featuresCol);
        String label = value(labelCol);
        Dataset<Row> rows = dataset.select(features, label).toDF();
        Row first = rows.head();
        int inputs = ((Vector) first.get(0)).size();
        double maxLabel = rows.agg(functions.max(label)).head().getDouble(0);
        Row min = rows.agg(functions.min(label)).head();
        if (min.getDouble(0) < 0 || maxLabel != Math.rint(maxLabel)) {
            throw new IllegalArgumentException(
                    "labelCol '" + label + "' must hold class indices 0, 1, ... (a StringIndexer's output)");
        }
        int classes = (int) maxLabel + 1;
        if (classes < 2) {
            throw new IllegalArgumentException("labelCol '" + label + "' holds a single class");
        }
        JavaRDD<Example> examples = rows.toJavaRDD().map(r -> {
            double[] y = new double[classes];
            y[(int) r.getDouble(1)] = 1;
            return new Example(((Vector) r.get(0)).toArray(), y);
        });
        int[] hidden = value(hiddenLayers);
        Network.Builder b = Network.builder().seed((Long) $(seed));
        int in = inputs;
        for (int h : hidden) {
            b.add(new Dense(in, h, Activation.relu(), Initializer.he()));
            in = h;
        }
        Network net =
                b.add(new Dense(in, classes)).loss(Loss.softmaxCrossEntropy()).build();
        double lr = (Double) $(learningRate);
        Optimizer opt = value(optimizer).equals("sgd") ? new SGD(lr) : new Adam(lr);
        SparkTrainer.builder()
                .epochs(intOf(epochs))
                .batchSize(intOf(batchSize))
                .optimizer(opt)
                .seed((Long) $(seed))
                .build()
                .fit(net, examples);
        NnjClassificationModel model = new NnjClassificationModel(uid, ModelFile.toBytes(net, null, null));
        copyValues(model.setParent(this), ParamMap.empty());
        return model;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return NnjClassificationModel.outputSchema(schema, value(featuresCol), value(labelCol), null, null, true);
    }

    @Override
    public NnjClassifier copy(ParamMap extra) {
        return (NnjClassifier) defaultCopy(extra);
    }

    /** The parameter names, for messages. */
    List<String> names() {
        List<String> out = new ArrayList<>();
        for (var p : params()) {
            out.add(p.name());
        }
        return out;
    }
}
