package org.nnj.metrics;

import java.util.Arrays;
import java.util.Comparator;
import org.nnj.Require;

/**
 * Threshold-free metrics of a binary classifier's scores (the probability of the positive class):
 * the area under the ROC curve (true-positive rate against false-positive rate as the threshold
 * sweeps down the scores; ties between scores contribute half, so it equals the probability that a
 * random positive scores above a random negative) and the area under the precision-recall curve as
 * average precision, {@code AP = Σ_k (R_k - R_{k-1}) P_k} over the distinct thresholds (scikit-learn's
 * {@code average_precision_score}).
 */
public final class BinaryMetrics {
    private BinaryMetrics() {}

    /** ROC AUC of {@code scores} for labels 0/1 (both classes must occur). */
    public static double rocAuc(double[] scores, int[] labels) {
        Integer[] order = sortedByScore(scores, labels);
        long positives = Arrays.stream(labels).filter(l -> l == 1).count();
        long negatives = labels.length - positives;
        double area = 0; // Σ over positives of (negatives scored below) + half of (negatives tied)
        int i = 0;
        long negativesSeen = 0; // scored strictly higher, walking down
        while (i < order.length) {
            int j = i;
            long pos = 0;
            long neg = 0;
            while (j < order.length && scores[order[j]] == scores[order[i]]) {
                if (labels[order[j]] == 1) {
                    pos++;
                } else {
                    neg++;
                }
                j++;
            }
            // positives in this tie group beat the negatives below them and tie with the group's negatives
            area += pos * (negatives - negativesSeen - neg) + 0.5 * pos * neg;
            negativesSeen += neg;
            i = j;
        }
        return area / (positives * (double) negatives);
    }

    /** Average precision (the area under the precision-recall curve) of {@code scores} for labels 0/1. */
    public static double averagePrecision(double[] scores, int[] labels) {
        Integer[] order = sortedByScore(scores, labels);
        long positives = Arrays.stream(labels).filter(l -> l == 1).count();
        double ap = 0;
        long tp = 0;
        long seen = 0;
        double lastRecall = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j < order.length && scores[order[j]] == scores[order[i]]) {
                tp += labels[order[j]];
                seen++;
                j++;
            }
            double recall = (double) tp / positives;
            ap += (recall - lastRecall) * ((double) tp / seen);
            lastRecall = recall;
            i = j;
        }
        return ap;
    }

    /** Indices by decreasing score, after checking the arguments. */
    private static Integer[] sortedByScore(double[] scores, int[] labels) {
        Require.notNull(scores, "scores");
        Require.notNull(labels, "labels");
        if (scores.length != labels.length || scores.length == 0) {
            throw new IllegalArgumentException(
                    "scores and labels need the same, non-zero length, got " + scores.length + " and " + labels.length);
        }
        boolean pos = false;
        boolean neg = false;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("labels[" + i + "] is " + labels[i] + "; binary labels are 0 or 1");
            }
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("scores[" + i + "] is " + scores[i]);
            }
            pos |= labels[i] == 1;
            neg |= labels[i] == 0;
        }
        if (!pos || !neg) {
            throw new IllegalArgumentException("labels hold a single class; ROC and PR curves need both");
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        return order;
    }
}
