package org.nnj.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.TestData;

/** The float32 exp and tanh against Math.exp and Math.tanh, and the float32 activations built on them. */
class FastMathTest {
    static final int N = 1_000_001;

    @Test
    void expIsWithinOneTenthOfAMillionthRelative() {
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = -87.3f + (88f + 87.3f) * i / (N - 1);
        }
        float[] out = new float[N];
        FastMath.exp(x, out, new float[N], new int[N], N);
        for (int i = 0; i < N; i++) {
            double e = Math.exp(x[i]);
            assertTrue(Math.abs(out[i] - e) <= 1e-7 * e, "exp(" + x[i] + ") = " + out[i] + ", not " + e);
        }
    }

    @Test
    void expSaturatesToFiniteValuesAndKeepsNaN() {
        float[] x = {-1e30f, -200f, 0f, 200f, 1e30f, Float.NaN};
        float[] out = new float[x.length];
        FastMath.exp(x, out, new float[x.length], new int[x.length], x.length);
        assertTrue(out[0] > 0 && out[0] < 2e-38f && out[1] == out[0]);
        assertEquals(1f, out[2]);
        assertTrue(Float.isFinite(out[3]) && out[3] > 1e38f && out[4] == out[3]);
        assertTrue(Float.isNaN(out[5]));
    }

    @Test
    void tanhIsWithinFourTenthsOfAMillionth() {
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = -12f + 24f * i / (N - 1);
        }
        float[] out = new float[N];
        FastMath.tanh(x, out, N);
        for (int i = 0; i < N; i++) {
            double t = Math.tanh(x[i]);
            assertTrue(Math.abs(out[i] - t) <= 4e-7 * Math.max(Math.abs(t), 1e-30), "tanh(" + x[i] + ") = " + out[i]);
        }
        float[] tiny = {1e-30f, -3e-8f};
        FastMath.tanh(tiny, tiny, 2);
        assertEquals(1e-30f, tiny[0], 1e-36f);
        assertEquals(-3e-8f, tiny[1], 1e-14f);
    }

    @Test
    void float32ActivationsMatchFloat64() {
        Matrix zf = Matrix.of(TestData.gaussian(DataType.FLOAT, 64, 50, 4, 1), "z");
        Matrix zd = Matrix.of(zf.array().castTo(DataType.DOUBLE), "z");
        for (String f : new String[] {"sigmoid", "tanh", "softmax"}) {
            Matrix af = Matrix.allocate(DataType.FLOAT, 64, 50);
            Matrix ad = Matrix.allocate(DataType.DOUBLE, 64, 50);
            switch (f) {
                case "sigmoid" -> {
                    Elementwise.sigmoid(zf, af);
                    Elementwise.sigmoid(zd, ad);
                }
                case "tanh" -> {
                    Elementwise.tanh(zf, af);
                    Elementwise.tanh(zd, ad);
                }
                default -> {
                    Rows.softmax(zf, af);
                    Rows.softmax(zd, ad);
                }
            }
            for (int i = 0; i < af.size(); i++) {
                assertEquals(ad.get(i), af.get(i), 5e-7 * Math.max(1e-3, Math.abs(ad.get(i))), f + " element " + i);
            }
        }
    }

    @Test
    void float32SoftmaxCrossEntropyMatchesFloat64() {
        Matrix zf = Matrix.of(TestData.gaussian(DataType.FLOAT, 40, 10, 5, 2), "z");
        Matrix yf = Matrix.of(TestData.oneHot(DataType.FLOAT, 40, 10, 3), "y");
        Matrix zd = Matrix.of(zf.array().castTo(DataType.DOUBLE), "z");
        Matrix yd = Matrix.of(yf.array().castTo(DataType.DOUBLE), "y");
        Matrix gf = Matrix.allocate(DataType.FLOAT, 40, 10);
        Matrix gd = Matrix.allocate(DataType.DOUBLE, 40, 10);
        double vf = LossKernels.softmaxCrossEntropy(zf, yf, gf);
        double vd = LossKernels.softmaxCrossEntropy(zd, yd, gd);
        assertEquals(vd, vf, 1e-6 * Math.abs(vd));
        for (int i = 0; i < gf.size(); i++) {
            assertEquals(gd.get(i), gf.get(i), 1e-8, "gradient element " + i);
        }
        assertEquals(vd, LossKernels.softmaxCrossEntropy(zf, yf, null), 1e-6 * Math.abs(vd), "value alone");
    }
}
