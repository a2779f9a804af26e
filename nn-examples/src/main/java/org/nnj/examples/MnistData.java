package org.nnj.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nnj.data.Dataset;
import org.nnj.data.Idx;

/**
 * MNIST in the standard IDX files: train-images-idx3-ubyte, train-labels-idx1-ubyte,
 * t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each gzipped (.gz) or not. Without a folder, the
 * bundled 7000/1000 subset is used. Pixels are scaled to [0, 1]; labels are one-hot over 0-9.
 */
public final class MnistData {
    static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /**
     * @param train the training set
     * @param test  the test set
     * @param side  pixels per row (28)
     */
    /** The training and test digits, and the side of the square images. */
    public record Split(Dataset train, Dataset test, int side) {}

    private MnistData() {}

    public static Split load(Path dir) throws IOException {
        return new Split(read(dir, "train"), read(dir, "t10k"), 28);
    }

    private static Dataset read(Path dir, String prefix) throws IOException {
        String images = prefix + "-images-idx3-ubyte";
        String labels = prefix + "-labels-idx1-ubyte";
        Idx.Images img;
        int[] lab;
        // a missing file is named as missing (open's message); only a read that fails is a damaged file
        InputStream imageStream = open(dir, images);
        try (InputStream in = imageStream) {
            img = Idx.readImages(in, source(dir, images));
        } catch (IOException e) {
            throw new IOException(
                    source(dir, images) + ": " + e.getMessage() + " (is the file truncated or corrupted?)", e);
        }
        InputStream labelStream = open(dir, labels);
        try (InputStream in = labelStream) {
            lab = Idx.readLabels(in, source(dir, labels));
        } catch (IOException e) {
            throw new IOException(
                    source(dir, labels) + ": " + e.getMessage() + " (is the file truncated or corrupted?)", e);
        }
        if (img.count() == 0) {
            throw new IllegalArgumentException(source(dir, images) + " holds no images");
        }
        if (img.rows() != 28 || img.cols() != 28) {
            throw new IllegalArgumentException(source(dir, images) + " holds " + img.rows() + " x " + img.cols()
                    + " images; the demo expects 28 x 28 MNIST digits");
        }
        if (img.count() != lab.length) {
            throw new IllegalArgumentException(source(dir, images) + " holds " + img.count() + " images but "
                    + source(dir, labels) + " holds " + lab.length + " labels");
        }
        for (int i = 0; i < lab.length; i++) {
            if (lab[i] > 9) {
                throw new IllegalArgumentException(
                        source(dir, labels) + ": label " + i + " is " + lab[i] + ", not a digit");
            }
        }
        int pixels = img.rows() * img.cols();
        double[][] x = new double[img.count()][pixels];
        for (int i = 0; i < img.count(); i++) {
            for (int p = 0; p < pixels; p++) {
                x[i][p] = img.pixel(i, p);
            }
        }
        return Dataset.classification(x, lab, DIGITS);
    }

    private static InputStream open(Path dir, String name) throws IOException {
        if (dir == null) {
            return Resources.open("mnist/" + name + ".gz");
        }
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return Files.newInputStream(p);
            }
        }
        throw new IOException("--data-dir " + dir + " has no MNIST file " + name + " (neither " + dir.resolve(name)
                + " nor " + dir.resolve(name + ".gz") + " exists)");
    }

    private static String source(Path dir, String name) {
        return dir == null ? "bundled " + name + ".gz" : dir.resolve(name).toString();
    }

    /** Rows of x as images for plotting. */
    static List<float[]> images(Dataset d, int[] rows) {
        List<float[]> out = new ArrayList<>();
        for (int r : rows) {
            out.add(d.features().getRow(r).toFloatVector());
        }
        return out;
    }
}
