package org.nnj.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.data.Dataset;
import org.nnj.data.OneHot;
import org.nnj.metrics.Evaluation;
import org.nnj.models.Network;

/** Small helpers the demos share. */
final class Demos {
    private Demos() {}

    static double accuracy(Network net, Dataset data) {
        return Evaluation.evaluate(net, data).accuracy();
    }

    /** A classifier over two raw features: applies {@code transform} (e.g. a normalizer) first. */
    static Plots.Classifier2D classifier(Network net, java.util.function.UnaryOperator<INDArray> transform) {
        return (xs, ys) -> {
            double[][] pts = new double[xs.length][2];
            for (int i = 0; i < xs.length; i++) {
                pts[i][0] = xs[i];
                pts[i][1] = ys[i];
            }
            INDArray x = transform.apply(Nd4j.createFromArray(pts).castTo(net.dataType()));
            return OneHot.classes(net.predict(x));
        };
    }

    static double[] column(INDArray x, int c) {
        double[] out = new double[(int) x.size(0)];
        for (int i = 0; i < out.length; i++) {
            out[i] = x.getDouble(i, c);
        }
        return out;
    }

    /** The standard fields of metrics.json, followed by the demo's own. */
    static Map<String, Object> metrics(
            double testAccuracy, double trainAccuracy, int epochs, long startedNanos, Map<String, Object> config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test_accuracy", testAccuracy);
        m.put("train_accuracy", trainAccuracy);
        m.put("epochs", epochs);
        m.put("seconds", (System.nanoTime() - startedNanos) / 1e9);
        m.put("config", config);
        return m;
    }
}
