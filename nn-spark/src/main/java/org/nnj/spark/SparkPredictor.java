package org.nnj.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.data.Normalizer;
import org.nnj.io.ModelFile;
import org.nnj.io.ModelFormatException;
import org.nnj.io.SavedModel;
import org.nnj.models.Network;

/**
 * Predictions over an RDD of feature rows: the model (network and normalizer) is broadcast once,
 * rebuilt once per partition, and applied to the partition's rows {@value #BATCH} at a time; the output
 * keeps the input's order and partitioning. Predictions are those of {@code SavedModel.predict}
 * (probabilities for a softmax cross-entropy network).
 */
public final class SparkPredictor {
    /** Rows per predict call on an executor. */
    static final int BATCH = 1024;

    private SparkPredictor() {}

    /** {@link #predict(JavaSparkContext, Network, Normalizer, JavaRDD)} without a normalizer. */
    public static JavaRDD<double[]> predict(JavaSparkContext sc, Network network, JavaRDD<double[]> rows) {
        return predict(sc, network, null, rows);
    }

    /** The predictions of {@code network} (after {@code normalizer}, or null) for every row. */
    public static JavaRDD<double[]> predict(
            JavaSparkContext sc, Network network, Normalizer normalizer, JavaRDD<double[]> rows) {
        if (sc == null || network == null || rows == null) {
            throw new IllegalArgumentException("sc, network and rows must not be null");
        }
        Broadcast<byte[]> model = sc.broadcast(ModelFile.toBytes(network, normalizer, null));
        int width = network.inputSize();
        return rows.mapPartitions(it -> predictPartition(it, model, width));
    }

    private static Iterator<double[]> predictPartition(Iterator<double[]> it, Broadcast<byte[]> model, int width)
            throws ModelFormatException {
        if (!it.hasNext()) {
            return java.util.Collections.emptyIterator();
        }
        SavedModel saved = ModelFile.fromBytes(model.value(), "the broadcast model");
        List<double[]> out = new ArrayList<>();
        List<double[]> batch = new ArrayList<>(BATCH);
        while (it.hasNext()) {
            double[] row = it.next();
            if (row == null || row.length != width) {
                throw new IllegalArgumentException(
                        "a row has " + (row == null ? "no" : row.length) + " values but the network takes " + width);
            }
            batch.add(row);
            if (batch.size() == BATCH || !it.hasNext()) {
                INDArray x = Nd4j.createFromArray(batch.toArray(new double[0][]))
                        .castTo(saved.network().dataType());
                double[][] p = saved.predict(x).toDoubleMatrix();
                java.util.Collections.addAll(out, p);
                batch.clear();
            }
        }
        return out.iterator();
    }
}
