package org.nnj.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nnj.data.Dataset;

/**
 * One training example as it lives in an RDD: its features and its target (one-hot for
 * classification) as plain {@code double[]}, so Spark serializes it without knowing ND4J.
 *
 * @param features the inputs (the network's input size)
 * @param label    the target row (the network's output size)
 */
public record Example(double[] features, double[] label) implements Serializable {
    public Example {
        if (features == null || label == null || features.length == 0 || label.length == 0) {
            throw new IllegalArgumentException("an example needs non-empty features and label");
        }
    }

    /** The rows of a dataset as examples, in order. */
    public static List<Example> of(Dataset data) {
        double[][] x = data.features().toDoubleMatrix();
        double[][] y = data.labels().toDoubleMatrix();
        List<Example> out = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++) {
            out.add(new Example(x[i], y[i]));
        }
        return out;
    }

    /** The rows of a dataset as an RDD of {@code partitions} partitions, in order. */
    public static JavaRDD<Example> parallelize(JavaSparkContext sc, Dataset data, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        return sc.parallelize(of(data), partitions);
    }
}
