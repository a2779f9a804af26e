package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.activations.Activation;
import org.nnj.kernels.ConvGeometry;
import org.nnj.kernels.Convolution;
import org.nnj.kernels.Convolution.Path;
import org.nnj.kernels.Matrix;

/**
 * Every path of {@link Convolution} ({@link Path}), with every epilogue it runs, in every type it
 * computes, against {@link ConvolutionReference}: the forward output, dJ/dW, dJ/db and dJ/dx, over 40
 * examples (a chunk of 32 and one of 8), with the columns kept by a training pass and gathered again
 * after an inference pass; the pooled output is checked from an inference pass too (it pools without
 * routes, in other loops). The float32 paths (wide rows, direct) run in float32 only; im2col in both.
 *
 * <p><b>The bound.</b> Each value is a sum of n terms (products, the bias, gradients routed or
 * masked); computed in any order in a type with unit roundoff u (2^-24 for float32, 2^-53 for
 * float64), no term goes through more than n + 1 roundings (its product, at most n - 1 additions, and
 * the epilogue's bias or the final store), so {@code |fast - exact| ≤ (n + 2)·u·S} with S the sum of the
 * terms' absolute values, computed by the reference itself from |W|, |b|, |x| and |dJ/dZ|. With P the
 * positions and N the examples: n = C·k·k + 1 for z (and the ReLU and max pooling, which are
 * 1-Lipschitz, take the bound of the values they pick from), N·P for dJ/dW and dJ/db, F·k·k for dJ/dx.
 * The inputs are float32 values, so the reference sees exactly what the path sees.
 */
class ConvolutionPathsTest {
    /** The epilogues, as the tests ask for them. */
    enum Epilogue {
        BIAS,
        RELU,
        POOL
    }

    static final int ROWS = 40;

    /** (channels, height, width, filters, kernel, stride, padding). */
    static final List<int[]> SHAPES = List.of(
            new int[] {1, 12, 12, 4, 5, 1, 1}, // conv1 of the LeNet, shrunk: planned DIRECT
            new int[] {2, 9, 11, 3, 3, 1, 0}, // 7x9: the pooling drops a row and a column
            new int[] {3, 7, 6, 5, 2, 1, 1}, // an even kernel, SAME: more padding below and right
            new int[] {4, 6, 6, 16, 3, 1, 1}, // 576 multiply-adds per position: planned WIDE_ROWS
            new int[] {2, 8, 8, 3, 1, 1, 0}, // 1x1
            new int[] {2, 7, 6, 3, 3, 2, 1}, // stride 2, SAME: IM2COL only
            new int[] {2, 9, 8, 4, 3, 2, 0}, // stride 2, VALID
            new int[] {1, 5, 5, 2, 5, 1, 0}); // a 1x1 output: nothing to pool

    static Conv2D layer(int[] s) {
        Padding padding = s[6] == 1 ? Padding.SAME : Padding.VALID;
        return new Conv2D(new ImageShape(s[0], s[1], s[2]), s[3], s[4], s[5], padding, Activation.identity());
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int[] s : SHAPES) {
            ConvGeometry g = layer(s).geometry();
            for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
                for (Path path : Path.values()) {
                    if (!Convolution.supports(path, type, g)) {
                        continue;
                    }
                    Convolution conv = new Convolution(type, g, path);
                    for (Epilogue e : Epilogue.values()) {
                        boolean runs = e == Epilogue.BIAS
                                || (e == Epilogue.RELU && conv.fusesRelu())
                                || (e == Epilogue.POOL && conv.fusesReluAndPool());
                        if (runs) {
                            out.add(Arguments.of(layer(s).name(), s, type, path, e));
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {2} {3} {4}")
    @MethodSource("cases")
    void everyPathEqualsTheReferenceWithinTheRoundingBound(
            String name, int[] shape, DataType type, Path path, Epilogue epilogue) {
        Conv2D layer = layer(shape);
        ConvGeometry g = layer.geometry();
        ConvolutionReference ref = layer.reference();
        Convolution conv = new Convolution(type, g, path);
        double u = type == DataType.FLOAT ? 0x1p-24 : 0x1p-53;
        Random r = new Random(shape[0] * 1000 + shape[1] * 100 + shape[3]);
        int patch = g.patch();
        int out = epilogue == Epilogue.POOL ? g.pooledSize() : g.outSize();
        double[] x = gaussian(r, ROWS * g.inSize(), 1);
        double[] w = gaussian(r, g.filters() * patch, 0.5);
        double[] b = gaussian(r, g.filters(), 0.3);
        double[] grad = gaussian(r, ROWS * out, 1);
        double[] z = ref.forward(w, b, x, ROWS);
        double[] zSums = ref.forward(abs(w), abs(b), abs(x), ROWS);

        for (boolean training : epilogue == Epilogue.POOL ? new boolean[] {false, true} : new boolean[] {true, false}) {
            String what = name + " " + type + " " + path + " " + epilogue + (training ? " training" : " inference");
            Matrix xm = matrix(type, ROWS, x);
            Matrix wm = matrix(type, g.filters(), w);
            Matrix bm = matrix(type, 1, b);
            Matrix ym = Matrix.allocate(type, ROWS, out);
            double[] expected = new double[ROWS * out];
            double[] bound = new double[ROWS * out];
            int[] route = new int[ROWS * out]; // POOL: the output of z each pooled value comes from
            if (epilogue == Epilogue.POOL) {
                conv.forwardPooled(xm, wm, bm, ym, training);
                pool(g, z, zSums, patch + 1, u, expected, bound, route);
            } else {
                conv.forward(xm, wm, bm, ym, training, epilogue == Epilogue.RELU);
                for (int o = 0; o < z.length; o++) {
                    expected[o] = epilogue == Epilogue.RELU ? Math.max(z[o], 0) : z[o];
                    bound[o] = (patch + 1 + 2) * u * zSums[o];
                }
            }
            double[] y = values(ym);
            assertWithin(expected, y, bound, what + " output");
            if (epilogue == Epilogue.POOL && !training) {
                continue; // an inference pass keeps no routes: its backward pass is the training one's, below
            }

            // dJ/dZ as the epilogue defines it, from the path's own output (its mask and the maxima)
            double[] dz = new double[ROWS * g.outSize()];
            for (int o = 0; o < ROWS * out; o++) {
                switch (epilogue) {
                    case BIAS -> dz[o] = grad[o];
                    case RELU -> dz[o] = y[o] > 0 ? grad[o] : 0;
                    case POOL -> dz[route[o]] += y[o] > 0 ? grad[o] : 0;
                }
            }
            double[] dw = new double[w.length];
            double[] db = new double[b.length];
            double[] dx = new double[x.length];
            ref.backward(w, x, dz, ROWS, dw, db, dx);
            double[] dwSums = new double[w.length];
            double[] dbSums = new double[b.length];
            double[] dxSums = new double[x.length];
            ref.backward(abs(w), abs(x), abs(dz), ROWS, dwSums, dbSums, dxSums);

            Matrix gm = matrix(type, ROWS, grad);
            Matrix dW = Matrix.allocate(type, g.filters(), patch);
            Matrix dB = Matrix.allocate(type, 1, g.filters());
            Matrix dX = Matrix.allocate(type, ROWS, g.inSize());
            switch (epilogue) {
                case BIAS -> conv.backward(xm, gm, wm, dW, dB, dX, null);
                case RELU -> conv.backward(xm, gm, wm, dW, dB, dX, ym);
                case POOL -> conv.backwardPooled(xm, gm, ym, wm, dW, dB, dX);
            }
            int perWeight = ROWS * g.positions();
            int perInput = g.filters() * g.kernel() * g.kernel();
            assertWithin(dw, values(dW), scaled(dwSums, (perWeight + 2) * u), what + " dJ/dW");
            assertWithin(db, values(dB), scaled(dbSums, (perWeight + 2) * u), what + " dJ/db");
            assertWithin(dx, values(dX), scaled(dxSums, (perInput + 2) * u), what + " dJ/dx");
        }
    }

    /**
     * The reference's max pooling of max(z, 0) over 2x2 windows at stride 2: the value, its bound (the
     * largest of its window's), and where its window's first maximum of z is.
     */
    private static void pool(
            ConvGeometry g, double[] z, double[] sums, int terms, double u, double[] p, double[] bound, int[] route) {
        int ph = g.pooledHeight();
        int pw = g.pooledWidth();
        for (int n = 0, q = 0; n < ROWS; n++) {
            for (int f = 0; f < g.filters(); f++) {
                for (int qy = 0; qy < ph; qy++) {
                    for (int qx = 0; qx < pw; qx++, q++) {
                        int best = -1;
                        for (int v = 0; v < 4; v++) {
                            int o = ((n * g.filters() + f) * g.outHeight() + 2 * qy + v / 2) * g.outWidth()
                                    + 2 * qx
                                    + v % 2;
                            if (best < 0 || z[o] > z[best]) {
                                best = o;
                            }
                            bound[q] = Math.max(bound[q], (terms + 2) * u * sums[o]);
                        }
                        p[q] = Math.max(z[best], 0);
                        route[q] = best;
                    }
                }
            }
        }
    }

    /**
     * The reference's three gradients are the adjoints of its forward pass: for z linear in W, b and x
     * separately, {@code <G, z(W, 0, x)> = <dJ/dW, W> = <dJ/dx, x>} and {@code <G, z(0, b, x)> = <dJ/db,
     * b>}; and its forward pass is {@link ConvolutionTest#reference}, the test's own loop-by-loop one.
     */
    @Test
    void theReferenceGradientsAreTheAdjointsOfItsForwardPass() {
        for (int[] s : SHAPES) {
            Conv2D layer = layer(s);
            ConvGeometry g = layer.geometry();
            ConvolutionReference ref = layer.reference();
            Random r = new Random(s[3]);
            int rows = 3;
            double[] x = gaussian(r, rows * g.inSize(), 1);
            double[] w = gaussian(r, g.filters() * g.patch(), 1);
            double[] b = gaussian(r, g.filters(), 1);
            double[] grad = gaussian(r, rows * g.outSize(), 1);
            double[] dw = new double[w.length];
            double[] db = new double[b.length];
            double[] dx = new double[x.length];
            ref.backward(w, x, grad, rows, dw, db, dx);
            double linear = dot(grad, ref.forward(w, new double[b.length], x, rows));
            assertEquals(linear, dot(dw, w), 1e-10 * (1 + Math.abs(linear)), layer.name() + " dJ/dW");
            assertEquals(linear, dot(dx, x), 1e-10 * (1 + Math.abs(linear)), layer.name() + " dJ/dx");
            double bias = dot(grad, ref.forward(new double[w.length], b, x, rows));
            assertEquals(bias, dot(db, b), 1e-10 * (1 + Math.abs(bias)), layer.name() + " dJ/db");

            layer.build(DataType.DOUBLE, new Random(1));
            layer.weight()
                    .assign(org.nd4j.linalg.factory.Nd4j.createFromArray(w).reshape(g.filters(), g.patch()));
            layer.bias().assign(org.nd4j.linalg.factory.Nd4j.createFromArray(b).reshape(1, g.filters()));
            double[] z = ref.forward(w, b, x, rows);
            for (int n = 0; n < rows; n++) {
                double[] one = java.util.Arrays.copyOfRange(x, n * g.inSize(), (n + 1) * g.inSize());
                double[] expected = ConvolutionTest.reference(layer, one, s[4], s[5], layer.padding());
                double[] actual = java.util.Arrays.copyOfRange(z, n * g.outSize(), (n + 1) * g.outSize());
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, 1e-12, layer.name());
            }
        }
    }

    /** The planner: float32 at stride 1 takes the wide rows (direct up to 512 multiply-adds), else im2col. */
    @Test
    void thePlannerPicksThePathFromTypeAndGeometry() {
        assertEquals(
                Path.DIRECT,
                Convolution.plan(DataType.FLOAT, layer(SHAPES.get(0)).geometry()));
        assertEquals(
                Path.WIDE_ROWS,
                Convolution.plan(DataType.FLOAT, layer(SHAPES.get(3)).geometry()));
        assertEquals(
                Path.IM2COL,
                Convolution.plan(DataType.FLOAT, layer(SHAPES.get(5)).geometry()));
        assertEquals(
                Path.IM2COL,
                Convolution.plan(DataType.DOUBLE, layer(SHAPES.get(0)).geometry()));
        assertTrue(!Convolution.supports(
                Path.WIDE_ROWS, DataType.DOUBLE, layer(SHAPES.get(0)).geometry()));
    }

    private static void assertWithin(double[] expected, double[] actual, double[] bound, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= bound[i])) {
                fail(what + ", entry " + i + ": " + actual[i] + " instead of " + expected[i] + " (bound " + bound[i]
                        + ")");
            }
        }
    }

    /** n values N(0, scale²), rounded to float32 so that both types see the same inputs. */
    private static double[] gaussian(Random r, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (scale * r.nextGaussian());
        }
        return v;
    }

    private static Matrix matrix(DataType type, int rows, double[] values) {
        Matrix m = Matrix.allocate(type, rows, values.length / rows);
        for (int i = 0; i < values.length; i++) {
            m.set(i, values[i]);
        }
        return m;
    }

    private static double[] values(Matrix m) {
        double[] v = new double[m.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = m.get(i);
        }
        return v;
    }

    private static double[] abs(double[] v) {
        double[] a = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            a[i] = Math.abs(v[i]);
        }
        return a;
    }

    private static double[] scaled(double[] v, double factor) {
        double[] s = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = factor * v[i];
        }
        return s;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
