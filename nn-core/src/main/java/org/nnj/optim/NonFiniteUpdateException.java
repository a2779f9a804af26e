package org.nnj.optim;

/**
 * Thrown by {@link Optimizer#step} when a gradient, or the update it would make, is NaN or infinite.
 * The step is then not applied: every parameter keeps the value it had before the call.
 */
public final class NonFiniteUpdateException extends ArithmeticException {
    private final String parameter;

    NonFiniteUpdateException(String parameter, boolean gradient) {
        super(
                gradient
                        ? "the gradient of " + parameter + " is not finite"
                        : "the update made " + parameter + " overflow");
        this.parameter = parameter;
    }

    /** The name of the first parameter found whose gradient or update is not finite. */
    public String parameter() {
        return parameter;
    }
}
