package org.nnj.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.io.ModelFile;
import org.nnj.models.Network;
import org.nnj.spark.ml.NnjClassificationModel;
import org.nnj.spark.ml.NnjClassifier;

/** NnjClassifier in a Spark ML Pipeline on Iris: StringIndexer, VectorAssembler, StandardScaler, nnj. */
class NnjClassifierTest {
    static JavaSparkContext sc;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        sc = LocalSpark.start(2, 1);
        spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static Dataset<Row> iris() throws Exception {
        Path csv = Path.of(NnjClassifierTest.class.getResource("/iris.csv").toURI());
        return spark.read()
                .option("header", "true")
                .option("inferSchema", "true")
                .csv(csv.toString());
    }

    @Test
    void fitsAndTransformsInsideAPipeline(@TempDir Path dir) throws Exception {
        Dataset<Row> data = iris();
        Dataset<Row>[] parts = data.randomSplit(new double[] {0.8, 0.2}, 7);
        NnjClassifier nnj = new NnjClassifier()
                .setHiddenLayers(16)
                .setEpochs(60)
                .setBatchSize(16)
                .setLearningRate(0.01)
                .setSeed(3)
                .setFeaturesCol("scaled")
                .setLabelCol("label");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new StringIndexer().setInputCol("species").setOutputCol("label"),
            new VectorAssembler()
                    .setInputCols(
                            new String[] {"sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"})
                    .setOutputCol("raw"),
            new StandardScaler().setInputCol("raw").setOutputCol("scaled"),
            nnj
        });
        PipelineModel model = pipeline.fit(parts[0].repartition(2));
        Dataset<Row> scored = model.transform(parts[1]);
        assertTrue(List.of(scored.columns()).containsAll(List.of("probability", "prediction")));
        List<Row> rows = scored.select("label", "prediction", "probability").collectAsList();
        long right = rows.stream().filter(r -> r.getDouble(0) == r.getDouble(1)).count();
        assertTrue(right >= 0.85 * rows.size(), right + " of " + rows.size());
        Vector p = (Vector) rows.get(0).get(2);
        assertEquals(3, p.size());
        assertEquals(1, p.toArray()[0] + p.toArray()[1] + p.toArray()[2], 1e-5);

        // saving writes an nn-core model file that nn-core loads and that predicts the same
        NnjClassificationModel trained = (NnjClassificationModel) model.stages()[3];
        Path saved = dir.resolve("nnj");
        trained.write().save(saved.toString());
        Network net = ModelFile.load(saved.resolve("model.nnj")).network();
        Row first = scored.select("scaled", "probability").head();
        double[] x = ((Vector) first.get(0)).toArray();
        double[] expected = ((Vector) first.get(1)).toArray();
        double[] actual = net.predict(Nd4j.createFromArray(new double[][] {x}).castTo(net.dataType()))
                .toDoubleVector();
        assertArrayEquals(expected, actual, 1e-6);
        NnjClassificationModel reloaded = NnjClassificationModel.load(saved.toString());
        Row again = reloaded.transform(scored.select("scaled").limit(1)).head();
        assertArrayEquals(expected, ((Vector) again.getAs("probability")).toArray(), 1e-6);
    }

    @Test
    void wrongColumnsAreNamed() throws Exception {
        Dataset<Row> data = iris();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new NnjClassifier().setFeaturesCol("nope").fit(data));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
        IllegalArgumentException notVector = assertThrows(
                IllegalArgumentException.class,
                () -> new NnjClassifier().setFeaturesCol("sepal_length_cm").fit(data));
        assertTrue(notVector.getMessage().contains("VectorAssembler"), notVector.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NnjClassifier().setEpochs(0));
    }

    static Dataset<Row> frame(Object[][] rows) {
        List<Row> list = new java.util.ArrayList<>();
        for (Object[] r : rows) {
            list.add(org.apache.spark.sql.RowFactory.create(r));
        }
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("features", new org.apache.spark.ml.linalg.VectorUDT(), true)
                .add("label", org.apache.spark.sql.types.DataTypes.DoubleType, true);
        return spark.createDataFrame(list, schema);
    }

    static Vector v(double... x) {
        return org.apache.spark.ml.linalg.Vectors.dense(x);
    }

    /** Round three, item 17 and 21: labels that are not class indices, empty frames, nulls, on the driver. */
    @Test
    void labelsThatAreNotClassIndicesAndMissingValuesAreRefusedBeforeTraining() {
        Object[][][] bad = {
            {{v(0, 1), 0.0}, {v(1, 0), 0.5}, {v(1, 1), 1.0}}, // 0.5 trained as class 0 before
            {{v(0, 1), 0.0}, {v(1, 0), 3e9}}, // "a single class" from an int overflow before
            {{v(0, 1), 0.0}, {v(1, 0), 1e6}}, // a 1,000,001-class network before
            {{v(0, 1), 0.0}, {v(1, 0), -1.0}},
            {{v(0, 1), 0.0}, {v(1, 0), Double.NaN}},
            {{v(0, 1), 0.0}, {null, 1.0}},
            {{v(0, 1), 0.0}, {v(1, 0), null}},
            {{v(0, 1), 0.0}, {v(1, 0, 2), 1.0}},
            {{v(0, 1), 0.0}, {v(1, 0), 0.0}},
            {}
        };
        String[] says = {
            "not class indices",
            "classes for 2 rows",
            "classes for 2 rows",
            "not class indices",
            "not class indices",
            "featuresCol 'features' is null in 1",
            "labelCol 'label' is null in 1",
            "2 to 3 values",
            "single class",
            "empty"
        };
        for (int i = 0; i < bad.length; i++) {
            Dataset<Row> d = frame(bad[i]);
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> new NnjClassifier().setEpochs(1).fit(d),
                    says[i]);
            assertTrue(e.getMessage().contains(says[i]), i + ": " + e.getMessage());
        }
    }
}
