package org.nnj.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.nnj.Seeds;

/**
 * A train/test split.
 *
 * @param train the examples to fit on
 * @param test  the held-out examples
 */
public record Split(Dataset train, Dataset test) {

    /**
     * Stratified split: within each class, a seeded shuffle puts {@code round(testFraction * count)}
     * examples into test (at least one for any class with two or more examples), so both parts keep
     * the class proportions. Labels must be one-hot rows or a single 0/1 column.
     */
    public static Split stratified(Dataset data, double testFraction, long seed) {
        Indices rows = stratified(data.classIndices(), testFraction, seed);
        return make(data, rows);
    }

    /**
     * The same stratified split of row indices, for data that is not a {@link Dataset} yet (the rows of
     * a CSV file): {@code classes[i]} is row i's class.
     */
    public static Indices stratified(int[] classes, double testFraction, long seed) {
        checkFraction(testFraction);
        int k = 0;
        for (int c : classes) {
            k = Math.max(k, c + 1);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < classes.length; i++) {
            byClass.get(classes[i]).add(i);
        }
        long present = byClass.stream().filter(m -> !m.isEmpty()).count();
        if (present < 2) {
            throw new IllegalArgumentException("data holds a single class; a stratified split needs at least two "
                    + "(for regression targets use Split.random)");
        }
        Random rng = Seeds.random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (List<Integer> members : byClass) {
            Collections.shuffle(members, rng);
            int nTest = (int) Math.round(testFraction * members.size());
            if (nTest == 0 && members.size() >= 2) {
                nTest = 1;
            }
            if (nTest == members.size() && nTest > 0) {
                nTest--;
            }
            test.addAll(members.subList(0, nTest));
            train.addAll(members.subList(nTest, members.size()));
        }
        Collections.shuffle(train, rng);
        Collections.shuffle(test, rng);
        return indices(classes.length, train, test);
    }

    /**
     * Stratified k-fold cross-validation over row indices: within each class a seeded shuffle deals the
     * rows round-robin into k folds, so each fold keeps the class proportions; fold i is the test set
     * of split i and the other folds its training set. Needs {@code 2 <= k <= n}, n the number of rows.
     *
     * @param classes the class of each row
     */
    public static java.util.List<Indices> stratifiedFolds(int[] classes, int k, long seed) {
        if (classes == null || k < 2 || k > classes.length) {
            throw new IllegalArgumentException(
                    "k must be in [2, " + (classes == null ? 0 : classes.length) + "] (the number of rows), got " + k);
        }
        int numClasses = 0;
        for (int c : classes) {
            if (c < 0) {
                throw new IllegalArgumentException("classes holds " + c + "; class indices are >= 0");
            }
            numClasses = Math.max(numClasses, c + 1);
        }
        List<List<Integer>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            folds.add(new ArrayList<>());
        }
        Random rng = Seeds.random(seed);
        int next = 0;
        for (int c = 0; c < numClasses; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < classes.length; i++) {
                if (classes[i] == c) {
                    members.add(i);
                }
            }
            Collections.shuffle(members, rng);
            for (int m : members) { // continue the deal where the previous class stopped: folds stay even
                folds.get(next).add(m);
                next = (next + 1) % k;
            }
        }
        List<Indices> out = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            List<Integer> train = new ArrayList<>();
            for (int g = 0; g < k; g++) {
                if (g != f) {
                    train.addAll(folds.get(g));
                }
            }
            out.add(indices(classes.length, train, folds.get(f)));
        }
        return out;
    }

    /** {@link #stratifiedFolds(int[], int, long)} of a classification dataset, as k splits. */
    public static java.util.List<Split> stratifiedFolds(Dataset data, int k, long seed) {
        List<Split> out = new ArrayList<>();
        for (Indices fold : stratifiedFolds(data.classIndices(), k, seed)) {
            out.add(make(data, fold));
        }
        return out;
    }

    /**
     * The row indices of a split.
     *
     * @param train the rows for training, in a seeded random order
     * @param test  the rows for testing
     */
    public record Indices(int[] train, int[] test) {}

    /** Random split: a seeded shuffle, then the first {@code round(testFraction * n)} rows go to test. */
    public static Split random(Dataset data, double testFraction, long seed) {
        return make(data, random(data.size(), testFraction, seed));
    }

    /**
     * {@link #random(Dataset, double, long)} over row indices 0..n-1 (for regression, where there are
     * no classes to stratify by); both sides need at least one row.
     */
    public static Indices random(int n, double testFraction, long seed) {
        checkFraction(testFraction);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        Collections.shuffle(all, Seeds.random(seed));
        int nTest = (int) Math.round(testFraction * all.size());
        return indices(all.size(), all.subList(nTest, all.size()), all.subList(0, nTest));
    }

    private static Indices indices(int n, List<Integer> train, List<Integer> test) {
        if (train.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException("a split of " + n + " examples leaves " + train.size()
                    + " for training and " + test.size() + " for testing; both need at least one");
        }
        return new Indices(toArray(train), toArray(test));
    }

    private static Split make(Dataset data, Indices rows) {
        return new Split(data.rows(rows.train()), data.rows(rows.test()));
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void checkFraction(double f) {
        if (!(f > 0 && f < 1)) {
            throw new IllegalArgumentException("testFraction must be in (0, 1), got " + f);
        }
    }
}
