package org.nnj.spark.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.io.ModelFile;
import org.nnj.io.ModelFormatException;
import org.nnj.models.Network;

/**
 * A trained {@link NnjClassifier}: {@code transform} appends {@code probability} (a vector of class
 * probabilities) and {@code prediction} (the most probable class index, as a double), computing the
 * rows of each partition 1024 at a time. {@code write().save(dir)} writes {@code dir/model.nnj} (an
 * nn-core model file, which {@code ModelFile.load} reads anywhere) and {@code dir/params.txt};
 * {@link #load} reads it back. Saving works on local and mounted paths.
 */
public final class NnjClassificationModel extends Model<NnjClassificationModel> implements MLWritable {
    static final int BATCH = 1024;

    private final String uid;
    private final byte[] model;

    private final Param<String> featuresCol;
    private final Param<String> predictionCol;
    private final Param<String> probabilityCol;

    NnjClassificationModel(String uid, byte[] model) {
        this.uid = uid;
        this.model = model;
        featuresCol = new Param<>(this, "featuresCol", "the features vector column");
        predictionCol = new Param<>(this, "predictionCol", "the predicted class index column");
        probabilityCol = new Param<>(this, "probabilityCol", "the class probabilities column");
        setDefault(featuresCol, "features");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, "probability");
    }

    /** The {@code featuresCol} parameter (Spark ML finds parameters through such public methods). */
    public Param<String> featuresCol() {
        return featuresCol;
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

    /** The trained network (a new copy each call). */
    public Network network() {
        try {
            return ModelFile.fromBytes(model, uid).network();
        } catch (ModelFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T value(Param<T> p) {
        return (T) $(p);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        String features = value(featuresCol);
        int at = dataset.schema().fieldIndex(features);
        byte[] bytes = model;
        String name = uid;
        MapPartitionsFunction<Row, Row> score = rows -> scorePartition(rows, bytes, name, at);
        return dataset.toDF().mapPartitions(score, Encoders.row(out));
    }

    private static Iterator<Row> scorePartition(Iterator<Row> rows, byte[] bytes, String name, int at)
            throws ModelFormatException {
        if (!rows.hasNext()) {
            return java.util.Collections.emptyIterator();
        }
        Network net = ModelFile.fromBytes(bytes, name).network();
        List<Row> out = new ArrayList<>();
        List<Row> batch = new ArrayList<>(BATCH);
        while (rows.hasNext()) {
            batch.add(rows.next());
            if (batch.size() == BATCH || !rows.hasNext()) {
                double[][] x = new double[batch.size()][];
                for (int i = 0; i < x.length; i++) {
                    x[i] = ((Vector) batch.get(i).get(at)).toArray();
                    if (x[i].length != net.inputSize()) {
                        throw new IllegalArgumentException("a features vector has " + x[i].length
                                + " values but the model takes " + net.inputSize());
                    }
                }
                INDArray p = net.predict(Nd4j.createFromArray(x).castTo(net.dataType()));
                for (int i = 0; i < x.length; i++) {
                    double[] probs = p.getRow(i).toDoubleVector();
                    int best = 0;
                    for (int k = 1; k < probs.length; k++) {
                        if (probs[k] > probs[best]) {
                            best = k;
                        }
                    }
                    Row r = batch.get(i);
                    Object[] values = new Object[r.size() + 2];
                    for (int c = 0; c < r.size(); c++) {
                        values[c] = r.get(c);
                    }
                    values[r.size()] = Vectors.dense(probs);
                    values[r.size() + 1] = (double) best;
                    out.add(RowFactory.create(values));
                }
                batch.clear();
            }
        }
        return out.iterator();
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return outputSchema(schema, value(featuresCol), null, value(probabilityCol), value(predictionCol), false);
    }

    /**
     * Checks the input columns (features a vector; label, if named, numeric) and, for a model,
     * appends the probability and prediction columns.
     */
    static StructType outputSchema(
            StructType schema, String features, String label, String probability, String prediction, boolean fitting) {
        if (!List.of(schema.fieldNames()).contains(features)) {
            throw new IllegalArgumentException("no features column '" + features + "' in " + schema.simpleString());
        }
        if (!schema.apply(features).dataType().equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException(
                    "features column '" + features + "' must be a vector (use a" + " VectorAssembler), got "
                            + schema.apply(features).dataType().simpleString());
        }
        if (fitting) {
            if (!List.of(schema.fieldNames()).contains(label)) {
                throw new IllegalArgumentException("no label column '" + label + "' in " + schema.simpleString());
            }
            if (!schema.apply(label).dataType().equals(DataTypes.DoubleType)) {
                throw new IllegalArgumentException("label column '" + label
                        + "' must hold class indices as doubles (use a StringIndexer), got "
                        + schema.apply(label).dataType().simpleString());
            }
            return schema;
        }
        for (String c : List.of(probability, prediction)) {
            if (List.of(schema.fieldNames()).contains(c)) {
                throw new IllegalArgumentException("the output column '" + c + "' already exists");
            }
        }
        return schema.add(new StructField(probability, SQLDataTypes.VectorType(), false, null))
                .add(new StructField(prediction, DataTypes.DoubleType, false, null));
    }

    @Override
    public NnjClassificationModel copy(ParamMap extra) {
        NnjClassificationModel copy = new NnjClassificationModel(uid, model);
        return copyValues(copy, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                try {
                    Path dir = Path.of(path);
                    Files.createDirectories(dir);
                    ModelFile.save(dir.resolve("model.nnj"), network());
                    String params = "uid=" + uid + "\nfeaturesCol=" + value(featuresCol) + "\npredictionCol="
                            + value(predictionCol) + "\nprobabilityCol=" + value(probabilityCol) + "\n";
                    Files.writeString(dir.resolve("params.txt"), params, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot save the model to " + path + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /** Reads a model written by {@code write().save(dir)}. */
    public static NnjClassificationModel load(String path) {
        return read().load(path);
    }

    /** The reader Spark ML's persistence looks up by reflection. */
    public static MLReader<NnjClassificationModel> read() {
        return new MLReader<>() {
            @Override
            public NnjClassificationModel load(String path) {
                try {
                    Path dir = Path.of(path);
                    java.util.Properties p = new java.util.Properties();
                    try (var in = Files.newBufferedReader(dir.resolve("params.txt"), StandardCharsets.UTF_8)) {
                        p.load(in);
                    }
                    byte[] bytes = Files.readAllBytes(dir.resolve("model.nnj"));
                    ModelFile.fromBytes(bytes, dir.resolve("model.nnj").toString()); // checked here, once
                    NnjClassificationModel m = new NnjClassificationModel(p.getProperty("uid"), bytes);
                    m.set(m.featuresCol, p.getProperty("featuresCol"));
                    m.set(m.predictionCol, p.getProperty("predictionCol"));
                    m.set(m.probabilityCol, p.getProperty("probabilityCol"));
                    return m;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot load a model from " + path + ": " + e.getMessage(), e);
                }
            }
        };
    }
}
