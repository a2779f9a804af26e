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

    /** The most classes a label column may index (a network with more outputs is almost surely a mistake). */
    static final int MAX_CLASSES = 10_000;

    /**
     * Checks every row on the driver in one aggregation before any training: no nulls, one feature
     * width, labels that are exact class indices 0..k-1 with 2 <= k <= min(rows, {@value #MAX_CLASSES}).
     * Returns {inputs, classes}.
     */
    private static int[] checkRows(Dataset<Row> rows, String features, String label) {
        org.apache.spark.sql.Column y = functions.col(label);
        org.apache.spark.sql.Column width =
                functions.size(org.apache.spark.ml.functions.vector_to_array(functions.col(features), "float64"));
        Row a = rows.agg(
                        functions.count(functions.lit(1)),
                        functions.sum(functions
                                .when(functions.col(features).isNull(), 1)
                                .otherwise(0)),
                        functions.sum(functions.when(y.isNull(), 1).otherwise(0)),
                        functions.sum(functions
                                .when(
                                        y.isNotNull()
                                                .and(y.isNaN()
                                                        .or(y.notEqual(functions.rint(y)))
                                                        .or(y.lt(0))),
                                        1)
                                .otherwise(0)),
                        functions.min(y),
                        functions.max(y),
                        functions.min(functions.when(functions.col(features).isNotNull(), width)),
                        functions.max(functions.when(functions.col(features).isNotNull(), width)))
                .head();
        long n = a.getLong(0);
        if (n == 0) {
            throw new IllegalArgumentException(
                    "the dataset is empty: NnjClassifier.fit needs rows with '" + features + "' and '" + label + "'");
        }
        if (a.getLong(1) > 0) {
            throw new IllegalArgumentException("featuresCol '" + features + "' is null in " + a.getLong(1) + " of " + n
                    + " rows: drop or impute them first (na.drop, Imputer)");
        }
        if (a.getLong(2) > 0) {
            throw new IllegalArgumentException("labelCol '" + label + "' is null in " + a.getLong(2) + " of " + n
                    + " rows: drop them first (na.drop)");
        }
        if (a.getLong(3) > 0) {
            throw new IllegalArgumentException("labelCol '" + label + "' holds " + a.getLong(3)
                    + " values that are not class indices 0, 1, 2, ... (negative, fractional or NaN; min "
                    + a.getDouble(4) + ", max " + a.getDouble(5) + "): index the classes with a StringIndexer");
        }
        if (a.getInt(6) != a.getInt(7) || a.getInt(6) == 0) {
            throw new IllegalArgumentException("featuresCol '" + features + "' holds vectors of " + a.getInt(6) + " to "
                    + a.getInt(7) + " values: every row needs the same number (> 0)");
        }
        double max = a.getDouble(5);
        if (max + 1 > Math.min(n, MAX_CLASSES)) {
            throw new IllegalArgumentException("labelCol '" + label + "' holds the class index " + max + ", so "
                    + (long) Math.min(max + 1, 1e18) + " classes for " + n + " rows (at most "
                    + Math.min(n, MAX_CLASSES)
                    + "): class indices must be 0..k-1, as a StringIndexer writes them");
        }
        int classes = (int) max + 1;
        if (classes < 2) {
            throw new IllegalArgumentException(
                    "labelCol '" + label + "' holds a single class (0): a classifier needs at least two");
        }
        return new int[] {a.getInt(6), classes};
    }

    @Override
    public NnjClassificationModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String features = value(featuresCol);
        String label = value(labelCol);
        Dataset<Row> rows = dataset.select(
                        functions.col(features),
                        functions.col(label).cast("double").as(label))
                .toDF();
        int[] shape = checkRows(rows, features, label);
        int inputs = shape[0];
        int classes = shape[1];
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
