package org.nnj.kernels;

/**
 * The batch loops of the ELU family and the smooth squashing activations: forward {@code a = f(z)}
 * (a may be z) and backward {@code g ← g ⊙ f'(z)} written from the output a, as the network's
 * backward pass provides it. The equations are in the activation classes ({@code activations.ELU},
 * {@code SELU}, {@code Softplus}, {@code Softsign}, {@code HardSigmoid}); {@code ActivationKernelsTest}
 * holds these loops to their scalar references. Float32 runs on heap copies, in float arithmetic
 * except for the exponentials and logarithms (Math.exp, Math.log1p in double).
 */
public final class SmoothActivations {
    private SmoothActivations() {}

    /** The one-value rules, in double: forward f(z) and the derivative read from the output a. */
    enum Rule {
        ELU {
            double forward(double z, double p) {
                return z > 0 ? z : p * Math.expm1(z); // a = z, or α (e^z - 1)
            }

            double slope(double a, double p) {
                return a > 0 ? 1 : a + p; // f' = 1, or α e^z = a + α
            }
        },
        SELU {
            double forward(double z, double p) {
                return SELU_SCALE * (z > 0 ? z : SELU_ALPHA * Math.expm1(z)); // λ z, or λ α (e^z - 1)
            }

            double slope(double a, double p) {
                return a > 0 ? SELU_SCALE : a + SELU_SCALE * SELU_ALPHA; // λ, or λ α e^z = a + λ α
            }
        },
        SOFTPLUS {
            double forward(double z, double p) {
                return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))); // log(1 + e^z), stable
            }

            double slope(double a, double p) {
                return -Math.expm1(-a); // σ(z) = 1 - e^{-a}
            }
        },
        SOFTSIGN {
            double forward(double z, double p) {
                return z / (1 + Math.abs(z));
            }

            double slope(double a, double p) {
                double q = 1 - Math.abs(a); // 1 / (1 + |z|)² = (1 - |a|)²
                return q * q;
            }
        },
        HARD_SIGMOID {
            double forward(double z, double p) {
                return Math.min(1, Math.max(0, z / 6 + 0.5)); // relu6(z + 3) / 6
            }

            double slope(double a, double p) {
                return a > 0 && a < 1 ? 1.0 / 6 : 0;
            }
        };

        abstract double forward(double z, double p);

        abstract double slope(double a, double p);
    }

    /** SELU's fixed λ and α (Klambauer et al. 2017), as Keras, PyTorch and ONNX use them. */
    public static final double SELU_SCALE = 1.0507009873554804934193349852946;

    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;

    public static void elu(Matrix z, Matrix a, double alpha) {
        forward(Rule.ELU, z, a, alpha);
    }

    public static void eluBackward(Matrix a, Matrix g, double alpha) {
        backward(Rule.ELU, a, g, alpha);
    }

    public static void selu(Matrix z, Matrix a) {
        forward(Rule.SELU, z, a, 0);
    }

    public static void seluBackward(Matrix a, Matrix g) {
        backward(Rule.SELU, a, g, 0);
    }

    public static void softplus(Matrix z, Matrix a) {
        forward(Rule.SOFTPLUS, z, a, 0);
    }

    public static void softplusBackward(Matrix a, Matrix g) {
        backward(Rule.SOFTPLUS, a, g, 0);
    }

    public static void softsign(Matrix z, Matrix a) {
        forward(Rule.SOFTSIGN, z, a, 0);
    }

    public static void softsignBackward(Matrix a, Matrix g) {
        backward(Rule.SOFTSIGN, a, g, 0);
    }

    public static void hardSigmoid(Matrix z, Matrix a) {
        forward(Rule.HARD_SIGMOID, z, a, 0);
    }

    public static void hardSigmoidBackward(Matrix a, Matrix g) {
        backward(Rule.HARD_SIGMOID, a, g, 0);
    }

    private static void forward(Rule rule, Matrix z, Matrix a, double p) {
        int n = z.size();
        if (z.isDouble() || n < Elementwise.SCRATCH_THRESHOLD) {
            for (int i = 0; i < n; i++) {
                a.set(i, rule.forward(z.get(i), p));
            }
            return;
        }
        float[] v = z.scratch(0);
        for (int i = 0; i < n; i++) {
            v[i] = (float) rule.forward(v[i], p);
        }
        a.store(v);
    }

    private static void backward(Rule rule, Matrix a, Matrix g, double p) {
        int n = a.size();
        if (a.isDouble() || n < Elementwise.SCRATCH_THRESHOLD) {
            for (int i = 0; i < n; i++) {
                g.set(i, g.get(i) * rule.slope(a.get(i), p));
            }
            return;
        }
        float[] av = a.scratch(0);
        float[] gv = g.scratch(1);
        for (int i = 0; i < n; i++) {
            gv[i] *= (float) rule.slope(av[i], p);
        }
        g.store(gv);
    }
}
